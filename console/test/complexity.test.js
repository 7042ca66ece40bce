import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimate, score } from '../src/lib/complexity.js';

test('simple questions are simple', () => {
  assert.equal(estimate('What is pgvector?'), 'simple');
  assert.equal(estimate(''), 'simple');
});

test('one multi-step word is moderate, as on the server', () => {
  assert.equal(estimate('compare Java and Kotlin'), 'moderate');
});

test('two multi-step words are complex, as on the server', () => {
  assert.equal(estimate('first design the schema, then write the migration'), 'complex');
});

test('code, lists, questions and length add points', () => {
  assert.equal(score('```\nx\n```').points, 1);
  assert.equal(score('- a\n- b\n- c').points, 1);
  assert.equal(score('why? how? what? when?').points, 2);
  assert.equal(score(Array(41).fill('word').join(' ')).points, 1);
  assert.equal(score(Array(121).fill('word').join(' ')).points, 2);
  assert.equal(score('int x = 1;\nreturn foo(x);').points, 1);
});
