import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costOf } from '../src/lib/cost.js';

test('a priced run shows dollars, small ones to two significant digits', () => {
  assert.equal(costOf({ cost_usd: 1.234, cost_unknown: false }), '$1.23');
  assert.equal(costOf({ cost_usd: 0.00003, cost_unknown: false }), '$0.00003');
  assert.equal(costOf({ cost_usd: 0.0020345, cost_unknown: false }), '$0.002');
  assert.equal(costOf({ cost_usd: 0, cost_unknown: false }), '$0.00');
});

test('an unpriced model makes the cost unknown, not 0; a running run has none yet', () => {
  assert.equal(costOf({ cost_usd: null, cost_unknown: true }), 'unknown');
  assert.equal(costOf({ cost_usd: null, cost_unknown: false }), '—');
});
