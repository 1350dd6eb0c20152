// A model compiled for delivery (compile.ts): stamped, with the first question of every usual start
// precomputed (first.ts), which must be the item and progress a session on the same start gives.
// The quick counterpart of first.test.ts (every sample model, many seeds; too slow for mutation runs):
// the tiny model, a few seeds.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { stampProblem } from '../model/stamp.js';
import type { Model } from '../model/types.js';
import { compileModel } from './compile.js';
import { drawFirstItem, firstQuestionKey, type FirstQuestion } from './first.js';
import { startAssessment } from './session.js';

// Parsed at load (plain JSON, no engine code): the engine runs inside the tests (docs/testing.md).
const tiny = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Model;

describe('compileModel', () => {
  it('stamps the model and keeps its content', () => {
    const compiled = compileModel(tiny);
    assert.equal(stampProblem(compiled), undefined);
    const { compiled: _stamp, ...content } = compiled;
    assert.deepEqual(content, tiny);
  });

  it('precomputes the first question of every role, its usual target and each rater, as a session asks it', () => {
    const first = compileModel(tiny).compiled!.first as Record<string, FirstQuestion>;
    // Keys "current|target|rater", the target being the role's `next` (empty without one).
    const keys = ['member|lead|self', 'member|lead|manager', 'member|lead|peer', 'lead||self', 'lead||manager', 'lead||peer'];
    assert.deepEqual(Object.keys(first).sort(), [...keys].sort());
    for (const role of tiny.roles) {
      for (const rater of ['self', 'manager', 'peer'] as const) {
        assert.equal(firstQuestionKey(role.id, role.next ?? '', rater), `${role.id}|${role.next ?? ''}|${rater}`);
        const entry = first[`${role.id}|${role.next ?? ''}|${rater}`]!;
        for (const seed of [0, 1, 2, 7919, -31]) {
          const session = startAssessment(tiny, { currentRole: role.id, ...(role.next ? { targetRole: role.next } : {}), rater, seed });
          assert.equal(drawFirstItem(entry, seed), session.next()!.itemId, `${role.id} ${rater} seed ${seed}`);
          const progress = session.progress();
          assert.deepEqual([entry.expected, entry.seconds], [progress.expectedTotal, progress.secondsLeft]);
        }
      }
    }
  });
});
