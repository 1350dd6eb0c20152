// The planning problem compiled from a gap analysis (problem.ts), checked against its definition
// recomputed here from the analysis and the model: which requirements are worked on, each module's
// useful effects and own value, the candidates, the blend's scale and credits (the median candidate's
// value per minute), the coverage flags the "why no step" reasons read, and each module's closure
// (itself and everything to do before it, once each, prerequisites first).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { generateInstance } from '../../test/support/plan-instances.js';
import type { AssessmentResults, CompetencyResult } from '../assessment/types.js';
import { DEFAULT_BLEND } from '../model/defaults.js';
import type { Model, Module } from '../model/types.js';
import { analyse } from './gaps.js';
import { expectedGain, pitchEfficacy } from './gain.js';
import { indexModel } from './model-index.js';
import { closureOf, compileProblem, COVER_ANY, COVER_COMPLETED, COVER_REACHABLE, COVER_USEFUL, reductionAt, type PlanningProblem } from './problem.js';
import { DEFAULT_BLEND_STRENGTH, GAP_CONFIDENCE, MIN_EFFICACY, MIN_VALUE } from './settings.js';

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≠ ${expected}`);

function compile(model: Model, results: AssessmentResults, budget = 600, completed: string[] = [], options: { currentRoleWeight?: number } = {}): PlanningProblem {
  const index = indexModel(model);
  return compileProblem(analyse(index, results, options), { budget, completed: new Set(completed.map((id) => index.moduleIndex.get(id)!)), blend: DEFAULT_BLEND, blendStrength: DEFAULT_BLEND_STRENGTH });
}

/** Everything compileProblem derives, recomputed from the analysis and the model index. */
function expected(p: PlanningProblem) {
  const { analysis } = p;
  const index = analysis.index;
  const worked = analysis.terms.filter((t) => t.weight > 0 && t.shortfall > 0 && t.pMeets < GAP_CONFIDENCE);
  const competencies = [...new Set(worked.map((t) => t.competency))];
  const effects = index.modules.map((_, m) => {
    const kept: [number, number][] = [];
    if (p.completed[m]) return kept;
    for (let e = index.effStart[m]!; e < index.effStart[m + 1]!; e++) {
      const c = competencies.indexOf(index.effCompetency[e]!);
      if (c < 0) continue;
      const mean = analysis.states.get(competencies[c]!)!.mean;
      if (pitchEfficacy(mean, index.effLow[e]!) < MIN_EFFICACY) continue;
      const gain = expectedGain(mean, index.effLow[e]!, index.effHigh[e]!, index.minutes[m]!);
      if (gain > 0) kept.push([c, gain]);
    }
    return kept;
  });
  const value = effects.map((list) => {
    const x = new Map<number, number>();
    for (const [c, g] of list) x.set(c, (x.get(c) ?? 0) + g);
    return [...x].reduce((v, [c, g]) => v + reductionAt(p, c, g), 0);
  });
  const candidates = value.flatMap((v, m) => (v > MIN_VALUE ? [m] : []));
  const ratios = candidates.map((m) => value[m]! / index.minutes[m]!).sort((a, b) => a - b);
  const median = ratios.length > 0 ? ratios[ratios.length >> 1]! : 0;
  return { worked, competencies, effects, value, candidates, median };
}

describe('compileProblem', () => {
  const specs = [1, 2, 3, 4, 5, 6].map((seed) => ({ competencies: 6, modules: 18, roles: 3, seed, budgetMinutes: 600, prerequisiteShare: 0.3 }));

  it('works on the requirements probably not met that carry weight, with each module\'s useful effects, value and the candidates', () => {
    for (const spec of specs) {
      const { model, results } = generateInstance(spec);
      const p = compile(model, results, spec.budgetMinutes);
      const want = expected(p);
      assert.deepEqual([...p.compGlobal], want.competencies, `seed ${spec.seed}: competencies`);
      p.analysis.index.competencyIds.forEach((_, g) => assert.equal(p.compLocal[g], want.competencies.indexOf(g), `seed ${spec.seed}: local index of ${g}`));
      assert.deepEqual([...p.termSource].sort((a, b) => a - b), want.worked.map((t) => p.analysis.terms.indexOf(t)).sort((a, b) => a - b));
      close(p.totalShortfall, want.worked.reduce((s, t) => s + t.weight * t.shortfall, 0), 'total shortfall');
      want.effects.forEach((list, m) => {
        const got = Array.from({ length: p.effStart[m + 1]! - p.effStart[m]! }, (_, k) => [p.effComp[p.effStart[m]! + k]!, p.effGain[p.effStart[m]! + k]!]);
        assert.deepEqual(got, list, `seed ${spec.seed}: effects of module ${m}`);
        close(p.ownValue[m]!, want.value[m]!, `seed ${spec.seed}: value of module ${m}`);
      });
      assert.deepEqual([...p.candidates], want.candidates, `seed ${spec.seed}: candidates`);
    }
  });

  it("scales the blend by the median candidate's value per minute and credits a module's minutes in proportion below a quarter of it", () => {
    let partial = 0;
    for (const spec of specs) {
      const { model, results } = generateInstance(spec);
      const p = compile(model, results, spec.budgetMinutes);
      const { value, candidates, median } = expected(p);
      assert.ok(candidates.length >= 3, `seed ${spec.seed}: a median worth the name`);
      close(p.blendScale, DEFAULT_BLEND_STRENGTH * median, `seed ${spec.seed}: blend scale`);
      for (const m of candidates) {
        const ratio = value[m]! / p.minutes[m]!;
        const credit = p.minutes[m]! * Math.min(1, ratio / (0.25 * median));
        if (credit < p.minutes[m]!) partial++;
        close(p.blendCredit[m]!, credit, `seed ${spec.seed}: credit of module ${m}`);
      }
      // No budget: nothing to blend.
      assert.equal(compile(model, results, 0).blendScale, 0);
    }
    assert.ok(partial > 0, 'some module is credited in part');
  });
});

const tiny = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Model;
function results(competencies: Record<string, number>, roles: { currentRole?: string; targetRole?: string } = { currentRole: 'lead' }): AssessmentResults {
  const entries = Object.entries(competencies).map(([competency, theta]) => ({ competency, theta, sd: 0.3, responses: 6, sources: {} }) as unknown as CompetencyResult);
  return { format: 'pathway-results/1', model: { id: tiny.id, version: tiny.version }, rater: 'self', completed: true, itemsAnswered: 12, competencies: entries, overall: { score: 0 }, ...roles } as AssessmentResults;
}
const lead: Model = { ...tiny, roles: tiny.roles.map(({ next: _, ...r }) => r) };
const flags = (p: PlanningProblem, id: string) => p.coverage[p.compLocal[p.analysis.index.competencyIndex.get(id)!]!];

describe('coverage and the edges of the problem', () => {
  it('flags per competency: developed by some module, within reach, useful, completed', () => {
    // Feedback θ −3.5 against level 4: coaching and mentoring pitched too far above, debrief done.
    const p = compile(lead, results({ listening: -0.5, feedback: -3.5 }), 600, ['feedback-debrief']);
    assert.equal(flags(p, 'listening'), COVER_ANY | COVER_REACHABLE | COVER_USEFUL);
    assert.equal(flags(p, 'feedback'), COVER_ANY | COVER_COMPLETED);
  });

  it('a module whose value is below MIN_VALUE is no candidate and does not make its competency useful, even next to one that is', () => {
    // Listening a hair below level 4's typical person (θ 1): practice (to level 4) has next to no headroom.
    const model: Model = { ...lead, roles: [{ id: 'lead', title: 'Lead', requirements: [{ competency: 'listening', level: 5 }, { competency: 'feedback', level: 4 }] }] };
    model.modules = ['feedback-coaching', 'listening-practice', 'listening-course'].map((id) => tiny.modules.find((m) => m.id === id)!) as Module[];
    const p = compile(model, results({ listening: 1 - 1e-7, feedback: 0 }));
    const practice = p.analysis.index.moduleIndex.get('listening-practice')!;
    assert.ok(p.effStart[practice + 1]! > p.effStart[practice]!, 'practice keeps its tiny effect');
    assert.ok(p.ownValue[practice]! > 0 && p.ownValue[practice]! <= MIN_VALUE, String(p.ownValue[practice]));
    assert.deepEqual([...p.candidates], [p.analysis.index.moduleIndex.get('feedback-coaching')]);
    assert.equal(flags(p, 'listening'), COVER_ANY | COVER_REACHABLE);
  });

  it('a requirement with no weight (its role weighted 0) or already at P(meets) 0.8 is not worked on', () => {
    // Current role member (all met at these levels), target lead weighted 0: its gaps carry no weight.
    const zero = compile(tiny, results({ listening: 0, feedback: 0 }, { currentRole: 'member', targetRole: 'lead' }), 600, [], { currentRoleWeight: 1 });
    assert.equal(zero.nComp, 0);
    assert.deepEqual([...zero.compLocal], [-1, -1]);
    const at = (pMeets: number) => {
      const r = results({ listening: 0, feedback: 2 });
      r.competencies[0]!.current = { role: 'lead', requiredLevel: 4, threshold: 0.5, pMeets, expectedShortfall: 0.5, weight: 2, critical: true, decision: 'unsure', decided: false };
      return compile(lead, r).nComp;
    };
    assert.equal(at(GAP_CONFIDENCE), 0);
    assert.equal(at(GAP_CONFIDENCE - 1e-9), 1);
  });

  it('a module developing a competency the model does not know keeps its other effects', () => {
    const model: Model = { ...lead, modules: lead.modules.map((m) => (m.id === 'listening-practice' ? { ...m, develops: [{ competency: 'ghost', from: 2, to: 4 }, ...m.develops] } : m)) as Module[] };
    const p = compile(model, results({ listening: -0.5, feedback: 2 }));
    const practice = p.analysis.index.moduleIndex.get('listening-practice')!;
    assert.equal(p.effStart[practice + 1]! - p.effStart[practice]!, 1);
    assert.equal(p.effComp[p.effStart[practice]!], 0);
    assert.ok(Number.isFinite(p.effGain[p.effStart[practice]!]!) && p.ownValue[practice]! > MIN_VALUE);
  });
});

describe('closureOf', () => {
  const chain = (prerequisites: Record<string, string[]>, revisits: Record<string, string> = {}): Model => ({
    ...lead,
    modules: ['a', 'b', 'c', 'd'].map((id) => ({ ...structuredClone(tiny.modules[0]!), id, prerequisites: prerequisites[id] ?? [], ...(revisits[id] ? { revisits: revisits[id] } : {}) })) as Module[],
  });
  const closure = (model: Model, id: string, completed: string[] = []) => {
    const p = compile(model, results({ listening: -0.5, feedback: 2 }), 600, completed);
    const ids = p.analysis.index.model.modules.map((m) => m.id);
    return [...closureOf(p, ids.indexOf(id))].map((m) => ids[m]);
  };

  it('is the module and everything before it, each once, prerequisites first', () => {
    // d needs b and c, both need a (a diamond).
    const diamond = chain({ b: ['a'], c: ['a'], d: ['b', 'c'] });
    assert.deepEqual(closure(diamond, 'd'), ['a', 'b', 'c', 'd']);
    assert.deepEqual(closure(diamond, 'a'), ['a']);
  });

  it('stops at completed modules, and a completed module needs nothing', () => {
    const diamond = chain({ b: ['a'], c: ['a'], d: ['b', 'c'] });
    assert.deepEqual(closure(diamond, 'd', ['b']), ['a', 'c', 'd']);
    assert.deepEqual(closure(diamond, 'd', ['a']), ['b', 'c', 'd']);
    assert.deepEqual(closure(diamond, 'd', ['d']), []);
    assert.deepEqual(closure(diamond, 'a', ['a']), []);
  });

  it('ends on a cycle through revisit links', () => {
    const cycle = chain({ b: ['a'] }, { a: 'b' });
    assert.deepEqual(closure(cycle, 'b'), ['a', 'b']);
  });
});
