import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modelRows } from '../src/lib/models.js';

test('each model gets its breaker state and colour: open red, half-open amber, closed green', () => {
  const rows = modelRows({
    status: 'degraded',
    models: [
      { model: 'ollama:big', endpoint: 'http://a', breaker: 'open', calls: 4, failures: 3, fallbacks: 2, skipped: 1,
        last_latency_ms: 1520, last_error: 'HTTP 500: model crashed', last_error_at: '2025-01-01T00:00:00Z' },
      { model: 'ollama:small', endpoint: 'http://a', breaker: 'half_open', calls: 1, failures: 0, fallbacks: 0, last_latency_ms: 42 },
      { model: 'openai:gpt', endpoint: 'http://b', breaker: 'closed', calls: 0, failures: 0, fallbacks: 0 },
    ],
  });
  assert.deepEqual(rows.map((r) => [r.model, r.state, r.tone]), [
    ['ollama:big', 'open', 'red'], ['ollama:small', 'half-open', 'amber'], ['openai:gpt', 'closed', 'green'],
  ]);
  assert.equal(rows[0].latency, '1.5 s');
  assert.equal(rows[0].lastError, 'HTTP 500: model crashed');
  assert.equal(rows[0].fallbacks, 2);
  assert.equal(rows[1].latency, '42 ms');
  assert.equal(rows[2].latency, '');
});

test('no health yet, or no models, is no rows', () => {
  assert.deepEqual(modelRows(null), []);
  assert.deepEqual(modelRows({ status: 'ready' }), []);
});
