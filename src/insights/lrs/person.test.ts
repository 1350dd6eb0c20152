// One person's fused view: statements of the other raters plus the answers given on this page.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { population, statementsOf } from '../../../test/support/insights-population.js';
import { fuseAssessments, resumeAssessment } from '../../assessment/session.js';
import { requireModel } from '../../model/load.js';
import { fusedProfileOf } from './person.js';

const model = requireModel(readFileSync('demo/models/customer-success.json', 'utf8'));
const [person] = [...population(model, { people: 1, peers: 3, seed: 12, mode: 'fixed' })];

describe('fusedProfileOf', () => {
  it('adds this page\'s own answers to the others\' statements, counting the self-rater once', async () => {
    const self = person!.raters.find((r) => r.rater === 'self')!;
    const session = resumeAssessment(model, self.state);
    const own = { rater: 'self' as const, responses: session.responses, done: session.done, stopReason: session.stopReason };
    const expected = fuseAssessments(model, person!.raters.map((r) => r.state));
    // Without the self statements (not sent yet), and with them (sent already): the same profile.
    for (const statements of [statementsOf([{ ...person!, raters: person!.raters.filter((r) => r !== self) }]), statementsOf([person!])]) {
      const { profile } = await fusedProfileOf(model, undefined, { statements, own });
      assert.deepEqual(profile!.results, expected);
      assert.deepEqual(profile!.sources, { self: true, managers: 1, peers: 3 });
    }
    const { profile } = await fusedProfileOf(model, person!.agent, { statements: statementsOf([person!]) });
    assert.deepEqual(profile!.results, expected);
  });
});
