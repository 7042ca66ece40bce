// The chat models of /health/ready ("models": one per model and endpoint, each with its circuit breaker) as rows
// for the metrics panel: open is red, half-open amber, closed green.

const TONE = { closed: 'green', half_open: 'amber', open: 'red', forced_open: 'red' };
const LABEL = { half_open: 'half-open', forced_open: 'forced open' };

export function modelRows(health) {
  const models = health && Array.isArray(health.models) ? health.models : [];
  return models.map((m) => ({
    key: `${m.model} ${m.endpoint}`,
    model: m.model,
    endpoint: m.endpoint || '',
    breaker: m.breaker,
    state: LABEL[m.breaker] || m.breaker || 'unknown',
    tone: TONE[m.breaker] || 'gray',
    calls: m.calls || 0,
    failures: m.failures || 0,
    fallbacks: m.fallbacks || 0,
    latency: m.last_latency_ms == null ? '' : formatMs(m.last_latency_ms),
    lastError: m.last_error || '',
  }));
}

export function formatMs(ms) {
  return ms >= 1000 ? (ms / 1000).toFixed(1) + ' s' : Math.round(ms) + ' ms';
}
