import { useMemo, useRef, useState } from 'react';
import { Button, FileUploaderButton, InlineLoading, InlineNotification, Tag, TextArea, TextInput } from '@carbon/react';
import { Add, Send, StopFilled } from '@carbon/icons-react';
import { estimate, score } from '../lib/complexity.js';
import { getJson, uploadDocument } from '../lib/api.js';
import { approvalText } from '../lib/runState.js';

const LEVEL = { simple: 1, moderate: 2, complex: 3 };
const TAG = { simple: 'green', moderate: 'warm-gray', complex: 'red' };

export function ComplexityIndicator({ text, server }) {
  const level = estimate(text);
  const { reasons } = score(text);
  return (
    <span className="mc-complexity" data-testid="complexity" data-level={level}>
      <span className="mc-meter" data-level={LEVEL[level]} aria-hidden="true"><span /><span /><span /></span>
      <Tag size="sm" type={TAG[level]} title={reasons.join(', ') || 'no multi-step words, code or lists'}>
        {level}
      </Tag>
      <span className="mc-muted">
        estimated here{reasons.length ? ` (${reasons.join(', ')})` : ''}
        {server ? ` · server routed it as ${server}` : ''}
      </span>
    </span>
  );
}

export default function PromptBox({ busy, run, onSend, onStop, onNew, onDecide }) {
  const [text, setText] = useState('');
  const [collection, setCollection] = useState('default');
  const [upload, setUpload] = useState(null); // {state, message}
  const area = useRef(null);
  const serverComplexity = run.route && run.route.complexity;
  const submit = () => {
    const t = text.trim();
    if (!t || busy) return;
    setText('');
    onSend(t);
  };
  const onKeyDown = (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  };
  const files = useMemo(() => ['.txt', '.md', '.markdown', '.html', '.htm', '.pdf', '.csv', '.json'], []);

  const onFiles = async (e) => {
    const list = Array.from(e.target.files || []);
    for (const file of list) {
      setUpload({ state: 'active', message: `Uploading ${file.name}…` });
      try {
        const doc = await uploadDocument(file, collection);
        setUpload({ state: 'active', message: `${file.name}: ${doc.status}` });
        let d = doc;
        for (let i = 0; i < 60 && (d.status === 'accepted' || d.status === 'ingesting'); i++) {
          await new Promise((r) => setTimeout(r, 1000));
          d = await getJson('/api/documents/' + doc.id);
          setUpload({ state: 'active', message: `${file.name}: ${d.status}` });
        }
        setUpload({ state: d.status === 'failed' ? 'error' : 'finished', message: `${file.name}: ${d.status}${d.detail ? ' — ' + d.detail : ''}` });
      } catch (err) {
        setUpload({ state: 'error', message: `${file.name}: ${err.message}` });
      }
    }
  };

  return (
    <div className="mc-prompt" style={{ marginTop: '1rem' }}>
      {run.status === 'interrupted' && (
        <InlineNotification kind="warning" lowContrast hideCloseButton title="Waiting for approval"
          subtitle={approvalText(run.interrupt)} data-testid="approval">
        </InlineNotification>
      )}
      {run.status === 'interrupted' && (
        <div className="mc-row" style={{ marginBottom: '1rem' }}>
          <Button size="sm" kind="primary" onClick={() => onDecide('approve')}>Approve</Button>
          <Button size="sm" kind="danger--tertiary" onClick={() => onDecide('reject')}>Reject</Button>
        </div>
      )}
      <form onSubmit={(e) => { e.preventDefault(); submit(); }} aria-label="Prompt">
        <TextArea
          id="prompt"
          ref={area}
          labelText="Prompt"
          helperText="Enter sends, Shift+Enter adds a line."
          placeholder="Ask Maestro… e.g. Compare pgvector's HNSW and IVFFlat indexes"
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          data-testid="prompt"
        />
        <div className="mc-row" style={{ marginTop: '0.75rem' }}>
          <ComplexityIndicator text={text} server={serverComplexity} />
          <span className="mc-spacer" />
          {busy
            ? <Button type="button" kind="secondary" size="md" renderIcon={StopFilled} onClick={onStop}>Stop</Button>
            : <Button type="submit" size="md" renderIcon={Send} disabled={!text.trim()} data-testid="send">Send</Button>}
        </div>
      </form>
      <div className="mc-row" style={{ marginTop: '1rem', alignItems: 'flex-end' }}>
        <Button kind="ghost" size="sm" renderIcon={Add} onClick={onNew}>New conversation</Button>
        <span className="mc-spacer" />
        <div style={{ width: '10rem' }}>
          <TextInput id="collection" size="sm" labelText="Collection" value={collection}
            onChange={(e) => setCollection(e.target.value)} />
        </div>
        <FileUploaderButton labelText="Upload document" buttonKind="tertiary" size="sm" multiple
          accept={files} disableLabelChanges onChange={onFiles} />
      </div>
      {upload && (
        <div style={{ marginTop: '0.5rem' }} aria-live="polite">
          <InlineLoading status={upload.state} description={upload.message} />
        </div>
      )}
    </div>
  );
}
