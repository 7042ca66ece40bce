import { Fragment, useEffect, useRef, useState } from 'react';

const CITE = /\[(\d{1,3})\]/g;

/** The answer's text with each [n] as a button that shows source n. */
function Cited({ text, onCite }) {
  const parts = [];
  let last = 0;
  let m;
  CITE.lastIndex = 0;
  while ((m = CITE.exec(text)) !== null) {
    parts.push(text.slice(last, m.index));
    const n = Number(m[1]);
    parts.push(
      <button key={m.index} type="button" className="mc-cite" onClick={() => onCite(n)} aria-label={`Source ${n}`}
        data-testid="citation">[{n}]</button>,
    );
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return parts.map((p, i) => (typeof p === 'string' ? <Fragment key={'t' + i}>{p}</Fragment> : p));
}

function sourceNumber(source, index) {
  const m = /^\s*\[(\d+)\]/.exec(String(source));
  return m ? Number(m[1]) : index + 1;
}

function Answer({ message }) {
  const [open, setOpen] = useState(null); // the source number shown, or 'all'
  const list = useRef(null);
  const sources = message.sources || [];
  const cite = (n) => {
    setOpen(n);
    setTimeout(() => {
      const el = list.current && list.current.querySelector(`[data-n="${n}"]`);
      if (el) el.focus();
    }, 0);
  };
  const meta = message.meta;
  return (
    <div className="mc-msg" data-testid="assistant-message">
      <Cited text={message.content || ''} onCite={cite} />
      {sources.length > 0 && (
        <div className="mc-sources">
          <button type="button" className="mc-cite" aria-expanded={open !== null}
            onClick={() => setOpen(open === null ? 'all' : null)}>
            {open === null ? `Sources (${sources.length})` : 'Hide sources'}
          </button>
          {open !== null && (
            <ol ref={list} aria-label="Sources" data-testid="sources">
              {sources.map((s, i) => {
                const n = sourceNumber(s, i);
                return (
                  <li key={i} data-n={n} tabIndex={-1} data-active={open === n}>
                    {/^\s*\[\d+\]/.test(s) ? s : `[${n}] ${s}`}
                  </li>
                );
              })}
            </ol>
          )}
        </div>
      )}
      {sources.length === 0 && open !== null && (
        <div className="mc-sources mc-muted" role="status">This answer has no sources.</div>
      )}
      {meta && (
        <div className="mc-msg__meta">
          {[meta.agent, meta.model,
            meta.usage ? `${meta.usage.input_tokens} in / ${meta.usage.output_tokens} out tokens` : null,
            meta.timings ? `${meta.timings.latency_ms} ms` : null,
            meta.timings && meta.timings.first_token_ms != null ? `first token ${meta.timings.first_token_ms} ms` : null]
            .filter(Boolean).join(' · ')}
        </div>
      )}
    </div>
  );
}

export default function Conversation({ messages, run }) {
  const end = useRef(null);
  const streaming = run.status === 'running';
  useEffect(() => {
    if (end.current && end.current.scrollIntoView) end.current.scrollIntoView({ block: 'nearest' });
  }, [messages.length, run.answer, streaming]);

  return (
    <div className="mc-conversation" role="log" aria-live="polite" aria-label="Conversation" tabIndex={0}>
      {messages.length === 0 && !streaming && (
        <p className="mc-muted">Ask a question below. Answers stream in as the agents write them; [n] marks link to sources.</p>
      )}
      {messages.map((m, i) => {
        if (m.role === 'user') return <div key={i} className="mc-msg mc-msg--user" data-testid="user-message">{m.content}</div>;
        if (m.role === 'error') return <div key={i} className="mc-msg mc-msg--error" role="alert">{m.content}</div>;
        return <Answer key={i} message={m} />;
      })}
      {streaming && (
        <div className="mc-msg" data-testid="streaming-answer" aria-busy="true">
          <span className="mc-cursor">{run.answer}</span>
        </div>
      )}
      <div ref={end} />
    </div>
  );
}
