// Every step's explanation, reason by reason, against what the model and the plan itself say it must
// hold: how (modality, time, first action, the launch link, what to do first among the planned steps,
// when to come back), what (the module and each competency it develops, with the gain and how well it
// is pitched) and why (blind spots, the awareness step's competency, the gaps it closes by value with
// their share and value, the evidence, what it unlocks, the revisit). Sample models and generated
// instances with blind spots, awareness modules, revisits and links.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildResults, type CompetencySpec } from '../../test/support/results-builder.js';
import { generateInstance } from '../../test/support/plan-instances.js';
import { Random } from '../assessment/random.js';
import type { AssessmentResults } from '../assessment/types.js';
import type { Model } from '../model/types.js';
import { pitchEfficacy } from './gain.js';
import { indexModel } from './model-index.js';
import { planPathway } from './plan.js';
import { PRIOR_THETA } from './settings.js';
import type { Plan, PlanStep, Reason } from './types.js';

const near = (a: unknown, b: number, what: string, tolerance = 1e-9) => assert.ok(typeof a === 'number' && Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b)), `${what}: ${String(a)} vs ${b}`);

/** Learners with blind spots on about a third of the competencies, for each role of a model in turn. */
function learners(model: Model, count: number, seed: number): { results: AssessmentResults; budgetMinutes: number }[] {
  const rng = new Random(seed);
  return Array.from({ length: count }, (_, n) => {
    const role = model.roles[n % model.roles.length]!;
    const competencies: Record<string, CompetencySpec> = {};
    // One competency in five is left unassessed (the planner takes the wide prior).
    for (const c of model.competencies) {
      if (rng.next() < 0.2) continue;
      const theta = -0.6 + 0.8 * rng.normal();
      const blind = rng.next() < 0.3;
      competencies[c.id] = { theta, sd: 0.3, self: { theta: theta + (blind ? 1.4 : 0.1 * rng.normal()), sd: 0.3, responses: 3 }, others: { theta, sd: 0.3, responses: 2 } };
    }
    const results = buildResults(model, { currentRole: role.id, ...(role.next ? { targetRole: role.next } : {}), competencies });
    return { results, budgetMinutes: [120, 300, 720, 2400][n % 4]! };
  });
}

/** Every explanation of every step of a plan, checked against the model, the results and the plan. */
function checkExplanations(model: Model, results: AssessmentResults, plan: Plan): { reasons: number } {
  const index = indexModel(model);
  const planned = new Set(plan.steps.map((s) => s.module));
  const required = new Set(model.roles.filter((r) => r.id === plan.currentRole || r.id === plan.targetRole).flatMap((r) => r.requirements.map((q) => q.competency)));
  const thetaOf = (competency: string) => results.competencies.find((c) => c.competency === competency)?.theta ?? PRIOR_THETA;
  let reasons = 0;
  for (const step of plan.steps) {
    const module = model.modules.find((m) => m.id === step.module)!;
    const m = index.moduleIndex.get(step.module)!;
    const where = `${model.id} ${step.module}`;
    const { why, what, how } = step.explanation;
    reasons += why.length + what.length + how.length;

    // How: the modality, the time, the first action; the link; each prerequisite also in the plan, in the model's order; the revisit.
    assert.deepEqual(how, [
      { code: 'modality', params: { modality: step.modality, kind: module.kind } },
      { code: 'time', params: { minutes: module.minutes } },
      { code: 'first-action', params: { module: module.id } },
      ...(module.url ? [{ code: 'launch', params: { module: module.id, url: module.url } }] : []),
      ...(module.prerequisites ?? []).filter((q) => planned.has(q)).map((q) => ({ code: 'do-after', params: { module: q } })),
      ...(step.revisit ? [{ code: 'schedule-after', params: step.revisit }] : []),
    ], `${where}: how`);

    // What: the module, then each competency it develops in the model's order, with this step's gain and,
    // for a competency the roles require, how well the module's starting level is pitched for the learner.
    const gains = new Map(step.develops.map((d) => [d.competency, d.expectedGain]));
    assert.deepEqual(what, [
      { code: 'module', params: { module: module.id, kind: module.kind } },
      ...module.develops.map((d, i) => ({
        code: 'develops',
        params: {
          competency: d.competency,
          ...(d.from !== undefined ? { from: d.from } : {}),
          to: d.to,
          expectedGain: gains.get(d.competency) ?? 0,
          ...(required.has(d.competency) ? { efficacy: pitchEfficacy(thetaOf(d.competency), index.effLow[index.effStart[m]! + i]!) } : {}),
        },
      })),
    ], `${where}: what`);

    // Why, in this order: blind spots, the awareness reason, the gaps closed, the evidence, unlocks, the revisit.
    const order = ['blind-spot', 'awareness', 'closes-gap', 'evidence', 'prerequisite-for', 'revisit'];
    const rank = (r: Reason) => order.indexOf(r.code === 'no-evidence' ? 'evidence' : r.code);
    assert.ok(why.every((r) => rank(r) >= 0), `${where}: an unknown reason in ${why.map((r) => r.code)}`);
    for (let i = 1; i < why.length; i++) assert.ok(rank(why[i - 1]!) <= rank(why[i]!), `${where}: why out of order: ${why.map((r) => r.code)}`);
    const of = (code: string) => why.filter((r) => r.code === code);
    const blindSpots = of('blind-spot').map((r) => String(r.params.competency));
    for (const c of blindSpots) {
      assert.ok(plan.gaps.some((g) => g.competency === c && g.blindSpot), `${where}: blind spot ${c} without a blind-spot gap`);
      assert.ok(step.awareness || (gains.get(c) ?? 0) > 0, `${where}: claims blind spot ${c} it does nothing for`);
    }
    // An awareness step names its first blind spot, or the first competency it develops.
    assert.deepEqual(of('awareness'), step.awareness ? [{ code: 'awareness', params: { competency: blindSpots[0] ?? module.develops[0]!.competency } }] : [], `${where}: awareness`);

    const closes = of('closes-gap');
    let value = 0;
    for (const r of closes) {
      const p = r.params as Record<string, number>;
      assert.ok(p.reduction! > 1e-9, `${where}: a gap closed by nothing (${p.reduction})`);
      near(p.share, p.reduction! / p.expectedShortfall!, `${where}: share of ${r.params.competency}`);
      near(p.value, p.weight! * p.reduction!, `${where}: value of ${r.params.competency}`);
      assert.ok((gains.get(String(r.params.competency)) ?? 0) > 0, `${where}: closes a gap on ${r.params.competency} it does not develop`);
      const gap = plan.gaps.find((g) => g.competency === r.params.competency && g.role === r.params.role && g.slot === r.params.slot);
      if (gap) {
        for (const key of ['requiredLevel', 'critical', 'pMeets', 'decision', 'expectedShortfall', 'theta'] as const) assert.equal(r.params[key], gap[key], `${where}: ${key} of ${gap.competency}`);
        // The gap's weight is the requirement's own; the reason's is weighted by its role's slot as well.
        near(p.weight, gap.weight * (plan.roleWeights?.[gap.slot] ?? 0), `${where}: weight of ${gap.competency}`);
      }
      value += p.value!;
    }
    for (let i = 1; i < closes.length; i++) assert.ok((closes[i - 1]!.params.value as number) >= (closes[i]!.params.value as number), `${where}: gaps closed not by value`);
    // The step's value is the gaps' values (less only what is too small to name).
    near(value, step.value, `${where}: value`, 1e-6);

    // Evidence: once for each competency named above, in the order first named.
    const named = [...new Set([...blindSpots, ...closes.map((r) => String(r.params.competency))])];
    assert.deepEqual(why.filter((r) => r.code === 'evidence' || r.code === 'no-evidence').map((r) => r.params.competency), named, `${where}: evidence`);
    assert.deepEqual(of('prerequisite-for').map((r) => r.params.module), step.unlocks, `${where}: unlocks`);
    assert.deepEqual(of('revisit'), step.revisit ? [{ code: 'revisit', params: step.revisit }] : [], `${where}: revisit`);
  }
  return { reasons };
}

/** Each third module gets a link, so that the launch reason is met. */
const withLinks = (model: Model): Model => ({ ...model, modules: model.modules.map((m, i) => (i % 3 === 0 && !m.url ? { ...m, url: `https://lms.example/${m.id}` } : m)) });

describe('every reason a step gives', () => {
  for (const name of ['people-leader', 'customer-success', 'software-engineer']) {
    it(`${name}: how, what and why of every step, for learners with blind spots and without evidence on some competencies`, () => {
      const model = JSON.parse(readFileSync(`demo/models/${name}.json`, 'utf8')) as Model;
      let steps = 0;
      const seen = new Set<string>();
      for (const { results, budgetMinutes } of learners(model, 24, name.length)) {
        const plan = planPathway(model, results, { budgetMinutes });
        checkExplanations(model, results, plan);
        steps += plan.steps.length;
        for (const s of plan.steps) for (const r of [...s.explanation.why, ...s.explanation.how]) seen.add(r.code);
      }
      assert.ok(steps > 50, `${steps} steps`);
      // The sample models hold links, prerequisites and revisits: each kind of reason is met.
      for (const code of ['launch', 'do-after', 'closes-gap', 'evidence', 'no-evidence', 'blind-spot', 'prerequisite-for']) assert.ok(seen.has(code), `${name}: no ${code} reason met`);
    });
  }

  it('generated instances: awareness modules, revisits, prerequisites in any order, links', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 30; seed++) {
      const declared = (['as-generated', 'reversed', 'shuffled'] as const)[seed % 3];
      const { model: raw, results } = generateInstance({ competencies: 12, modules: 40, roles: 2, seed, budgetMinutes: 1500, blindSpotShare: 0.3, awarenessShare: 0.15, declared });
      const model = withLinks(raw);
      const plan = planPathway(model, results, { budgetMinutes: 1500 });
      checkExplanations(model, results, plan);
      for (const s of plan.steps) for (const r of [...s.explanation.why, ...s.explanation.how]) seen.add(r.code);
    }
    for (const code of ['launch', 'do-after', 'schedule-after', 'revisit', 'awareness', 'blind-spot', 'prerequisite-for']) assert.ok(seen.has(code), `no ${code} reason met`);
  });
});

describe('the reasons of a step, hand-made', () => {
  const tiny = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Model;
  const member: Model = { ...tiny, roles: tiny.roles.map(({ next: _, ...r }) => r) };
  it('a module developing two competencies from different levels: each pitched from its own level', () => {
    const model: Model = {
      ...member,
      modules: [{ id: 'both', title: 'Both', kind: 'workshop', minutes: 120, develops: [{ competency: 'listening', from: 1, to: 3 }, { competency: 'feedback', from: 2, to: 3 }] }] as Model['modules'],
    };
    const results = buildResults(model, { currentRole: 'member', competencies: { listening: { theta: -1.4, sd: 0.3 }, feedback: { theta: -2.2, sd: 0.3 } } });
    const plan = planPathway(model, results, { budgetMinutes: 600 });
    assert.deepEqual(plan.steps.map((s) => s.module), ['both']);
    const efficacy = plan.steps[0]!.explanation.what.filter((r) => r.code === 'develops').map((r) => r.params.efficacy as number);
    // From level 1 for listening (θ −1.4 is within its pitch), from level 2 for feedback (θ −2.2 is well below it).
    assert.equal(efficacy[0], 1);
    assert.ok(efficacy[1]! < 0.9, `${efficacy[1]}`);
    checkExplanations(model, results, plan);
  });

  it('an awareness module names only the blind spots it has; a competency without a starting level says none', () => {
    // One awareness module on feedback (a blind spot) and listening (not one, and developed from no stated level).
    const model: Model = {
      ...member,
      modules: [{ id: 'aware-both', title: 'Both', kind: 'peer-learning', minutes: 45, awareness: true, develops: [{ competency: 'feedback', from: 1, to: 2 }, { competency: 'listening', to: 3 }] }] as Model['modules'],
    };
    const results = buildResults(model, { currentRole: 'member', competencies: { listening: { theta: -1, sd: 0.3 }, feedback: { theta: -1.6, sd: 0.3, self: { theta: 1.5, sd: 0.3, responses: 3 }, others: { theta: -1.4, sd: 0.3, responses: 3 } } } });
    const plan = planPathway(model, results, { budgetMinutes: 600 });
    assert.deepEqual(plan.steps.map((s) => s.module), ['aware-both']);
    const why = plan.steps[0]!.explanation.why;
    assert.deepEqual(why.filter((r) => r.code === 'blind-spot').map((r) => r.params.competency), ['feedback']);
    assert.ok(!('from' in plan.steps[0]!.explanation.what.find((r) => r.params.competency === 'listening')!.params));
    checkExplanations(model, results, plan);
  });

  it('a prerequisite already completed is not a step to do first', () => {
    const results = buildResults(member, { currentRole: 'member', competencies: { listening: { theta: -0.9, sd: 0.3 }, feedback: { theta: 1, sd: 0.3 } } });
    const plan = planPathway(member, results, { budgetMinutes: 600, completed: ['listening-course'] });
    const practice = plan.steps.find((s) => s.module === 'listening-practice')!;
    assert.deepEqual(practice.explanation.how.filter((r) => r.code === 'do-after'), []);
    const fresh = planPathway(member, results, { budgetMinutes: 600 }).steps.find((s) => s.module === 'listening-practice')!;
    assert.deepEqual(fresh.explanation.how.filter((r) => r.code === 'do-after'), [{ code: 'do-after', params: { module: 'listening-course' } }]);
    checkExplanations(member, results, plan);
  });

  it('a requirement met by a wide margin is not a gap the step closes, though the step moves its competency', () => {
    // Feedback at θ 0.5 ± 0.1: level 2 (member, θ −1.5) is met twenty SDs over; level 4 (lead, θ 0.5) is not sure.
    const results = buildResults(tiny, { currentRole: 'member', targetRole: 'lead', competencies: { listening: { theta: 2, sd: 0.2 }, feedback: { theta: 0.5, sd: 0.1 } } });
    const plan = planPathway(tiny, results, { budgetMinutes: 600 });
    const closes = plan.steps.flatMap((s) => s.explanation.why).filter((r) => r.code === 'closes-gap' && r.params.competency === 'feedback');
    assert.ok(closes.length > 0);
    assert.deepEqual([...new Set(closes.map((r) => r.params.role))], ['lead']);
    checkExplanations(tiny, results, plan);
  });

  it('steps are told apart by their own reasons: no step borrows another\'s', () => {
    const model = withLinks(member);
    const results = buildResults(model, { currentRole: 'member', competencies: { listening: { theta: -1.2, sd: 0.3 }, feedback: { theta: -2, sd: 0.3, self: { theta: 1, sd: 0.3, responses: 3 }, others: { theta: -2, sd: 0.3, responses: 3 } } } });
    const plan = planPathway(model, results, { budgetMinutes: 1000 });
    assert.ok(plan.steps.length >= 3);
    const first = (s: PlanStep) => s.explanation.how.find((r) => r.code === 'first-action')!.params.module;
    assert.deepEqual(plan.steps.map(first), plan.steps.map((s) => s.module));
    checkExplanations(model, results, plan);
  });
});
