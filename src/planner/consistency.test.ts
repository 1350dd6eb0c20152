// A pathway never contradicts itself: what the steps say about blind spots agrees with the notes and
// with "not covered", on the sample models for many learners with blind spots (results built from
// self and other views, so the blind-spot flags are the engine's own rule).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildResults, type CompetencySpec } from '../../test/support/results-builder.js';
import { Random } from '../assessment/random.js';
import { startAssessment } from '../assessment/session.js';
import { runAll } from '../../test/support/answers.js';
import type { Model } from '../model/types.js';
import { planPathway } from './index.js';
import type { Plan } from './types.js';

function learners(model: Model, count: number, seed: number): Plan[] {
  const rng = new Random(seed);
  const plans: Plan[] = [];
  for (let n = 0; n < count; n++) {
    const role = model.roles[n % model.roles.length]!;
    const competencies: Record<string, CompetencySpec> = {};
    for (const c of model.competencies) {
      const theta = -0.6 + 0.8 * rng.normal();
      const blind = rng.next() < 0.3;
      competencies[c.id] = {
        theta,
        sd: 0.3,
        self: { theta: theta + (blind ? 1.4 : 0.1 * rng.normal()), sd: 0.3, responses: 3 },
        others: { theta, sd: 0.3, responses: 2 },
      };
    }
    const budgetMinutes = [120, 300, 720][n % 3]!;
    plans.push(planPathway(model, buildResults(model, { currentRole: role.id, ...(role.next ? { targetRole: role.next } : {}), competencies }), { budgetMinutes }));
  }
  return plans;
}

describe('a pathway never contradicts itself', () => {
  for (const name of ['people-leader', 'customer-success', 'software-engineer']) {
    it(`${name}: blind-spot reasons, notes and "not covered" agree`, () => {
      const model = JSON.parse(readFileSync(`demo/models/${name}.json`, 'utf8')) as Model;
      let blindSpotSteps = 0;
      for (const plan of learners(model, 45, name.length)) {
        const uncovered = new Set(plan.uncovered.map((u) => u.competency));
        // Steps on a blind spot come first, after only awareness steps and what they need first (prerequisites, transitively).
        const early = new Set(plan.steps.filter((s) => s.awareness || s.explanation.why.some((r) => r.code === 'blind-spot')).map((s) => s.module));
        for (const s of [...plan.steps].reverse()) if (s.unlocks.some((u) => early.has(u))) early.add(s.module);
        const first = plan.steps.findIndex((s) => !early.has(s.module));
        plan.steps.forEach((step, position) => {
          for (const reason of step.explanation.why.filter((r) => r.code === 'blind-spot')) {
            blindSpotSteps++;
            const competency = reason.params.competency as string;
            // "A possible blind spot, so this comes first": the step works on it, and it does come first.
            const gain = step.develops.find((d) => d.competency === competency)?.expectedGain ?? 0;
            assert.ok(gain > 0 || step.awareness, `${step.module} claims the blind spot ${competency} but is not expected to move it`);
            assert.ok(first < 0 || position < first, `${step.module} says it comes first but is step ${position + 1} after ${plan.steps.slice(0, position).map((s) => `${s.module} (class ${s.priorityClass}, unlocks ${s.unlocks.join('/')}, awareness ${s.awareness})`).join(', ')}`);
            assert.ok(!uncovered.has(competency), `${competency} is worked on by ${step.module} and listed as not covered`);
            const note = plan.notes.find((n) => n.code === 'no-awareness-module' && n.params.competency === competency);
            assert.ok(!note || note.params.worked === true, `the note on ${competency} must not say nothing works on it`);
          }
        });
        for (const note of plan.notes.filter((n) => n.code === 'no-awareness-module')) {
          const worked = plan.steps.some((s) => s.develops.some((d) => d.competency === note.params.competency && d.expectedGain > 0));
          assert.equal(note.params.worked, worked, `the note on ${String(note.params.competency)} says worked=${String(note.params.worked)}`);
        }
        // One line per competency under "not covered".
        assert.equal(uncovered.size, plan.uncovered.length, `duplicates under "not covered": ${plan.uncovered.map((u) => u.competency).join(', ')}`);
      }
      assert.ok(blindSpotSteps > 0, 'the learners have blind spots the pathway works on');
    });
  }

  it('quotes the same chance of meeting a requirement as the profile (the engine\'s own figure)', () => {
    for (const name of ['people-leader', 'customer-success', 'software-engineer']) {
      const model = JSON.parse(readFileSync(`demo/models/${name}.json`, 'utf8')) as Model;
      const role = model.roles[0]!;
      const session = startAssessment(model, { currentRole: role.id, ...(role.next ? { targetRole: role.next } : {}), mode: 'fixed', seed: 11 });
      // Answers spread over the middle of each scale, so some requirements are met and some are gaps.
      runAll(session, model, (_item, n) => [0.35, 0.5, 0.65][n % 3]!);
      const results = session.results();
      const plan = planPathway(model, results);
      let compared = 0;
      for (const reason of plan.steps.flatMap((s) => s.explanation.why).filter((r) => r.code === 'closes-gap')) {
        const result = results.competencies.find((c) => c.competency === reason.params.competency)!;
        const check = reason.params.slot === 'current' ? result.current : result.target;
        assert.equal(Math.round(Number(reason.params.pMeets) * 100), Math.round(check!.pMeets * 100), `${name} ${String(reason.params.competency)} for ${String(reason.params.role)}`);
        compared++;
      }
      for (const gap of plan.gaps) {
        const result = results.competencies.find((c) => c.competency === gap.competency)!;
        assert.equal(gap.pMeets, (gap.slot === 'current' ? result.current : result.target)!.pMeets);
      }
      assert.ok(compared > 0, `${name}: the plan closes some gap`);
      // Readiness for the target role: the engine's decisions now, and no worse after the pathway.
      const readiness = plan.readiness!;
      assert.equal(readiness.role, role.next ?? role.id);
      const required = model.roles.find((r) => r.id === readiness.role)!.requirements;
      assert.deepEqual(readiness.requirements.map((r) => r.competency).sort(), required.map((r) => r.competency).sort());
      for (const r of readiness.requirements) {
        const check = results.competencies.find((c) => c.competency === r.competency)![readiness.slot]!;
        assert.equal(r.decision, check.decision, `${name} ${r.competency}: the readiness decision is the results' decision`);
        assert.ok(r.pMeetsAfter >= r.pMeets);
        const moved = plan.steps.some((s) => s.develops.some((d) => d.competency === r.competency && d.expectedGain > 0));
        assert.equal(r.pMeetsAfter > r.pMeets, moved && r.pMeets < 1 - 1e-9, `${name} ${r.competency}: expected to improve exactly when a step moves it`);
      }
    }
  });
});
