// Tokens per agent and latency over time, from the runs list; small SVG charts of our own (no chart library).
// Below them, the chat models' circuit breakers from /health/ready.
import { useEffect, useRef, useState } from 'react';
import ModelsSection from './ModelsSection.jsx';

/** The element's width in CSS pixels, so charts draw at 1:1 and their text stays 11 px. */
function useWidth(fallback = 360) {
  const ref = useRef(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return undefined;
    const ro = new ResizeObserver(([entry]) => setWidth(Math.max(200, Math.floor(entry.contentRect.width))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

function TokensByAgent({ runs, W }) {
  const byAgent = new Map();
  for (const r of runs) {
    if (!r.agent || r.input_tokens == null) continue;
    const a = byAgent.get(r.agent) || { input: 0, output: 0 };
    a.input += r.input_tokens || 0;
    a.output += r.output_tokens || 0;
    byAgent.set(r.agent, a);
  }
  const rows = [...byAgent.entries()].sort((x, y) => (y[1].input + y[1].output) - (x[1].input + x[1].output)).slice(0, 8);
  if (rows.length === 0) return <p className="mc-muted">No finished runs yet.</p>;
  const max = Math.max(...rows.map(([, v]) => v.input + v.output), 1);
  const rowH = 22;
  const labelW = 84;
  const h = rows.length * rowH + 4;
  return (
    <svg className="mc-chart" width={W} height={h} viewBox={`0 0 ${W} ${h}`} role="img" data-testid="tokens-chart"
      aria-label={'Tokens per agent: ' + rows.map(([a, v]) => `${a} ${v.input} in, ${v.output} out`).join('; ')}>
      {rows.map(([agent, v], i) => {
        const y = i * rowH + 2;
        const span = W - labelW - 60;
        const wi = (v.input / max) * span;
        const wo = (v.output / max) * span;
        return (
          <g key={agent}>
            <text x={0} y={y + 14}>{agent.length > 12 ? agent.slice(0, 11) + '…' : agent}</text>
            <rect className="mc-chart__bar-in" x={labelW} y={y + 3} width={Math.max(wi, 1)} height={14} />
            <rect className="mc-chart__bar-out" x={labelW + wi} y={y + 3} width={Math.max(wo, 1)} height={14} />
            <text x={labelW + wi + wo + 6} y={y + 14}>{v.input + v.output}</text>
          </g>
        );
      })}
    </svg>
  );
}

function LatencyOverTime({ runs, W }) {
  const points = runs
    .filter((r) => r.latency_ms != null && r.created_at)
    .map((r) => ({ t: new Date(r.created_at).getTime(), ms: r.latency_ms }))
    .filter((p) => !isNaN(p.t))
    .sort((a, b) => a.t - b.t)
    .slice(-40);
  if (points.length === 0) return <p className="mc-muted">No latencies yet.</p>;
  const h = 140;
  const pad = { l: 44, r: 8, t: 8, b: 20 };
  const maxMs = Math.max(...points.map((p) => p.ms), 1);
  const x = (i) => pad.l + (points.length === 1 ? (W - pad.l - pad.r) / 2 : (i / (points.length - 1)) * (W - pad.l - pad.r));
  const y = (ms) => pad.t + (1 - ms / maxMs) * (h - pad.t - pad.b);
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.ms).toFixed(1)}`).join(' ');
  const ticks = [0, maxMs / 2, maxMs];
  const fmt = (ms) => (ms >= 1000 ? (ms / 1000).toFixed(1) + ' s' : Math.round(ms) + ' ms');
  const sorted = points.map((p) => p.ms).sort((a, b) => a - b);
  const p50 = sorted[Math.floor((sorted.length - 1) * 0.5)];
  const p95 = sorted[Math.floor((sorted.length - 1) * 0.95)];
  return (
    <>
      <svg className="mc-chart" width={W} height={h} viewBox={`0 0 ${W} ${h}`} role="img" data-testid="latency-chart"
        aria-label={`Latency of the last ${points.length} runs: p50 ${fmt(p50)}, p95 ${fmt(p95)}, max ${fmt(maxMs)}`}>
        {ticks.map((ms) => (
          <g key={ms}>
            <line className="mc-chart__grid" x1={pad.l} x2={W - pad.r} y1={y(ms)} y2={y(ms)} />
            <text x={pad.l - 4} y={y(ms) + 4} textAnchor="end">{fmt(ms)}</text>
          </g>
        ))}
        <path className="mc-chart__line" d={path} />
        {points.map((p, i) => <circle key={i} className="mc-chart__dot" cx={x(i)} cy={y(p.ms)} r={2.5} />)}
        <text x={pad.l} y={h - 4}>older</text>
        <text x={W - pad.r} y={h - 4} textAnchor="end">latest</text>
      </svg>
      <p className="mc-muted">p50 {fmt(p50)} · p95 {fmt(p95)} over {points.length} runs</p>
    </>
  );
}

export default function MetricsPanel({ runs, health, healthError }) {
  const [ref, W] = useWidth();
  return (
    <section className="mc-panel" aria-labelledby="metrics-h" data-testid="metrics" ref={ref}>
      <div className="mc-panel__head">
        <h2 id="metrics-h">Metrics</h2>
        <span className="mc-muted">last {runs.length} runs · Prometheus at /metrics</span>
      </div>
      <h3 className="mc-muted" style={{ marginBottom: '0.5rem' }}>Tokens per agent</h3>
      <TokensByAgent runs={runs} W={W} />
      <div className="mc-legend" aria-hidden="true">
        <span><i className="mc-legend__in" />input</span>
        <span><i className="mc-legend__out" />output</span>
      </div>
      <h3 className="mc-muted" style={{ margin: '1rem 0 0.5rem' }}>Latency over time</h3>
      <LatencyOverTime runs={runs} W={W} />
      <ModelsSection health={health} error={healthError} />
    </section>
  );
}
