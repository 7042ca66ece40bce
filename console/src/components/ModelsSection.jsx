// Each chat model at its endpoint with its circuit breaker, from /health/ready: open red, half-open amber.
import { modelRows } from '../lib/models.js';

export default function ModelsSection({ health, error }) {
  const rows = modelRows(health);
  return (
    <div data-testid="models" data-status={health ? health.status : ''}>
      <h3 className="mc-muted" style={{ margin: '1rem 0 0.5rem' }}>Models</h3>
      {error && <p className="mc-muted">Readiness unavailable: {error}</p>}
      {!error && rows.length === 0 && <p className="mc-muted">No model calls reported yet.</p>}
      <ul className="mc-models">
        {rows.map((m) => (
          <li key={m.key} className="mc-model" data-tone={m.tone} data-testid={'model-' + m.model}>
            <div className="mc-model__head">
              <span className="mc-model__name" title={m.endpoint}>{m.model}</span>
              <span className="mc-model__state" data-testid="breaker" data-breaker={m.breaker}>{m.state}</span>
            </div>
            <div className="mc-muted mc-model__stats">
              {m.calls} calls · {m.failures} failures · {m.fallbacks} fallbacks{m.latency && ` · last ${m.latency}`}
            </div>
            {m.lastError && <div className="mc-model__error" data-testid="model-error" title={m.lastError}>{m.lastError}</div>}
          </li>
        ))}
      </ul>
    </div>
  );
}
