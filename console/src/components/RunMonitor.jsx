import { useState } from 'react';
import {
  Button, ContentSwitcher, Switch, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Tag,
} from '@carbon/react';
import { Renew } from '@carbon/icons-react';
import { costOf } from '../lib/cost.js';

const GROUP = { running: 'active', ok: 'completed', interrupted: 'active', failed: 'failed', cancelled: 'failed' };
const TAG = { running: 'blue', ok: 'green', interrupted: 'warm-gray', failed: 'red', cancelled: 'magenta' };
const FILTERS = ['all', 'active', 'completed', 'failed'];

export function groupOf(run) {
  return GROUP[run.status] || 'completed';
}

function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleTimeString();
}

export default function RunMonitor({ runs, error, onRefresh }) {
  const [filter, setFilter] = useState('all');
  const counts = { active: 0, completed: 0, failed: 0 };
  for (const r of runs) counts[groupOf(r)]++;
  const shown = runs.filter((r) => filter === 'all' || groupOf(r) === filter).slice(0, 25);
  return (
    <section className="mc-panel" aria-labelledby="runs-h" data-testid="run-monitor">
      <div className="mc-panel__head">
        <h2 id="runs-h">Workflow monitor</h2>
        <Button kind="ghost" size="sm" renderIcon={Renew} onClick={onRefresh}>Refresh</Button>
      </div>
      <div className="mc-stats" role="group" aria-label="Runs by state">
        <div><div className="mc-stats__n" data-testid="runs-active">{counts.active}</div><div className="mc-muted">active</div></div>
        <div><div className="mc-stats__n" data-testid="runs-completed">{counts.completed}</div><div className="mc-muted">completed</div></div>
        <div><div className="mc-stats__n" data-testid="runs-failed">{counts.failed}</div><div className="mc-muted">failed</div></div>
      </div>
      <ContentSwitcher size="sm" selectedIndex={FILTERS.indexOf(filter)} onChange={(e) => setFilter(e.name)}
        aria-label="Show runs" style={{ maxWidth: '32rem', marginBottom: '0.75rem' }}>
        {FILTERS.map((f) => <Switch key={f} name={f} text={f} />)}
      </ContentSwitcher>
      {error && <p className="mc-muted" role="alert">Runs could not be loaded: {error}</p>}
      <div className="mc-table-wrap">
        <Table size="sm" aria-label="Recent runs">
          <TableHead>
            <TableRow>
              <TableHeader>Started</TableHeader>
              <TableHeader>Question</TableHeader>
              <TableHeader>Status</TableHeader>
              <TableHeader>Agent</TableHeader>
              <TableHeader>Tokens</TableHeader>
              <TableHeader>Cost</TableHeader>
              <TableHeader>Latency</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.length === 0 && (
              <TableRow><TableCell colSpan={7}><span className="mc-muted">No runs {filter === 'all' ? 'yet' : filter}.</span></TableCell></TableRow>
            )}
            {shown.map((r) => (
              <TableRow key={r.id} data-testid="run-row" data-status={r.status}>
                <TableCell>{when(r.created_at)}</TableCell>
                <TableCell><div className="mc-question" title={r.question || ''}>{r.question || r.kind}</div></TableCell>
                <TableCell><Tag size="sm" type={TAG[r.status] || 'gray'} title={r.error || undefined}>{r.status}</Tag></TableCell>
                <TableCell>{r.agent || r.pending_agent || '—'}</TableCell>
                <TableCell>{r.input_tokens != null ? `${r.input_tokens} / ${r.output_tokens}` : '—'}</TableCell>
                <TableCell data-testid="run-cost">{costOf(r)}</TableCell>
                <TableCell>{r.latency_ms != null ? `${r.latency_ms} ms` : '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </section>
  );
}
