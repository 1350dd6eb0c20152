import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import type { Model } from '../model/types.js';
import { drawFirstItem, firstQuestionKey } from './first.js';
import { generateModel } from './generate.js';
import { firstQuestions, startAssessment } from './session.js';

const samples = readdirSync(new URL('../../demo/models/', import.meta.url))
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(readFileSync(new URL(`../../demo/models/${f}`, import.meta.url), 'utf8')) as Model] as const);

test('the precomputed first question is the one the engine asks, for every usual start and many seeds', () => {
  const models = [...samples, ['generated', generateModel({ seed: 7 })] as const];
  let compared = 0;
  let drawn = 0;
  for (const [name, model] of models) {
    const first = firstQuestions(model);
    assert.equal(Object.keys(first).length, model.roles.length * 3, name);
    for (const role of model.roles) {
      for (const rater of ['self', 'manager', 'peer'] as const) {
        const entry = first[firstQuestionKey(role.id, role.next ?? '', rater)]!;
        assert.ok(entry, `${name} ${role.id} ${rater}`);
        if (entry.items.length > 1) drawn++;
        for (let seed = -40; seed < 40; seed++) {
          const session = startAssessment(model, { currentRole: role.id, ...(role.next ? { targetRole: role.next } : {}), rater, seed: seed * 7919 });
          assert.equal(drawFirstItem(entry, seed * 7919), session.next()!.itemId, `${name} ${role.id} ${rater} seed ${seed}`);
          const progress = session.progress();
          assert.deepEqual([entry.expected, entry.seconds], [progress.expectedTotal, progress.secondsLeft]);
          compared++;
        }
      }
    }
  }
  // The randomesque draw is exercised, not only single-candidate starts.
  assert.ok(drawn > 0, 'some start has more than one candidate');
  assert.ok(compared > 1000);
});
