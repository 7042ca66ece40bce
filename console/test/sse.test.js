import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSseParser } from '../src/lib/sse.js';

test('frames split across chunks are put together', () => {
  const feed = createSseParser();
  assert.deepEqual(feed('event: tok'), []);
  assert.deepEqual(feed('en\ndata: {"text":"Hi"}\n'), []);
  assert.deepEqual(feed('\nevent: done\r\ndata: {"answer":"Hi"}\r\n\r\n'), [
    { event: 'token', data: { text: 'Hi' } },
    { event: 'done', data: { answer: 'Hi' } },
  ]);
});

test('comments are skipped, multi-line data is joined, non-JSON data is kept as text', () => {
  const feed = createSseParser();
  assert.deepEqual(feed(': ping\n\ndata: a\ndata: b\n\n'), [{ event: 'message', data: 'a\nb' }]);
});
