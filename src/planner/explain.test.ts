// The reasons a plan gives, parameter by parameter, on the tiny model: how sure the estimate is and
// whose evidence it rests on, why a blind spot is one, and which evidence would settle a requirement
// the assessment is not yet sure about.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { AssessmentResults, CompetencyResult } from '../assessment/types.js';
import type { Model } from '../model/types.js';
import { buildResults, type CompetencySpec } from '../../test/support/results-builder.js';
import { certainty } from './explain.js';
import { checkResults } from './results-input.js';
import { planPathway } from './plan.js';
import type { Plan, Reason } from './types.js';

const tiny = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Model;
// The member role alone (listening ≥ 3, θ −0.5; feedback ≥ 2, θ −1.5).
const member: Model = { ...tiny, roles: tiny.roles.map(({ next: _, ...r }) => r) };
const src = (theta: number, sd = 0.4, responses = 3) => ({ theta, sd, responses });

const plan = (competencies: Record<string, CompetencySpec>, model = member): Plan => planPathway(model, buildResults(model, { currentRole: 'member', competencies }));
const why = (p: Plan, code: string, competency: string): Reason | undefined =>
  p.steps.flatMap((s) => s.explanation.why).find((r) => r.code === code && r.params.competency === competency);

describe('how sure an estimate is', () => {
  it('high up to SD 0.3, moderate up to 0.5, low above', () => {
    assert.deepEqual([0.1, 0.3, 0.3001, 0.5, 0.5001, 2].map(certainty), ['high', 'high', 'moderate', 'moderate', 'low', 'low']);
  });
});

describe('the evidence behind a step', () => {
  it('names each source the estimate rests on, the responses and the SD', () => {
    const feedbackOk = { theta: 1, sd: 0.3 };
    const bySource = (spec: CompetencySpec) => why(plan({ listening: spec, feedback: feedbackOk }), 'evidence', 'listening')!.params;
    assert.deepEqual(bySource({ theta: -1, sd: 0.45, responses: 5, self: src(-1) }), {
      competency: 'listening', responses: 5, sd: 0.45, certainty: 'moderate', self: true, others: false, manager: false, peers: false,
    });
    assert.deepEqual(bySource({ theta: -1, sd: 0.25, responses: 9, others: src(-1), manager: src(-1) }), {
      competency: 'listening', responses: 9, sd: 0.25, certainty: 'high', self: false, others: true, manager: true, peers: false,
    });
    assert.deepEqual(bySource({ theta: -1, sd: 0.7, responses: 4, peers: src(-1) }), {
      competency: 'listening', responses: 4, sd: 0.7, certainty: 'low', self: false, others: false, manager: false, peers: true,
    });
  });

  it('says when the results hold nothing on the competency', () => {
    // Feedback has no result: the prior N(0, 1) puts it at P 0.93 above level 2, so use the lead role (level 4).
    const lead: Model = { ...member, roles: [{ id: 'member', title: 'Lead', requirements: [{ competency: 'feedback', level: 4 }] }] };
    const p = plan({ listening: { theta: 1, sd: 0.3 } }, lead);
    assert.deepEqual(why(p, 'no-evidence', 'feedback'), { code: 'no-evidence', params: { competency: 'feedback' } });
    assert.equal(why(p, 'evidence', 'feedback'), undefined);
  });
});

describe('why a blind spot is one', () => {
  const results = (change: (c: CompetencyResult) => CompetencyResult): AssessmentResults => {
    const r = buildResults(member, { currentRole: 'member', competencies: { listening: { theta: 1, sd: 0.3 }, feedback: { theta: -1.6, sd: 0.3, self: src(1.5, 0.3), others: src(-1.4, 0.3) } } });
    return { ...r, competencies: r.competencies.map((c) => (c.competency === 'feedback' ? change(c) : c)) };
  };
  const blindSpot = (r: AssessmentResults) => planPathway(member, r).steps.flatMap((s) => s.explanation.why).find((x) => x.code === 'blind-spot')!;

  it('quotes the gap, how likely the overestimate is, and both levels', () => {
    const r = results((c) => c);
    const feedback = r.competencies.find((c) => c.competency === 'feedback')!;
    assert.equal(feedback.selfOther!.flag, 'blind-spot');
    assert.deepEqual(blindSpot(r).params, {
      competency: 'feedback',
      gap: feedback.selfOther!.gap,
      pOverestimate: feedback.selfOther!.pOverestimate,
      selfLevel: feedback.sources.self!.level,
      othersLevel: feedback.sources.others!.level,
    });
  });

  it('works the levels out from θ when the results leave them out, and leaves out a view that is missing', () => {
    const noLevels = results((c) => ({ ...c, sources: { self: { ...c.sources.self!, level: Number.NaN }, others: { ...c.sources.others!, level: undefined as unknown as number } } }));
    const params = blindSpot(noLevels).params;
    // Five levels, one θ apart, centred on 0: level = θ + 3, clamped to 1–5.
    assert.ok(Math.abs(Number(params.selfLevel) - 4.5) < 1e-9, String(params.selfLevel));
    assert.ok(Math.abs(Number(params.othersLevel) - 1.6) < 1e-9, String(params.othersLevel));
    const selfOnly = blindSpot(results((c) => ({ ...c, sources: { self: c.sources.self! } })));
    assert.deepEqual(Object.keys(selfOnly.params).sort(), ['competency', 'gap', 'pOverestimate', 'selfLevel']);
    const bare = blindSpot(results((c) => ({ ...c, sources: {}, selfOther: { flag: 'blind-spot' } as CompetencyResult['selfOther'] })));
    assert.deepEqual(bare.params, { competency: 'feedback', gap: 0, pOverestimate: 0 });
  });
});

describe('what would settle a requirement not yet sure', () => {
  // P(meets) about 0.5 on both requirements: listening θ −0.5 (level 3), feedback θ −1.5 (level 2).
  const unsure = { listening: { theta: -0.5, sd: 0.4 }, feedback: { theta: -1.5, sd: 0.4 } };
  const settled = (p: Plan) => Object.fromEntries((p.settle ?? []).map((s) => [s.competency, s.reason.params.evidence]));

  it("a manager's view when there is none and managers can rate it; then a work sample if the model has one; else a re-assessment", () => {
    const first = plan(unsure);
    assert.deepEqual(settled(first), { listening: 'manager', feedback: 'manager' });
    const settle = first.settle!.find((s) => s.competency === 'feedback')!;
    assert.deepEqual(settle.reason.params, { competency: 'feedback', role: 'member', slot: 'current', requiredLevel: 2, pMeets: settle.reason.params.pMeets, evidence: 'manager' });
    assert.ok(Math.abs(Number(settle.reason.params.pMeets) - 0.5) < 1e-3);
    const rated = plan({ listening: { ...unsure.listening, manager: src(-0.5) }, feedback: { ...unsure.feedback, manager: src(-1.5) } });
    // Feedback has a work-sample item (f-ev-1); listening has none.
    assert.deepEqual(settled(rated), { listening: 'reassess', feedback: 'work-sample' });
    // Items only the learner answers: no manager's view to ask for.
    const selfOnly: Model = { ...member, items: member.items.map((i) => ({ ...i, raters: ['self'] })) as Model['items'] };
    assert.deepEqual(settled(plan(unsure, selfOnly)), { listening: 'reassess', feedback: 'work-sample' });
  });
});

describe('results written by hand (only competency, θ and SD, as checkResults accepts)', () => {
  // No `sources`, no levels: a results file an L&D admin writes or another tool exports.
  const bare = (competencies: Record<string, Record<string, unknown>>): AssessmentResults => {
    const value = { format: 'pathway-results/1', model: { id: member.id, version: member.version }, currentRole: 'member', competencies: Object.entries(competencies).map(([competency, c]) => ({ competency, ...c })) };
    const check = checkResults(member, value);
    assert.ok(check.ok, JSON.stringify(check.problems));
    return check.results;
  };

  it('plan with reasons that name no source, a blind spot without levels, and a manager to settle what is not yet sure', () => {
    const p = planPathway(member, bare({ listening: { theta: -0.5, sd: 0.4 }, feedback: { theta: -2.5, sd: 0.3, selfOther: { flag: 'blind-spot', gap: 1.2, pOverestimate: 0.7 } } }));
    assert.deepEqual(why(p, 'evidence', 'feedback')!.params, { competency: 'feedback', responses: undefined, sd: 0.3, certainty: 'high', self: false, others: false, manager: false, peers: false });
    assert.deepEqual(p.steps.flatMap((s) => s.explanation.why).find((r) => r.code === 'blind-spot')!.params, { competency: 'feedback', gap: 1.2, pOverestimate: 0.7 });
    assert.deepEqual(Object.fromEntries((p.settle ?? []).map((s) => [s.competency, s.reason.params.evidence])), { listening: 'manager' });
  });
});
