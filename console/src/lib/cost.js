// A run's cost from /api/runs: USD, "unknown" when a model had no price (never shown as 0), a dash while running.

export function costOf(run) {
  if (run.cost_unknown) return 'unknown';
  if (run.cost_usd == null) return '—';
  const usd = run.cost_usd;
  return '$' + (usd >= 0.01 || usd === 0 ? usd.toFixed(2) : String(Number(usd.toPrecision(2))));
}
