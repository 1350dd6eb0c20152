// The gap analysis on the tiny model, against figures worked out here: Φ and the expected shortfall
// by numerical integration (not the planner's normal.ts), thresholds from the level layout (levels
// one θ apart, centred on 0: "at least level 3" on a five-level scale is θ ≥ −0.5), role weights,
// the critical factor, the order of gaps and strengths, and the notes bad input gets.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { AssessmentResults, CompetencyResult, RoleCheck } from '../assessment/types.js';
import type { Model } from '../model/types.js';
import { analyse, analyseGaps, publicAnalysis } from './gaps.js';
import { indexModel } from './model-index.js';
import { density, pAtLeast, simpson } from '../../test/support/normal-reference.js';

const tiny = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Model;
// member: listening ≥ 3 (weight 2, critical), feedback ≥ 2; its next role is lead: listening ≥ 4
// (weight 2, critical), feedback ≥ 4 (weight 3).
const T = { 2: -1.5, 3: -0.5, 4: 0.5, 5: 1.5 } as const;
/** The tiny model without `next`: a current role alone stays alone. */
const alone: Model = { ...tiny, roles: tiny.roles.map(({ next: _, ...r }) => r) };
const Z90 = 1.6448536269514722; // the 95th percentile of N(0, 1), from the published tables

/** E[(t − θ)₊] for θ ~ N(mean, sd²). */
const shortfall = (t: number, mean: number, sd: number): number => simpson((z) => (t - (mean + sd * z)) * density(z), -12, (t - mean) / sd);
const close = (actual: number, expected: number, what: string, tolerance = 1e-6): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} ≠ ${expected}`);

function competency(id: string, theta: number, sd: number, extra: Partial<CompetencyResult> = {}): CompetencyResult {
  return { competency: id, theta, sd, responses: 4, sources: {}, ...extra } as CompetencyResult;
}
function resultsOf(competencies: CompetencyResult[], roles: { currentRole?: string; targetRole?: string } = { currentRole: 'member', targetRole: 'lead' }): AssessmentResults {
  return { format: 'pathway-results/1', model: { id: tiny.id, version: tiny.version }, rater: 'self', completed: true, itemsAnswered: 8, competencies, overall: { score: 0 }, ...roles } as AssessmentResults;
}
const check = (role: string, requiredLevel: number, pMeets: number, decision?: RoleCheck['decision']): RoleCheck =>
  ({ role, requiredLevel, threshold: T[requiredLevel as 3], pMeets, expectedShortfall: 0, weight: 1, critical: false, decided: false, ...(decision ? { decision } : {}) }) as RoleCheck;

describe('gap analysis', () => {
  it('prices each requirement probably not met: P(meets), expected shortfall, weight, priority and the decision', () => {
    const analysis = analyseGaps(tiny, resultsOf([competency('listening', -0.2, 0.5), competency('feedback', 0, 0.4)]));
    assert.deepEqual(analysis.roleWeights, { current: 0.4, target: 0.6 });
    // member/feedback (θ 0 against −1.5, SD 0.4) is met beyond doubt: not a gap.
    const expected = [
      { competency: 'listening', role: 'lead', slot: 'target', level: 4, mean: -0.2, sd: 0.5, importance: 2 * 1.5, roleWeight: 0.6, critical: true },
      { competency: 'feedback', role: 'lead', slot: 'target', level: 4, mean: 0, sd: 0.4, importance: 3, roleWeight: 0.6, critical: false },
      { competency: 'listening', role: 'member', slot: 'current', level: 3, mean: -0.2, sd: 0.5, importance: 2 * 1.5, roleWeight: 0.4, critical: true },
    ].map((e) => {
      const t = T[e.level as 3];
      const es = shortfall(t, e.mean, e.sd);
      return { ...e, t, pMeets: pAtLeast(t, e.mean, e.sd), es, priority: e.roleWeight * e.importance * es };
    });
    // Highest priority first.
    expected.sort((a, b) => b.priority - a.priority);
    assert.deepEqual(
      analysis.gaps.map((g) => `${g.competency}/${g.role}`),
      expected.map((e) => `${e.competency}/${e.role}`),
    );
    analysis.gaps.forEach((g, i) => {
      const e = expected[i]!;
      const what = `${e.competency}/${e.role}`;
      assert.equal(g.slot, e.slot, what);
      assert.equal(g.requiredLevel, e.level, what);
      assert.equal(g.threshold, e.t, what);
      assert.equal(g.theta, e.mean, what);
      assert.equal(g.sd, e.sd, what);
      assert.equal(g.weight, e.importance, what);
      assert.equal(g.critical, e.critical, what);
      assert.equal(g.blindSpot, false, what);
      assert.equal(g.noEvidence, undefined, what);
      close(g.pMeets, e.pMeets, `${what} pMeets`);
      close(g.expectedShortfall, e.es, `${what} expected shortfall`);
      close(g.priority, e.priority, `${what} priority`);
      // Three-way decision with the default thresholds 0.8 / 0.2.
      assert.equal(g.decision, e.pMeets >= 0.8 ? 'meets' : e.pMeets <= 0.2 ? 'below' : 'unsure', what);
      // Level 3 is θ −0.5…0.5 on this scale: θ maps to θ + 3, with the 90 % interval ± Z90·SD.
      close(g.level, e.mean + 3, `${what} level`, 1e-12);
      close(g.levelInterval90[0], e.mean - Z90 * e.sd + 3, `${what} interval`, 1e-9);
      close(g.levelInterval90[1], e.mean + Z90 * e.sd + 3, `${what} interval`, 1e-9);
    });
    // Worked out: P(meets) 0.08 and 0.11 at level 4, 0.73 at level 3.
    assert.deepEqual(
      analysis.gaps.map((g) => g.decision),
      ['below', 'below', 'unsure'],
    );
    assert.deepEqual(analysis.strengths, []);
    assert.deepEqual(analysis.notes, []);
  });

  it('puts blind spots first whatever their priority, then breaks ties by competency id', () => {
    const flagged = analyseGaps(tiny, resultsOf([competency('listening', -0.2, 0.5), competency('feedback', 0.3, 0.4, { selfOther: { flag: 'blind-spot' } as CompetencyResult['selfOther'] })]));
    assert.deepEqual(
      flagged.gaps.map((g) => [g.competency, g.role, g.blindSpot]),
      [
        ['feedback', 'lead', true],
        ['listening', 'lead', false],
        ['listening', 'member', false],
      ],
    );
    // Two requirements of equal priority (same estimate, weight and threshold): by id.
    const twin: Model = { ...tiny, roles: [{ id: 'pair', title: 'Pair', requirements: [{ competency: 'listening', level: 4 }, { competency: 'feedback', level: 4 }] }] };
    const tied = analyseGaps(twin, resultsOf([competency('listening', 0, 0.5), competency('feedback', 0, 0.5)], { currentRole: 'pair' }));
    assert.deepEqual(
      tied.gaps.map((g) => g.competency),
      ['feedback', 'listening'],
    );
    close(tied.gaps[0]!.priority, tied.gaps[1]!.priority, 'equal priorities', 0);
  });

  it("quotes the assessment's own P(meets) and decision for its roles, and counts 0.8 as no gap", () => {
    const at = (pMeets: number, decision?: RoleCheck['decision'], role = 'member') =>
      analyseGaps(alone, resultsOf([competency('listening', -0.2, 0.5, { current: check(role, 3, pMeets, decision) }), competency('feedback', 2, 0.3)], { currentRole: 'member' }));
    assert.deepEqual(at(0.8).gaps, []);
    const just = at(0.7999, 'meets').gaps;
    assert.equal(just.length, 1);
    assert.equal(just[0]!.pMeets, 0.7999);
    // The decision the results carry stands (here a stricter author's "meets"); without one it is recomputed.
    assert.equal(just[0]!.decision, 'meets');
    assert.equal(at(0.7999).gaps[0]!.decision, 'unsure');
    assert.equal(at(0.1).gaps[0]!.decision, 'below');
    // A check for another role is not this requirement's: P(meets) from θ and SD.
    const other = at(0.99, 'meets', 'lead').gaps[0]!;
    close(other.pMeets, pAtLeast(-0.5, -0.2, 0.5), 'pMeets from the estimate');
    assert.equal(other.decision, 'unsure');
    // The reported level and interval are quoted as the results give them.
    const quoted = analyseGaps(alone, resultsOf([competency('listening', -0.2, 0.5, { level: 2.75, levelInterval90: [2, 3.5] }), competency('feedback', 2, 0.3)], { currentRole: 'member' })).gaps[0]!;
    assert.equal(quoted.level, 2.75);
    assert.deepEqual(quoted.levelInterval90, [2, 3.5]);
  });

  it('lists strengths at least a level above the highest requirement, and hidden strengths the evidence bears out', () => {
    // Both roles: listening's highest requirement is level 4 (θ ≥ 0.5), so a level above is θ ≥ 1.5.
    const both = analyseGaps(tiny, resultsOf([competency('listening', 2, 0.3), competency('feedback', 2.4, 0.3)]));
    const pListening = pAtLeast(1.5, 2, 0.3);
    const pFeedback = pAtLeast(1.5, 2.4, 0.3);
    assert.deepEqual(
      both.strengths.map((s) => [s.competency, s.requiredLevel, s.role, s.hiddenStrength]),
      [
        ['feedback', 4, 'lead', false],
        ['listening', 4, 'lead', false],
      ],
    );
    close(both.strengths[0]!.pAbove, pFeedback, 'feedback pAbove');
    close(both.strengths[1]!.pAbove, pListening, 'listening pAbove');
    close(both.strengths[1]!.level, 5, 'level (clamped to the top of the scale)', 1e-12);
    // Current role only: listening's requirement is level 3, a level above is θ ≥ 0.5.
    const current = analyseGaps(alone, resultsOf([competency('listening', 0.9, 0.3), competency('feedback', -1, 0.3)], { currentRole: 'member' }));
    assert.deepEqual(
      current.strengths.map((s) => [s.competency, s.requiredLevel, s.role]),
      [['listening', 3, 'member']],
    );
    close(current.strengths[0]!.pAbove, pAtLeast(0.5, 0.9, 0.3), 'pAbove over level 3');
    // A hidden strength counts when the requirement itself is clearly met, not otherwise.
    const hidden = { selfOther: { flag: 'hidden-strength' } as CompetencyResult['selfOther'] };
    const shown = analyseGaps(alone, resultsOf([competency('listening', 0, 0.3, hidden), competency('feedback', -1, 0.3)], { currentRole: 'member' }));
    assert.deepEqual(
      shown.strengths.map((s) => [s.competency, s.hiddenStrength]),
      [['listening', true]],
    );
    const notShown = analyseGaps(alone, resultsOf([competency('listening', -0.5, 0.3, hidden), competency('feedback', -1, 0.3)], { currentRole: 'member' }));
    assert.deepEqual(notShown.strengths, []);
  });

  it('above a lowest-level requirement, a strength is measured from level 2', () => {
    const lowest: Model = { ...tiny, roles: [{ id: 'starter', title: 'Starter', requirements: [{ competency: 'listening', level: 1 }] }] };
    const analysis = analyseGaps(lowest, resultsOf([competency('listening', -1, 0.3)], { currentRole: 'starter' }));
    assert.deepEqual(analysis.gaps, []);
    assert.equal(analysis.strengths.length, 1);
    close(analysis.strengths[0]!.pAbove, pAtLeast(T[2], -1, 0.3), 'pAbove over level 1');
  });

  it('assumes the prior N(0, 1) where the results say nothing, and says so', () => {
    const analysis = analyseGaps(alone, resultsOf([competency('listening', 1, 0.3)], { currentRole: 'member' }));
    const feedback = analysis.gaps.find((g) => g.competency === 'feedback');
    // P(θ ≥ −1.5) under N(0, 1) is 0.93: no gap at level 2, so no entry — but the note is there.
    assert.equal(feedback, undefined);
    assert.deepEqual(analysis.notes, [{ code: 'no-evidence', params: { competency: 'feedback' } }]);
    const lead = analyseGaps(tiny, resultsOf([competency('listening', 1, 0.3)], { currentRole: 'lead' }));
    const gap = lead.gaps.find((g) => g.competency === 'feedback')!;
    assert.equal(gap.noEvidence, true);
    assert.equal(gap.theta, 0);
    assert.equal(gap.sd, 1);
    close(gap.pMeets, pAtLeast(0.5, 0, 1), 'pMeets under the prior');
  });
});

describe('roles and their weights', () => {
  const two = [competency('listening', 0, 0.5), competency('feedback', 0, 0.5)];

  it('weights the current role as asked, clamped to 0–1, the target role the rest', () => {
    const weights = (currentRoleWeight: number, model = tiny) => analyseGaps(model, resultsOf(two), { currentRoleWeight }).roleWeights;
    assert.deepEqual(weights(0.25), { current: 0.25, target: 0.75 });
    assert.deepEqual(weights(1.7), { current: 1, target: 0 });
    assert.deepEqual(weights(-0.3), { current: 0, target: 1 });
    assert.deepEqual(weights(Number.NaN), { current: 0.4, target: 0.6 });
    // The option wins over the model's setting.
    assert.deepEqual(weights(0.25, { ...tiny, planning: { ...tiny.planning, currentRoleWeight: 0.9 } }), { current: 0.25, target: 0.75 });
    // One role: it carries all the weight.
    assert.deepEqual(analyseGaps(tiny, resultsOf(two, { targetRole: 'lead' })).roleWeights, { target: 1 });
    assert.deepEqual(analyseGaps(alone, resultsOf(two, { currentRole: 'member' })).roleWeights, { current: 1 });
  });

  it('takes roles from the options over the results, and names what it cannot use', () => {
    const swapped = analyseGaps(tiny, resultsOf(two), { currentRole: 'lead', targetRole: 'member' });
    assert.equal(swapped.currentRole, 'lead');
    assert.equal(swapped.targetRole, 'member');
    assert.deepEqual(swapped.notes, []);

    const unknownTarget = analyseGaps(tiny, resultsOf(two, { currentRole: 'member', targetRole: 'chief' }));
    assert.deepEqual(unknownTarget.notes, [{ code: 'unknown-role', params: { role: 'chief', slot: 'target' } }]);
    // A target was named (if unknown): the current role's next is not put in its place.
    assert.equal(unknownTarget.targetRole, undefined);
    assert.deepEqual(unknownTarget.roleWeights, { current: 1 });

    const unknownCurrent = analyseGaps(tiny, resultsOf(two, { currentRole: 'intern', targetRole: 'lead' }));
    assert.deepEqual(unknownCurrent.notes, [{ code: 'unknown-role', params: { role: 'intern', slot: 'current' } }]);
    assert.equal(unknownCurrent.currentRole, undefined);

    const next = analyseGaps(tiny, resultsOf(two, { currentRole: 'member' }));
    assert.equal(next.targetRole, 'lead');
    assert.deepEqual(next.notes, [{ code: 'target-from-next', params: { role: 'lead', from: 'member' } }]);

    const same = analyseGaps(tiny, resultsOf(two, { currentRole: 'lead', targetRole: 'lead' }));
    assert.deepEqual(same.notes, [{ code: 'same-role', params: { role: 'lead' } }]);
    assert.equal(same.targetRole, undefined);
    assert.ok(same.gaps.every((g) => g.slot === 'current'));

    const none = analyseGaps(tiny, resultsOf(two, {}));
    assert.deepEqual(none.notes, [{ code: 'no-role', params: {} }]);
    assert.deepEqual(none.gaps, []);
    assert.deepEqual(none.roleWeights, {});
  });
});

describe('results the gap analysis cannot fully use', () => {
  it('names another model, another version, unknown competencies and unusable estimates, and plans with the rest', () => {
    const base = resultsOf([competency('listening', -0.2, 0.5), competency('feedback', 0, 0.4)], { currentRole: 'member' });
    assert.deepEqual(analyseGaps(tiny, { ...base, model: { id: 'https://pathway.example/models/other', version: tiny.version } }).notes.slice(0, 1), [
      { code: 'model-mismatch', params: { expected: tiny.id, found: 'https://pathway.example/models/other' } },
    ]);
    assert.deepEqual(analyseGaps(tiny, { ...base, model: { id: tiny.id, version: '0.1.0' } }).notes.slice(0, 1), [{ code: 'version-mismatch', params: { expected: tiny.version, found: '0.1.0' } }]);
    const junk = analyseGaps(alone, {
      ...base,
      competencies: [null, 'x', competency('listening', -0.2, 0), competency('feedback', Number.NaN, 0.4), competency('empathy', 0, 1), competency('listening', -0.2, Number.POSITIVE_INFINITY)] as unknown as CompetencyResult[],
    });
    assert.deepEqual(
      junk.notes.map((n) => [n.code, n.params.competency]),
      [
        ['invalid-estimate', 'listening'],
        ['invalid-estimate', 'feedback'],
        ['unknown-competency', 'empathy'],
        ['invalid-estimate', 'listening'],
        ['no-evidence', 'listening'],
        ['no-evidence', 'feedback'],
      ],
    );
    for (const g of junk.gaps) assert.equal(g.noEvidence, true);
    for (const given of [null, 'results', 42, []] as unknown[]) {
      const analysis = analyseGaps(alone, given as AssessmentResults, { currentRole: 'member' });
      assert.equal(analysis.currentRole, 'member');
      assert.ok(analysis.notes.some((n) => n.code === 'no-evidence'));
    }
  });
});

describe('what the gap analysis tolerates and how it settles ties', () => {
  const two = [competency('listening', 0, 0.5), competency('feedback', 0, 0.5)];

  it('results that are not an object at all: every required competency at the prior, each named once', () => {
    for (const given of [undefined, null, 42, 'results', []]) {
      const analysis = analyseGaps(tiny, given as unknown as AssessmentResults, { currentRole: 'member', targetRole: 'lead' });
      assert.deepEqual(analysis.notes, [
        { code: 'no-evidence', params: { competency: 'listening' } },
        { code: 'no-evidence', params: { competency: 'feedback' } },
      ], String(given));
      assert.ok(analysis.gaps.every((g) => g.noEvidence === true && g.theta === 0 && g.sd === 1), String(given));
    }
  });

  it('a model as the planner may meet it unvalidated: no planning section, a `next` role that does not exist, a requirement on an unknown competency', () => {
    const { planning: _, ...noPlanning } = tiny;
    assert.deepEqual(analyseGaps(noPlanning as Model, resultsOf(two)).roleWeights, { current: 0.4, target: 0.6 });
    const ghostNext: Model = { ...tiny, roles: [{ ...tiny.roles[0]!, next: 'ghost' }, tiny.roles[1]!] };
    const alone2 = analyseGaps(ghostNext, resultsOf(two, { currentRole: 'member' }));
    assert.equal(alone2.targetRole, undefined);
    assert.deepEqual(alone2.notes, []);
    const unknown: Model = { ...tiny, roles: [{ id: 'member', title: 'Member', requirements: [{ competency: 'empathy', level: 3 }, { competency: 'listening', level: 4 }] }] };
    assert.deepEqual(analyseGaps(unknown, resultsOf(two, { currentRole: 'member' })).gaps.map((g) => g.competency), ['listening']);
  });

  it("quotes the results' check only for the same role and level; otherwise decides with the model's own thresholds", () => {
    const strict: Model = { ...alone, assessment: { ...alone.assessment, decision: { meets: 0.9, below: 0.1 } } };
    // Checks without a decision (results saved before decisions existed): P(meets) 0.85 is "not yet sure" under 0.9 / 0.1.
    const terms = analyse(indexModel(strict), resultsOf([competency('listening', 0, 0.5, { current: check('member', 3, 0.85) }), competency('feedback', 2, 0.3)], { currentRole: 'member' }), {}).terms;
    const unsure = terms.find((t) => t.requiredLevel === 3)!;
    assert.equal(unsure.pMeets, 0.85);
    assert.equal(unsure.decision, 'unsure');
    // A check for the same role at another level (the model changed since): neither its P(meets) nor its decision.
    const moved = analyseGaps(alone, resultsOf([competency('listening', -0.2, 0.5, { current: check('member', 4, 0.99, 'meets') }), competency('feedback', 2, 0.3)], { currentRole: 'member' })).gaps[0]!;
    close(moved.pMeets, pAtLeast(T[3], -0.2, 0.5), 'P(meets) from θ and SD');
    assert.equal(moved.decision, 'unsure');
  });

  it('after predicted progress, P(meets), the decision and the level come from the moved estimate, not the results', () => {
    const results = resultsOf([competency('listening', -0.8, 0.4, { level: 2.2, levelInterval90: [1.5, 2.9], current: check('member', 3, 0.23, 'unsure') }), competency('feedback', 2, 0.3)], { currentRole: 'member' });
    const analysis = analyse(indexModel(alone), results, {}, new Map([['listening', 0.5]]));
    const term = analysis.terms.find((t) => t.competency === analysis.index.competencyIndex.get('listening'))!;
    close(term.pMeets, pAtLeast(T[3], -0.3, 0.4), 'P(meets) at θ −0.8 + 0.5');
    assert.equal(term.decision, 'unsure');
    const gap = publicAnalysis(analysis).gaps[0]!;
    close(gap.level, 2.7, 'level from θ −0.3', 1e-12);
    close(gap.levelInterval90[0], 2.7 - Z90 * 0.4, 'interval from θ and SD', 1e-12);
  });

  it('a strength is measured above the highest requirement whichever role sets it, the current role first on a tie', () => {
    const roles = (current: number, target: number): Model => ({
      ...tiny,
      roles: [
        { id: 'member', title: 'Member', next: 'lead', requirements: [{ competency: 'listening', level: current }] },
        { id: 'lead', title: 'Lead', requirements: [{ competency: 'listening', level: target }] },
      ],
    });
    const higher = analyseGaps(roles(4, 3), resultsOf([competency('listening', 2, 0.3)])).strengths;
    assert.deepEqual(higher.map((s) => [s.requiredLevel, s.role]), [[4, 'member']]);
    close(higher[0]!.pAbove, pAtLeast(T[5], 2, 0.3), 'pAbove over level 4');
    assert.deepEqual(analyseGaps(roles(4, 4), resultsOf([competency('listening', 2, 0.3)])).strengths.map((s) => s.role), ['member']);
  });

  it('no strength without evidence, and strengths by P(above) first, ids only on a tie', () => {
    const starter: Model = { ...tiny, roles: [{ id: 'starter', title: 'Starter', requirements: [{ competency: 'listening', level: 1 }, { competency: 'feedback', level: 1 }] }] };
    // Feedback has no result: the prior puts P(θ ≥ level 2) at 0.93, but that is not evidence of a strength.
    assert.deepEqual(analyseGaps(starter, resultsOf([competency('listening', 0, 0.3)], { currentRole: 'starter' })).strengths.map((s) => s.competency), ['listening']);
    const both = analyseGaps(starter, resultsOf([competency('listening', 0, 0.3), competency('feedback', -1, 0.4)], { currentRole: 'starter' })).strengths;
    assert.deepEqual(both.map((s) => s.competency), ['listening', 'feedback']);
    assert.ok(both[0]!.pAbove > both[1]!.pAbove);
  });
});
