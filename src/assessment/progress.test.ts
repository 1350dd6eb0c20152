// Progress is honest about an adaptive length: the first "about N questions left" is close to how
// long the assessment really takes for simulated learners (item parameters off the engine's own, so
// the engine is not graded on its own assumptions), and the estimate shrinks to the end.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Model } from '../model/types.js';
import { bankFor } from './bank.js';
import { Random } from './random.js';
import { startAssessment } from './session.js';
import { drawResponse, simulate, trueResponseFunctions } from './simulate.js';

const MODELS = ['people-leader', 'customer-success', 'software-engineer'];
const load = (name: string): Model => JSON.parse(readFileSync(new URL(`../../demo/models/${name}.json`, import.meta.url), 'utf8')) as Model;

describe('progress estimate', () => {
  for (const name of MODELS) {
    it(`starts within 20% of the simulated mean length (${name})`, () => {
      const model = load(name);
      const role = model.roles[0]!.id;
      const first = startAssessment(model, { currentRole: role, seed: 3 }).progress();
      const simulated = simulate(model, { learners: 40, seed: 11, currentRole: role, modes: ['adaptive'] }).modes[0]!.items.mean;
      const error = Math.abs(first.expectedTotal - simulated) / simulated;
      assert.ok(error <= 0.2, `first estimate ${first.expectedTotal} questions, simulated mean ${simulated.toFixed(1)}: ${(error * 100).toFixed(0)}% off`);
      assert.ok(first.minimum <= first.expectedTotal && first.expectedTotal <= first.maximum);
      // The minutes shown are the questions left at their typical length, within the time budget.
      assert.ok(first.secondsLeft <= (model.assessment?.maxMinutes ?? 15) * 60 * 1.1, `${first.secondsLeft} s left at the start`);
    });
  }

  it('never says "about 1 question left" for more than three questions in a row', () => {
    const model = load('people-leader');
    const bank = bankFor(model);
    const truth = trueResponseFunctions(bank, 1, new Random(5));
    for (let learner = 0; learner < 8; learner++) {
      const rng = new Random(100 + learner);
      const theta = new Float64Array(bank.competencies.length).map(() => rng.normal());
      const session = startAssessment(model, { currentRole: model.roles[learner % model.roles.length]!.id, seed: learner });
      let run = 0;
      for (let next = session.next(); next; next = session.next()) {
        const progress = session.progress();
        run = progress.expectedTotal - progress.answered === 1 ? run + 1 : 0;
        assert.ok(run <= 3, `learner ${learner}: "about 1 question left" ${run} times in a row`);
        const index = bank.itemIndex.get(next.itemId)!;
        session.answer(drawResponse(bank.items[index]!, truth[index]!, theta, 0.3, rng));
      }
    }
  });
});
