import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialRun, reduce, layout, toolLabel, approvalText } from '../src/lib/runState.js';

const play = (frames) => frames.reduce(reduce, reduce(initialRun(), { event: 'start', data: { question: 'q' } }));

test('a streamed run moves its nodes from idle to complete, with tokens and time', () => {
  let run = play([
    { event: 'run', data: { run_id: 'r1', conversation_id: 'c1' } },
    { event: 'run_started', data: {} },
    { event: 'node_started', data: { node: 'classify', at_ms: 1 } },
  ]);
  assert.equal(run.nodes.classify.state, 'planning');
  run = [
    { event: 'route', data: { node: 'classify', agent: 'general', complexity: 'simple' } },
    { event: 'node_finished', data: { node: 'classify', ms: 3 } },
    { event: 'node_started', data: { node: 'general' } },
  ].reduce(reduce, run);
  assert.equal(run.nodes.general.state, 'planning');
  run = reduce(run, { event: 'token', data: { node: 'general', agent: 'general', text: 'Vectors ', parallel: false } });
  assert.equal(run.nodes.general.state, 'executing');
  run = [
    { event: 'token', data: { node: 'general', agent: 'general', text: 'are lists.', parallel: false } },
    { event: 'usage', data: { node: 'general', key: '1', agent: 'general', model: 'm', input_tokens: 21, output_tokens: 3 } },
    { event: 'node_finished', data: { node: 'general', ms: 40 } },
    { event: 'done', data: { answer: 'Vectors are lists. [1]', sources: ['[1] doc'], status: 'ok' } },
  ].reduce(reduce, run);
  assert.equal(run.status, 'done');
  assert.equal(run.answer, 'Vectors are lists. [1]');
  assert.deepEqual(run.sources, ['[1] doc']);
  assert.equal(run.nodes.general.state, 'complete');
  assert.equal(run.nodes.general.tokens, 2);
  assert.equal(run.nodes.general.outputTokens, 3);
  assert.equal(run.nodes.general.ms, 40);
  assert.equal(run.route.complexity, 'simple');
  assert.deepEqual(layout(run).map((c) => c.map((n) => n.name)), [['load_memory'], ['classify'], ['general'], ['save_memory']]);
});

test('a failed node shows error, and an error event fails what is still open', () => {
  let run = play([
    { event: 'node_started', data: { node: 'general' } },
    { event: 'node_started', data: { node: 'code' } },
    { event: 'node_failed', data: { node: 'general', error: 'boom' } },
    { event: 'error', data: { code: 'provider_unavailable', message: 'down' } },
  ]);
  assert.equal(run.nodes.general.state, 'error');
  assert.equal(run.nodes.code.state, 'error');
  assert.equal(run.status, 'failed');
  assert.equal(run.error, 'down');
});

test('an interrupt marks the waiting node', () => {
  const run = play([{ event: 'interrupted', data: { node: 'general', agent: 'general' } }]);
  assert.equal(run.status, 'interrupted');
  assert.equal(run.nodes.general.state, 'waiting');
});

test('a retrieval event names the strategy on the agent and the run, before the answer streams', () => {
  let run = play([
    { event: 'route', data: { node: 'classify', agent: 'researcher' } },
    { event: 'node_started', data: { node: 'researcher' } },
    { event: 'retrieval', data: { node: 'researcher', agent: 'researcher', strategy: 'keyword', sources: ['[1] a', '[2] b'], parallel: false } },
  ]);
  assert.deepEqual(run.nodes.researcher.retrieval, { strategy: 'keyword', sources: 2 });
  assert.deepEqual(run.retrieval, { strategy: 'keyword', sources: 2 });
  run = reduce(run, { event: 'done', data: { answer: 'x [1]', sources: ['[1] a', '[2] b'], retrieval: 'keyword', status: 'ok' } });
  assert.deepEqual(run.retrieval, { strategy: 'keyword', sources: 2 });
  const fromDone = play([{ event: 'done', data: { answer: 'y', sources: ['[1] a'], retrieval: 'hybrid', status: 'ok' } }]);
  assert.deepEqual(fromDone.retrieval, { strategy: 'hybrid', sources: 1 });
});

test('tool calls become badges on their agent node: running, then ok or error with the duration', () => {
  let run = play([
    { event: 'node_started', data: { node: 'general' } },
    { event: 'tool_call', data: { agent: 'general', tool: 'calculator', call: 'c1', arguments: '{"expression":"6*7"}', risk: 'read', parallel: false } },
    { event: 'tool_call', data: { agent: 'general', tool: 'http_get', call: 'c2', arguments: '{"url":"x"}', risk: 'read', parallel: false } },
  ]);
  assert.deepEqual(run.nodes.general.tools.map((c) => [c.tool, c.state]), [['calculator', 'running'], ['http_get', 'running']]);
  run = [
    { event: 'tool_result', data: { agent: 'general', tool: 'http_get', call: 'c2', ok: false, ms: 130, error: 'Host not allowed', parallel: false } },
    { event: 'tool_result', data: { agent: 'general', tool: 'calculator', call: 'c1', ok: true, ms: 2, parallel: false } },
  ].reduce(reduce, run);
  const [calc, http] = run.nodes.general.tools;
  assert.equal(calc.state, 'ok');
  assert.equal(toolLabel(calc), 'calculator · 2 ms');
  assert.equal(calc.arguments, '{"expression":"6*7"}');
  assert.equal(http.state, 'error');
  assert.equal(http.error, 'Host not allowed');
  assert.equal(run.nodes.general.tools.length, 2);
});

test('a tool call of a parallel branch goes on the branch node', () => {
  const run = play([
    { event: 'node_started', data: { node: 'coder_parallel' } },
    { event: 'tool_call', data: { agent: 'coder', tool: 'read_file', call: 'c1', parallel: true } },
  ]);
  assert.equal(run.nodes.coder_parallel.tools[0].tool, 'read_file');
  assert.equal(run.nodes.coder, undefined);
});

test('a paused tool call is what the approval prompt shows, with its arguments', () => {
  const run = play([
    { event: 'interrupted', data: { node: 'scribe', agent: 'scribe', tool: 'write_file', arguments: '{"path":"todo.txt"}', risk: 'write', call: 'c1' } },
  ]);
  assert.equal(run.status, 'interrupted');
  assert.equal(approvalText(run.interrupt), 'scribe wants to call write_file (write) with {"path":"todo.txt"}');
  assert.equal(approvalText({ node: 'general', agent: 'general', call: null }), 'general is supervised.');
});
