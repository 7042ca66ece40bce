import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import {
  Column, Content, Grid, Header, HeaderGlobalAction, HeaderGlobalBar, HeaderName, Modal, SkipToContent,
  PasswordInput, Theme,
} from '@carbon/react';
import { Password } from '@carbon/icons-react';
import PromptBox from './components/PromptBox.jsx';
import Conversation from './components/Conversation.jsx';
import RunGraph from './components/RunGraph.jsx';
import RunMonitor from './components/RunMonitor.jsx';
import MetricsPanel from './components/MetricsPanel.jsx';
import { apiKey, getHealth, getJson, postJson, postStream, setApiKey } from './lib/api.js';
import { readSse } from './lib/sse.js';
import { initialRun, reduce } from './lib/runState.js';

function runReducer(run, frame) {
  return frame.event === 'reset' ? initialRun() : reduce(run, frame);
}

export default function App() {
  const [run, dispatch] = useReducer(runReducer, undefined, () => initialRun());
  const [messages, setMessages] = useState([]); // {role, content, run?}
  const [conversationId, setConversationId] = useState(null);
  const [runs, setRuns] = useState([]);
  const [runsError, setRunsError] = useState(null);
  const [health, setHealth] = useState(null);
  const [healthError, setHealthError] = useState(null);
  const [keyOpen, setKeyOpen] = useState(false);
  const [keyDraft, setKeyDraft] = useState(apiKey());
  const abort = useRef(null);
  const busy = run.status === 'running';

  const refreshRuns = useCallback(async () => {
    try {
      const body = await getJson('/api/runs?limit=100');
      setRuns(Array.isArray(body.runs) ? body.runs : []);
      setRunsError(null);
    } catch (e) {
      setRunsError(e.message);
    }
  }, []);

  const refreshHealth = useCallback(async () => {
    try {
      setHealth(await getHealth());
      setHealthError(null);
    } catch (e) {
      setHealthError(e.message);
    }
  }, []);

  useEffect(() => {
    refreshRuns();
    refreshHealth();
    const t = setInterval(() => { refreshRuns(); refreshHealth(); }, busy ? 2000 : 5000);
    return () => clearInterval(t);
  }, [refreshRuns, refreshHealth, busy]);

  const stream = useCallback(async (path, body, question) => {
    const controller = new AbortController();
    abort.current = controller;
    dispatch({ event: 'start', data: { question, at: Date.now() } });
    let last = null;
    let current = initialRun();
    const apply = (frame) => {
      current = reduce(current, frame);
      dispatch(frame);
      if (frame.event === 'done' || frame.event === 'error') last = frame;
    };
    try {
      const response = await postStream(path, body, controller.signal);
      await readSse(response.body, apply);
      if (!last) apply({ event: 'error', data: { message: 'The stream ended without a result.' } });
    } catch (e) {
      if (e.name === 'AbortError') apply({ event: 'error', data: { message: 'Stopped.' } });
      else apply({ event: 'error', data: { message: e.message } });
    } finally {
      abort.current = null;
      setMessages((m) => [...m, last && last.event === 'done'
        ? { role: 'assistant', content: last.data.answer || current.answer, sources: last.data.sources || [], meta: last.data }
        : { role: 'error', content: (last && last.data && last.data.message) || 'The run failed.' }]);
      refreshRuns();
      refreshHealth();
    }
  }, [refreshRuns, refreshHealth]);

  const send = useCallback(async (text) => {
    let id = conversationId;
    if (!id) {
      try {
        const c = await postJson('/api/conversations', { title: text.slice(0, 60) });
        id = c.id;
        setConversationId(id);
      } catch (e) {
        setMessages((m) => [...m, { role: 'user', content: text }, { role: 'error', content: e.message }]);
        return;
      }
    }
    setMessages((m) => [...m, { role: 'user', content: text }]);
    await stream(`/api/conversations/${id}/messages`, { content: text }, text);
  }, [conversationId, stream]);

  const decide = useCallback(async (decision) => {
    if (!conversationId) return;
    setMessages((m) => [...m, { role: 'user', content: decision === 'approve' ? 'Approved.' : 'Rejected.' }]);
    await stream(`/api/conversations/${conversationId}/approval`, { decision }, decision);
  }, [conversationId, stream]);

  const newConversation = () => {
    if (abort.current) abort.current.abort();
    setConversationId(null);
    setMessages([]);
    dispatch({ event: 'reset' });
  };

  return (
    <Theme theme="g100">
      <Header aria-label="Maestro console">
        <SkipToContent />
        <HeaderName href="/" prefix="Maestro">console</HeaderName>
        <HeaderGlobalBar>
          <HeaderGlobalAction aria-label={apiKey() ? 'API key (set)' : 'API key'} tooltipAlignment="end" onClick={() => setKeyOpen(true)}>
            <Password size={20} />
          </HeaderGlobalAction>
        </HeaderGlobalBar>
      </Header>
      <Modal
        open={keyOpen}
        modalHeading="API key"
        primaryButtonText="Save"
        secondaryButtonText="Cancel"
        onRequestClose={() => setKeyOpen(false)}
        onRequestSubmit={() => { setApiKey(keyDraft.trim()); setKeyOpen(false); refreshRuns(); }}
        size="sm"
      >
        <p className="mc-muted" style={{ marginBottom: '1rem' }}>
          Needed when the server requires keys (not on loopback by default). Create one with
          {' '}<code>maestro keys create --tenant NAME</code>. Kept in this browser&apos;s local storage.
        </p>
        <PasswordInput id="api-key" labelText="Key" placeholder="mk_..." value={keyDraft}
          onChange={(e) => setKeyDraft(e.target.value)} />
      </Modal>
      <Content id="main-content" className="mc-main">
        <Grid>
          <Column sm={4} md={8} lg={9}>
            <section className="mc-panel" aria-labelledby="conv-h">
              <div className="mc-panel__head">
                <h2 id="conv-h">Conversation</h2>
                <span className="mc-muted">{conversationId ? `id ${conversationId.slice(0, 8)}` : 'new'}</span>
              </div>
              <Conversation messages={messages} run={run} />
              <PromptBox busy={busy} run={run} onSend={send} onStop={() => abort.current && abort.current.abort()}
                onNew={newConversation} onDecide={decide} />
            </section>
          </Column>
          <Column sm={4} md={8} lg={7}>
            <RunGraph run={run} />
            <MetricsPanel runs={runs} health={health} healthError={healthError} />
          </Column>
          <Column sm={4} md={8} lg={16}>
            <RunMonitor runs={runs} error={runsError} onRefresh={refreshRuns} />
          </Column>
        </Grid>
      </Content>
    </Theme>
  );
}
