// What a learner and an LMS are told (results.ts), checked against the fused posteriors with sums
// written here: the estimate and its interval, each source's own view, the role checks and their
// three-way decisions, the overall score and P(meets every critical requirement), which competencies
// are shown, and when a self-view is compared with the other evidence.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import type { Model, Rater } from '../model/types.js';
import { bankFor, type Bank } from './bank.js';
import { resolveConfig, type Config } from './config.js';
import { Evidence, type Observation } from './evidence.js';
import { fuse, FUSION, type CompetencyPosterior } from './posterior.js';
import { buildResults, selfOtherFlag } from './results.js';
import type { AssessmentResults } from './types.js';

const tiny = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Model;
let bank: Bank;
before(() => {
  bank = bankFor(tiny);
});
const item = (id: string): number => bank.itemIndex.get(id)!;
const at = (rater: Rater, raterId?: string) => (id: string, outcome: number): Observation => ({ item: item(id), outcome, rater, ...(raterId ? { raterId } : {}) });

interface Fused {
  config: Config;
  evidence: Evidence;
  posteriors: Map<number, CompetencyPosterior>;
  results: AssessmentResults;
}

function fused(observations: Observation[], options: Parameters<typeof resolveConfig>[2] = { currentRole: 'member' }, meta = { completed: true, stopReason: 'decided' as const, itemsAnswered: observations.length }): Fused {
  const config = resolveConfig(tiny, bank, options);
  const evidence = new Evidence(bank, config.selfLeniency);
  for (const o of observations) evidence.add(o);
  const posteriors = fuse(bank, evidence, bank.competencies.map((_, c) => c));
  return { config, evidence, posteriors, results: buildResults(bank, config, evidence, posteriors, meta) };
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
/** Mass-weighted mean, SD (with the within-cell spread) and quantiles, each cell's mass spread evenly over it. */
function summary(w: Float64Array): { theta: number; sd: number; q05: number; q95: number } {
  const { points, step } = bank.grid;
  let mean = 0;
  w.forEach((m, j) => (mean += m * points[j]!));
  let variance = step ** 2 / 12;
  w.forEach((m, j) => (variance += m * (points[j]! - mean) ** 2));
  const quantile = (p: number): number => {
    let below = 0;
    for (let j = 0; j < w.length; j++) {
      if (w[j]! > 0 && below + w[j]! >= p) return points[j]! - step / 2 + ((p - below) / w[j]!) * step;
      below += w[j]!;
    }
    return points.at(-1)! + step / 2;
  };
  return { theta: mean, sd: Math.sqrt(variance), q05: quantile(0.05), q95: quantile(0.95) };
}
/** P(θ ≥ t) with each cell's mass spread evenly over it. */
function pAtLeast(w: Float64Array, t: number): number {
  const { points, step } = bank.grid;
  let p = 0;
  w.forEach((m, j) => (p += m * Math.min(1, Math.max(0, (points[j]! + step / 2 - t) / step))));
  return p;
}
/** Posterior weights from the prior and the given log likelihoods. */
function weightsOf(...logs: Float64Array[]): Float64Array {
  const log = bank.grid.logPrior.map((x, j) => x + logs.reduce((s, l) => s + l[j]!, 0));
  const max = Math.max(...log);
  const w = log.map((x) => Math.exp(x - max));
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / total);
}
/** Tiny's five-level scale: levels 1…5 one θ apart, centred on 0 (and no level beyond its ends). */
const levelOf = (theta: number) => Math.min(5, Math.max(1, theta + 3));

const self = at('self');
// A function, not a constant: observations name items by their index in the bank, built in `before` (no
// engine code while the file loads: docs/testing.md, Mutation testing).
const selfAndBehaviour = (): Observation[] => [self('l-freq-1', 4), self('l-anch-1', 2), self('l-sjt-1', 1), self('f-freq-1', 1), self('f-ev-1', 2)];

describe('the estimate of each competency', () => {
  it('is the posterior mean, SD, 90% interval and level, to four decimals', () => {
    const { results, posteriors } = fused(selfAndBehaviour());
    assert.equal(results.competencies.length, 2);
    for (const r of results.competencies) {
      const c = bank.competencyIndex.get(r.competency)!;
      const s = summary(posteriors.get(c)!.weights);
      assert.equal(r.theta, r4(s.theta));
      assert.equal(r.sd, r4(s.sd));
      assert.deepEqual(r.interval90, [r4(s.q05), r4(s.q95)]);
      assert.equal(r.level, r4(levelOf(s.theta)));
      assert.deepEqual(r.levelInterval90, [r4(levelOf(s.q05)), r4(levelOf(s.q95))]);
      assert.ok(r.interval90[0] < r.theta && r.theta < r.interval90[1]);
    }
  });
});

describe("each source's own view", () => {
  it('self, the others together, the manager and the peers — each from the prior and its own evidence', () => {
    const peers = ['p1', 'p2', 'p3'].flatMap((id, n) => [at('peer', id)('l-freq-1', 2 + (n % 2)), at('peer', id)('f-freq-1', 1)]);
    const manager = [at('manager', 'm1')('l-freq-1', 3), at('manager', 'm1')('l-anch-1', 1)];
    const { results, evidence, posteriors } = fused([...selfAndBehaviour(), ...manager, ...peers]);
    const listening = bank.competencyIndex.get('listening')!;
    const e = evidence.competencies[listening]!;
    const r = results.competencies.find((x) => x.competency === 'listening')!;
    const check = (view: { theta: number; sd: number; responses: number; raters: number } | undefined, weights: Float64Array, responses: number, raters: number, what: string) => {
      assert.ok(view, what);
      assert.equal(view.theta, r4(summary(weights).theta), what);
      assert.equal(view.sd, r4(summary(weights).sd), what);
      assert.deepEqual([view.responses, view.raters], [responses, raters], what);
    };
    check(r.sources.self, weightsOf(e.self), 2, 1, 'self');
    // Others: the manager, three peers and the learner's own judgement (l-sjt-1): five raters, six responses.
    check(r.sources.others, weightsOf(posteriors.get(listening)!.logOther), 1 + 2 + 3, 5, 'others');
    check(r.sources.manager, weightsOf(e.observers.get('manager:m1')!.log), 2, 1, 'manager');
    const peerLogs = ['p1', 'p2', 'p3'].map((id) => e.observers.get(`peer:${id}`)!.log);
    check(r.sources.peers, weightsOf(...peerLogs), 3, 3, 'peers');
    assert.equal(r.responses, 2 + 1 + 2 + 3);
  });

  it('peers are shown on their own only from the minimum number of peers', () => {
    const twoPeers = ['p1', 'p2'].map((id) => at('peer', id)('l-freq-1', 3));
    const { results } = fused([...selfAndBehaviour(), ...twoPeers]);
    const r = results.competencies.find((x) => x.competency === 'listening')!;
    assert.equal(r.sources.peers, undefined);
    assert.equal(r.sources.others!.raters, 3, 'the two peers still count among the others, with the learner’s judgement');
    const { config, evidence, posteriors } = fused([...selfAndBehaviour(), ...twoPeers]);
    const two = buildResults(bank, { ...config, minPeers: 2 }, evidence, posteriors, { completed: true, stopReason: undefined, itemsAnswered: 7 });
    assert.equal(two.competencies.find((x) => x.competency === 'listening')!.sources.peers?.raters, 2);
  });

  it('without evidence of a kind there is no view of it', () => {
    const { results } = fused([self('l-freq-1', 3)]);
    const r = results.competencies.find((x) => x.competency === 'listening')!;
    assert.deepEqual(Object.keys(r.sources), ['self']);
    const feedback = results.competencies.find((x) => x.competency === 'feedback')!;
    assert.deepEqual(feedback.sources, {}, 'shown for its requirement, with nothing answered');
    assert.equal(feedback.responses, 0);
  });
});

describe('role checks and decisions', () => {
  it('P(meets) at the level threshold, expected shortfall, weight, critical and the three-way decision for both roles', () => {
    const { results, posteriors, config } = fused(selfAndBehaviour());
    const roles = { member: tiny.roles[0]!, lead: tiny.roles[1]! };
    for (const r of results.competencies) {
      const w = posteriors.get(bank.competencyIndex.get(r.competency)!)!.weights;
      for (const [slot, role] of [['current', roles.member], ['target', roles.lead]] as const) {
        const req = role.requirements.find((x) => x.competency === r.competency)!;
        const check = r[slot]!;
        const threshold = req.level - 3 - 0.5;
        const p = pAtLeast(w, threshold);
        let shortfall = 0;
        w.forEach((m, j) => (shortfall += m * Math.max(0, threshold - bank.grid.points[j]!)));
        assert.equal(check.role, role.id);
        assert.equal(check.requiredLevel, req.level);
        assert.equal(check.threshold, threshold);
        assert.equal(check.pMeets, r4(p));
        assert.equal(check.expectedShortfall, r4(shortfall));
        assert.equal(check.weight, req.weight ?? 1);
        assert.equal(check.critical, req.critical === true);
        const decision = p >= config.decision.meets ? 'meets' : p <= config.decision.below ? 'below' : 'unsure';
        assert.equal(check.decision, decision);
        assert.equal(check.decided, decision !== 'unsure');
      }
    }
    for (const slot of ['current', 'target'] as const) {
      const counts = { meets: 0, below: 0, unsure: 0 };
      for (const r of results.competencies) counts[r[slot]!.decision]++;
      assert.deepEqual(results.decisions[slot], counts);
    }
  });

  it('the overall score is the weighted mean P(meets) of the current role, and P(meets all) multiplies the critical ones', () => {
    const { results } = fused(selfAndBehaviour());
    const [listening, feedback] = ['listening', 'feedback'].map((id) => results.competencies.find((x) => x.competency === id)!);
    // member: listening level 3 (weight 2, critical), feedback level 2 (weight 1).
    assert.equal(results.overall.score, r4((2 * listening!.current!.pMeets + feedback!.current!.pMeets) / 3));
    assert.equal(results.overall.pMeetsCurrent, r4(listening!.current!.pMeets));
    assert.equal(results.overall.pMeetsTarget, r4(listening!.target!.pMeets));
    assert.deepEqual([results.currentRole, results.targetRole, results.stopReason, results.completed, results.itemsAnswered], ['member', 'lead', 'decided', true, 5]);
    assert.deepEqual(results.model, { id: tiny.id, version: tiny.version });
    assert.equal(results.rater, 'self');
  });

  it('with only a target role, the score is its weighted mean; with no role, the mean position on each scale', () => {
    const onlyTarget = fused(selfAndBehaviour(), { targetRole: 'lead' });
    const [l, f] = ['listening', 'feedback'].map((id) => onlyTarget.results.competencies.find((x) => x.competency === id)!);
    assert.equal(l!.current, undefined);
    assert.equal(onlyTarget.results.overall.score, r4((2 * l!.target!.pMeets + 3 * f!.target!.pMeets) / 5));
    assert.equal(onlyTarget.results.overall.pMeetsCurrent, undefined);
    assert.equal(onlyTarget.results.decisions.current, undefined);
    assert.equal(onlyTarget.results.currentRole, undefined);

    const none = fused(selfAndBehaviour(), {}, { completed: false, stopReason: undefined as never, itemsAnswered: 5 });
    const positions = none.results.competencies.map((r) => (r.level - 1) / 4);
    assert.equal(none.results.overall.score, r4(positions.reduce((a, b) => a + b, 0) / positions.length));
    assert.deepEqual(none.results.decisions, {});
    assert.equal('pMeetsTarget' in none.results.overall, false);
    assert.equal('stopReason' in none.results, false);
    assert.equal('targetRole' in none.results, false);
  });

  it('with no role every competency is shown, classified against its scale; with a role, those it requires or with evidence', () => {
    const { results } = fused([self('f-freq-1', 2)], {});
    assert.deepEqual(results.competencies.map((r) => r.competency), ['listening', 'feedback']);
    // A third competency no role requires: shown only once it has evidence.
    const wider = structuredClone(tiny);
    wider.competencies.push({ ...structuredClone(tiny.competencies[0]!), id: 'empathy', title: 'Empathy' });
    wider.items.push({ ...structuredClone(tiny.items[0]!), id: 'e-freq-1', competency: 'empathy' });
    const widerBank = bankFor(wider);
    const shown = (ids: string[]): string[] => {
      const config = resolveConfig(wider, widerBank, { currentRole: 'member' });
      const evidence = new Evidence(widerBank, config.selfLeniency);
      for (const id of ids) evidence.add({ item: widerBank.itemIndex.get(id)!, outcome: 2, rater: 'self' });
      const posteriors = fuse(widerBank, evidence, widerBank.competencies.map((_, c) => c));
      return buildResults(widerBank, config, evidence, posteriors, { completed: false, stopReason: undefined, itemsAnswered: ids.length }).competencies.map((r) => r.competency);
    };
    assert.deepEqual(shown(['f-freq-1']), ['listening', 'feedback']);
    assert.deepEqual(shown(['e-freq-1', 'f-freq-1']), ['listening', 'feedback', 'empathy']);
  });
});

describe('self-view against the other evidence', () => {
  it('flags: blind spot, hidden strength, aligned or unclear, at the documented probabilities', () => {
    const f = FUSION.flagProbability;
    const a = FUSION.alignedProbability;
    assert.equal(selfOtherFlag(f, 0), 'blind-spot');
    assert.equal(selfOtherFlag(f - 1e-9, 0), 'unclear');
    assert.equal(selfOtherFlag(0.4, 0.4), 'blind-spot', 'a tie goes to the blind spot');
    assert.equal(selfOtherFlag(0.4, 0.41), 'hidden-strength');
    assert.equal(selfOtherFlag(0, f), 'hidden-strength');
    assert.equal(selfOtherFlag(0, f - 1e-9), 'unclear');
    assert.equal(selfOtherFlag((1 - a) / 2, (1 - a) / 2 - 1e-9), 'aligned');
    assert.equal(selfOtherFlag(0.1, 1 - a - 0.1), 'aligned', 'exactly the aligned probability');
    assert.equal(selfOtherFlag(0.1, 1 - a - 0.09), 'unclear');
    assert.equal(selfOtherFlag(0, 0), 'aligned');
  });

  it('is compared where self-report meets other evidence, and elsewhere only once the bias is informed', () => {
    // Self-report only: no comparison anywhere.
    const alone = fused([self('l-freq-1', 4), self('f-freq-1', 4)]);
    assert.ok(alone.results.competencies.every((r) => r.selfOther === undefined));
    // Behaviour on listening: listening is compared, and feedback (self-report only) too, through β.
    const informed = fused([self('l-freq-1', 4), self('l-sjt-1', 0), self('f-freq-1', 4)]);
    const [l, f] = ['listening', 'feedback'].map((id) => informed.results.competencies.find((x) => x.competency === id)!);
    assert.ok(l!.selfOther && f!.selfOther);
    assert.ok(l!.selfOther.gap > 0, 'a high self-view against low judgement');
    for (const r of [l!, f!]) {
      const { pOverestimate, pUnderestimate, flag } = r.selfOther!;
      assert.equal(flag, selfOtherFlag(pOverestimate, pUnderestimate));
      assert.ok(pOverestimate >= 0 && pUnderestimate >= 0 && pOverestimate + pUnderestimate <= 1);
    }
    // Behaviour alone on listening without its self-report: nothing informs β, feedback is not compared.
    const uninformed = fused([self('l-sjt-1', 0), self('f-freq-1', 4)]);
    assert.equal(uninformed.results.competencies.find((x) => x.competency === 'feedback')!.selfOther, undefined);
  });
});
