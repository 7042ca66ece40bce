import { Fragment } from 'react';
import { Tag } from '@carbon/react';
import { layout, toolLabel } from '../lib/runState.js';

const STATE_TAG = { idle: 'gray', planning: 'purple', executing: 'blue', complete: 'green', error: 'red', waiting: 'warm-gray' };
const TOOL_TAG = { running: 'blue', ok: 'green', error: 'red' };
const LABEL = { load_memory: 'memory', save_memory: 'save memory', fan_out: 'fan out' };

function Node({ node }) {
  const tokens = node.inputTokens || node.outputTokens
    ? `${node.inputTokens} in / ${node.outputTokens} out`
    : node.tokens ? `${node.tokens} streamed` : null;
  return (
    <div className="mc-node" data-testid={`node-${node.name}`} data-state={node.state} role="listitem"
      aria-label={`${node.name}: ${node.state}`} title={node.error || node.model || undefined}>
      <div className="mc-node__name">{LABEL[node.name] || node.name}</div>
      <Tag size="sm" type={STATE_TAG[node.state] || 'gray'}>{node.state}</Tag>
      <div className="mc-node__stats">
        {[node.ms != null ? `${node.ms} ms` : null, tokens ? `${tokens} tokens` : null].filter(Boolean).join(' · ') || '\u00a0'}
      </div>
      {node.tools && node.tools.length > 0 && (
        <div className="mc-node__tools" role="list" aria-label={`${node.name}'s tool calls`}>
          {node.tools.map((c) => (
            <span key={c.call} role="listitem" data-testid={`tool-${node.name}-${c.tool}`} data-state={c.state}
              title={c.error || (typeof c.arguments === 'string' ? c.arguments : undefined)}>
              <Tag size="sm" type={TOOL_TAG[c.state] || 'gray'}>{toolLabel(c)}</Tag>
            </span>
          ))}
        </div>
      )}
    </div>
  );
}

export default function RunGraph({ run }) {
  const columns = layout(run);
  const r = run.route;
  return (
    <section className="mc-panel" aria-labelledby="graph-h" data-testid="run-graph" data-status={run.status}>
      <div className="mc-panel__head">
        <h2 id="graph-h">Run</h2>
        <span className="mc-muted" aria-live="polite">
          {run.status === 'idle' ? 'no run yet' : run.status}
          {run.runId ? ` · ${run.runId.slice(0, 8)}` : ''}
          {run.timings ? ` · ${run.timings.latency_ms} ms` : ''}
        </span>
      </div>
      <div className="mc-graph" role="list" aria-label="Graph nodes">
        {columns.map((col, i) => (
          <Fragment key={i}>
            {i > 0 && <div className="mc-graph__edge" aria-hidden="true" />}
            <div className="mc-graph__col">
              {col.map((n) => <Node key={n.name} node={n} />)}
            </div>
          </Fragment>
        ))}
      </div>
      {r && (
        <p className="mc-muted" style={{ marginTop: '0.75rem' }} data-testid="route">
          routed to <strong>{r.agent || r.route}</strong>
          {r.complexity ? ` · ${r.complexity}` : ''}
          {typeof r.confidence === 'number' ? ` · confidence ${r.confidence.toFixed(2)}` : ''}
          {r.decided_by ? ` · by ${r.decided_by}` : ''}
          {run.plan ? ` · plan of ${run.plan.length} steps` : ''}
          {run.retrieval ? ` · ${run.retrieval.sources} sources via ${run.retrieval.strategy}` : ''}
        </p>
      )}
      {run.error && <p className="mc-muted" role="alert" style={{ marginTop: '0.5rem' }}>Error: {run.error}</p>}
      <div className="mc-legend" aria-hidden="true">
        {Object.keys(STATE_TAG).map((s) => <span key={s}><Tag size="sm" type={STATE_TAG[s]}>{s}</Tag></span>)}
      </div>
    </section>
  );
}
