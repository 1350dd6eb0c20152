/**
 * The saved assessment state against misuse and drift: re-answering an item through the API does not
 * grow the state, and a model whose items changed under the same declared version is not resumed silently.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { answerAt } from '../../test/support/answers.js';
import { requireModel } from '../model/load.js';
import { resumeAssessment, startAssessment, StateError } from './index.js';

const tiny = requireModel(readFileSync(new URL('../../test/fixtures/tiny-model.json', import.meta.url), 'utf8'));

test('re-answering an answered item replaces its answer: the saved state stays the same size', () => {
  const s = startAssessment(tiny, { currentRole: 'member', mode: 'fixed' });
  const first = s.next()!.itemId;
  s.answer(answerAt(tiny, first, 0));
  s.answer(answerAt(tiny, s.next()!.itemId, 0.5));
  const size = s.serialize().length;
  for (let i = 0; i < 500; i++) s.answer(answerAt(tiny, first, i % 2));
  assert.equal(s.responses.length, 2);
  assert.ok(s.serialize().length <= size + 8, `${size} → ${s.serialize().length} characters`);
  const back = resumeAssessment(tiny, s.serialize());
  assert.deepEqual(back.results().competencies, s.results().competencies);
});

test('a changed item under the same declared version does not resume silently', () => {
  const s = startAssessment(tiny, { currentRole: 'member', mode: 'fixed' });
  s.answer(answerAt(tiny, s.next()!.itemId, 1));
  const state = s.serialize();
  const item = tiny.items.find((i) => i.type === 'frequency')!;
  const changed = { ...tiny, items: tiny.items.map((i) => (i.id === item.id && i.type === 'frequency' ? { ...i, level: i.level === 1 ? 2 : 1 } : i)) };
  assert.equal(changed.version, tiny.version);
  assert.throws(() => resumeAssessment(changed, state), (e: unknown) => e instanceof StateError && /another version/.test(e.message));
  const reworded = { ...tiny, items: tiny.items.map((i) => (i.id === item.id && i.type === 'frequency' ? { ...i, stem: 'Something else entirely' } : i)) };
  assert.throws(() => resumeAssessment(reworded, state), StateError);
  // The same content resumes.
  assert.doesNotThrow(() => resumeAssessment(structuredClone(tiny), state));
});
