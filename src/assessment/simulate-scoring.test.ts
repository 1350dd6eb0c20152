// How `pathway simulate` (and so the bench) scores results against the truth: three hand-made learners
// with hand-made results, every figure worked out here from its definition in docs/assessment.md —
// decisions and their accuracy, interval coverage per self-view group, reliability and Brier score,
// blind spots and hidden strengths found, false alarms, ROC area, error and correlation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import type { Model } from '../model/types.js';
import { bankFor, type Bank } from './bank.js';
import { FUSION } from './posterior.js';
import { emptyTally, score, summarise, type Learner, type ModeSummary, type Tally } from './simulate.js';
import type { AssessmentResults, CompetencyResult, Decision, RoleCheck } from './types.js';

const tiny = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Model;

const check = (threshold: number, pMeets: number, decision: Decision): RoleCheck =>
  ({ role: 'r', requiredLevel: 3, threshold, pMeets, expectedShortfall: 0, weight: 1, critical: false, decision, decided: decision !== 'unsure' }) as RoleCheck;

function competency(id: string, theta: number, interval90: [number, number], current?: RoleCheck, target?: RoleCheck, selfOther?: { flag: 'blind-spot' | 'hidden-strength' | 'aligned' | 'unclear'; pOver: number }): CompetencyResult {
  return {
    competency: id,
    theta,
    sd: 0.5,
    interval90,
    level: 3,
    levelInterval90: [2, 4],
    responses: 3,
    sources: {},
    ...(current ? { current } : {}),
    ...(target ? { target } : {}),
    ...(selfOther ? { selfOther: { gap: 0, pOverestimate: selfOther.pOver, pUnderestimate: 0, flag: selfOther.flag } } : {}),
  } as CompetencyResult;
}
const results = (competencies: CompetencyResult[]) => ({ competencies }) as AssessmentResults;
const learner = (theta: number[], bias: number[], group: Learner['group']): Learner => ({ theta: Float64Array.from(theta), bias: Float64Array.from(bias), group, currentRole: 'member', targetRole: 'lead' });

const close = (a: number | undefined, b: number, what: string) => assert.ok(a !== undefined && Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);
let bank: Bank;
let summary: ModeSummary;

describe('scoring simulated results against the truth', () => {
  before(() => {
    bank = bankFor(tiny);
    const [listening, feedback] = ['listening', 'feedback'];
    const tally = emptyTally();
    // 1: honest overall, a blind spot on listening (bias 0.7) that is flagged; feedback aligned.
    score(
      bank,
      learner([0.2, -0.5], [0.7, 0.1], 'honest'),
      results([
        competency(listening, 0.1, [-0.5, 0.8], check(-0.5, 0.9, 'meets'), check(0.5, 0.3, 'unsure'), { flag: 'blind-spot', pOver: 0.6 }),
        competency(feedback, 0.3, [0, 1], check(-1.5, 0.85, 'meets'), check(0.5, 0.08, 'below'), { flag: 'aligned', pOver: 0.05 }),
      ]),
      Int32Array.of(2, 0),
      tally,
      0.9,
    );
    // 2: inflated: blind spots on both, only feedback's flagged; a wrong "meets"; listening has no other evidence.
    score(
      bank,
      learner([-1, 0.6], [0.9, 1.2], 'inflated'),
      results([
        competency(listening, -0.2, [-0.9, 0.4], check(-0.5, 0.82, 'meets'), undefined, { flag: 'unclear', pOver: 0.2 }),
        competency(feedback, 0.4, [-0.2, 1.1], check(-1.5, 0.97, 'meets'), check(0.5, 0.45, 'unsure'), { flag: 'blind-spot', pOver: 0.7 }),
      ]),
      Int32Array.of(0, 1),
      tally,
      0.9,
    );
    // 3: deflated: a hidden strength flagged on listening, a false blind-spot flag on feedback; feedback has no role check (not scored).
    score(
      bank,
      learner([1.4, 0], [-0.8, 0], 'deflated'),
      results([
        competency(listening, 1.2, [0.6, 1.8], check(-0.5, 0.99, 'meets'), check(0.5, 0.95, 'meets'), { flag: 'hidden-strength', pOver: 0.01 }),
        competency(feedback, 0, [-1, 1], undefined, undefined, { flag: 'blind-spot', pOver: 0.9 }),
      ]),
      Int32Array.of(1, 1),
      tally,
      0.9,
    );
    summary = summarise('adaptive', tally);
  });

  it('decisions: the share made and how often right; the accuracy of P(meets) ≥ ½; what the engine expected', () => {
    // Checks (truth ≥ threshold?): 1L cur 0.2≥−0.5 yes p.9 meets ✓; 1L tgt 0.2≥0.5 no p.3 unsure;
    // 1F cur −0.5≥−1.5 yes p.85 meets ✓; 1F tgt −0.5≥0.5 no p.08 below ✓; 2L cur −1≥−0.5 no p.82 meets ✗;
    // 2F cur .6≥−1.5 yes p.97 meets ✓; 2F tgt .6≥.5 yes p.45 unsure; 3L cur yes p.99 ✓; 3L tgt 1.4≥.5 yes p.95 ✓.
    const decided = [0.9, 0.85, 0.08, 0.82, 0.97, 0.99, 0.95];
    close(summary.decided.share, 7 / 9, 'decided share');
    close(summary.decided.accuracy, 6 / 7, 'decided accuracy');
    close(summary.decided.expected, decided.reduce((s, p) => s + Math.max(p, 1 - p), 0) / 7, 'decided expected');
    // P(meets) ≥ ½ right: all but 2L cur (.82, not met) and 2F tgt (.45, met): current 4 of 5, target 3 of 4.
    close(summary.accuracy.current, 4 / 5, 'current');
    close(summary.accuracy.target, 3 / 4, 'target');
    close(summary.accuracy.overall, 7 / 9, 'overall');
    const all = [0.9, 0.3, 0.85, 0.08, 0.82, 0.97, 0.45, 0.99, 0.95];
    close(summary.accuracy.expected, all.reduce((s, p) => s + Math.max(p, 1 - p), 0) / 9, 'expected');
    // Confident (p ≥ .9 or ≤ .1): .9 ✓, .08 ✓, .97 ✓, .99 ✓, .95 ✓ — five of nine, all right.
    close(summary.confident.share, 5 / 9, 'confident share');
    close(summary.confident.accuracy, 1, 'confident accuracy');
  });

  it('reliability: ten bins of P(meets) with the share met, and the Brier score', () => {
    const met = [1, 0, 1, 0, 0, 1, 1, 1, 1];
    const p = [0.9, 0.3, 0.85, 0.08, 0.82, 0.97, 0.45, 0.99, 0.95];
    close(summary.reliability.brier, p.reduce((s, x, i) => s + (x - met[i]!) ** 2, 0) / 9, 'Brier');
    const bins = summary.reliability.bins;
    assert.equal(bins.length, 10);
    assert.deepEqual(bins.map((b) => b.n), [1, 0, 0, 1, 1, 0, 0, 0, 2, 4]);
    close(bins[8]!.predicted, (0.85 + 0.82) / 2, 'bin .8 predicted');
    close(bins[8]!.observed, 1 / 2, 'bin .8 observed');
    close(bins[9]!.observed, 1, 'bin .9 observed');
    close(bins[4]!.observed, 1, 'bin .4 observed');
    assert.deepEqual([bins[0]!.from, bins[0]!.to, bins[9]!.from, bins[9]!.to], [0, 0.1, 0.9, 1]);
  });

  it('coverage of the 90% intervals, overall and per self-view group, only where a role is checked', () => {
    // 1L [−.5,.8]∋.2 ✓; 1F [0,1]∌−.5 ✗; 2L [−.9,.4]∌−1 ✗; 2F [−.2,1.1]∋.6 ✓; 3L [.6,1.8]∋1.4 ✓; 3F no role: not counted.
    close(summary.coverage90.overall, 3 / 5, 'overall');
    assert.deepEqual(summary.coverage90.byGroup, { honest: 1 / 2, inflated: 1 / 2, deflated: 1 });
    close(summary.coverage90.minGroup, 1 / 2, 'min group');
  });

  it('blind spots: a self-view more than the margin above the truth; found, false alarms, ROC area', () => {
    // Cases (bias > .5): 1L (flag, p .6, other evidence), 2L (no flag, p .2, none), 2F (flag, p .7, other evidence).
    // Non-cases among scored competencies: 1F (p .05), 3L (p .01).
    assert.equal(summary.blindSpot.cases, 3);
    close(summary.blindSpot.detection, 2 / 3, 'detection');
    close(summary.blindSpot.falseAlarm, 0, 'false alarms');
    close(summary.blindSpot.withOtherEvidence, 2 / 3, 'with other evidence');
    close(summary.blindSpot.auc, 1, 'every case above every non-case');
    // At most 10% of two non-cases may be flagged: none, so the cut is above .05; all three cases are found.
    close(summary.blindSpot.detectionAtTenPercent, 1, 'at 10%');
    // Hidden strengths (bias < −.5): 3L, flagged; no false alarm among the other four scored.
    assert.deepEqual(summary.hiddenStrength, { detection: 1, falseAlarm: 0, cases: 1 });
  });

  it('error and correlation of the estimates with the truth', () => {
    const estimates = [0.1, 0.3, -0.2, 0.4, 1.2];
    const truths = [0.2, -0.5, -1, 0.6, 1.4];
    close(summary.rmse, Math.sqrt(estimates.reduce((s, e, i) => s + (e - truths[i]!) ** 2, 0) / 5), 'rmse');
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const [me, mt] = [mean(estimates), mean(truths)];
    const cov = estimates.reduce((s, e, i) => s + (e - me) * (truths[i]! - mt), 0);
    const r = cov / Math.sqrt(estimates.reduce((s, e) => s + (e - me) ** 2, 0) * truths.reduce((s, t) => s + (t - mt) ** 2, 0));
    close(summary.correlation, r, 'correlation');
  });

  it('an empty run reports zeros and leaves undefined what has no cases', () => {
    const empty = summarise('fixed', emptyTally());
    assert.equal(empty.mode, 'fixed');
    assert.deepEqual([empty.decided.share, empty.accuracy.overall, empty.coverage90.overall, empty.rmse, empty.correlation], [0, 0, 0, 0, 0]);
    assert.equal(empty.blindSpot.detection, undefined);
    assert.equal(empty.blindSpot.auc, undefined);
    assert.equal(empty.accuracy.current, undefined);
  });
});

describe('scoring at the edges', () => {
  before(() => {
    bank = bankFor(tiny);
  });

  it('P(meets) of exactly ½ and exactly 1 − confidence, a truth on the threshold, a confident wrong call, no self–other comparison', () => {
    const tally = emptyTally();
    // Confidence 0.75 so that 1 − confidence is exactly 0.25 in floating point.
    score(
      bank,
      learner([0.5, 0], [0, 0], 'honest'),
      results([
        // Truth on the threshold meets it; P(meets) = ½ counts as saying "meets": right. Target: 0.5 < 1, P .25: right, confident.
        competency('listening', 0.5, [0, 1], check(0.5, 0.5, 'unsure'), check(1, 0.25, 'below')),
        // P(meets) .8 ≥ .75, confident, but 0 < 0.5: wrong.
        competency('feedback', 0.3, [-1, 1], check(0.5, 0.8, 'meets')),
      ]),
      Int32Array.of(0, 0),
      tally,
      0.75,
    );
    assert.deepEqual(tally.correct, { current: 1, currentN: 2, target: 1, targetN: 1 });
    assert.deepEqual(tally.confident, { n: 2, correct: 1, total: 3 });
    assert.deepEqual(tally.decided, { n: 2, correct: 1, expected: 0.75 + 0.8 });
    // Without selfOther nothing is flagged and P(blind spot) reads 0; biases of 0 are non-cases of both kinds.
    assert.deepEqual(tally.bs, { hits: 0, cases: 0, falseAlarms: 0, nonCases: 2, withOther: 0, pCases: [], pNonCases: [0, 0] });
    assert.deepEqual(tally.hs, { hits: 0, cases: 0, falseAlarms: 0, nonCases: 2 });
  });

  it('P(meets) 0.1 and 0.9 are both confident at confidence 0.9 (1 − 0.9 is not 0.1 in floating point)', () => {
    const tally = emptyTally();
    score(
      bank,
      learner([0.5, 0], [0, 0], 'honest'),
      results([competency('listening', 0.5, [0, 1], check(0.5, 0.9, 'meets'), check(1, 0.1, 'below')), competency('feedback', 0.3, [-1, 1], check(0.5, 0.11, 'below'))]),
      Int32Array.of(0, 0),
      tally,
      0.9,
    );
    assert.deepEqual(tally.confident, { n: 2, correct: 2, total: 3 });
  });

  it('counts false alarms and non-cases up, with a bias of exactly the margin not a case, and truths on the interval ends covered', () => {
    const tally = emptyTally();
    score(
      bank,
      learner([0.5, 0], [FUSION.margin, -FUSION.margin], 'inflated'),
      results([
        competency('listening', 0.7, [0.5, 1], check(0, 0.9, 'meets'), undefined, { flag: 'blind-spot', pOver: 0.4 }),
        competency('feedback', -0.2, [-1, 0], check(0, 0.2, 'unsure'), undefined, { flag: 'hidden-strength', pOver: 0.1 }),
      ]),
      Int32Array.of(3, 0),
      tally,
      0.95,
    );
    assert.deepEqual(tally.bs, { hits: 0, cases: 0, falseAlarms: 1, nonCases: 2, withOther: 0, pCases: [], pNonCases: [0.4, 0.1] });
    assert.deepEqual(tally.hs, { hits: 0, cases: 0, falseAlarms: 1, nonCases: 2 });
    assert.deepEqual([tally.coverage.all, tally.coverage.inflated, tally.coverage.honest], [{ hits: 2, n: 2 }, { hits: 2, n: 2 }, { hits: 0, n: 0 }]);
  });

  it('counts a truth just outside the interval, below it or above it, as not covered', () => {
    const tally = emptyTally();
    score(
      bank,
      learner([-0.51, 1.01], [0, 0], 'deflated'),
      results([competency('listening', 0, [-0.5, 0.5], check(0, 0.5, 'unsure')), competency('feedback', 0.5, [0, 1], check(0, 0.9, 'meets'))]),
      Int32Array.of(0, 0),
      tally,
      0.9,
    );
    assert.deepEqual([tally.coverage.all, tally.coverage.deflated], [{ hits: 0, n: 2 }, { hits: 0, n: 2 }]);
  });
});

describe('summaries of a hand-made tally', () => {
  // 1–21 out of order: the 95th percentile is the ⌈0.95 · 21⌉ = 20th smallest, 20.
  const order = [12, 3, 20, 7, 15, 1, 18, 9, 21, 5, 11, 2, 16, 8, 19, 4, 14, 6, 17, 10, 13];
  const made = (): Tally => {
    const t = emptyTally();
    t.items = [...order];
    t.seconds = order.map((x) => 30 * x);
    t.selfItems = [4, 6];
    t.otherItems = [1, 2, 6];
    t.observerItems = { manager: [3, 5], peer: [] };
    t.coverage = { all: { hits: 4, n: 8 }, honest: { hits: 0, n: 0 }, inflated: { hits: 1, n: 4 }, deflated: { hits: 3, n: 4 } };
    t.bins[3] = { n: 2, predicted: 0.7, observed: 1 };
    t.confident.total = 2;
    t.bs = { hits: 1, cases: 2, falseAlarms: 1, nonCases: 4, withOther: 1, pCases: [], pNonCases: [] };
    t.hs = { hits: 0, cases: 1, falseAlarms: 3, nonCases: 5 };
    return t;
  };

  it('items and minutes: mean, 95th percentile of unsorted values, maximum; sources and observers', () => {
    const s = summarise('adaptive', made());
    assert.deepEqual(s.items, { mean: 11, p95: 20, max: 21 });
    assert.deepEqual(s.minutes, { mean: 5.5, p95: 10 });
    assert.deepEqual(s.sources, { selfReport: 5, other: 3 });
    assert.deepEqual(s.observerItems, { manager: 4, peer: 0 });
  });

  it('a group with nobody is left out of coverage; empty bins read 0; false alarms per non-case', () => {
    const s = summarise('adaptive', made());
    assert.deepEqual(s.coverage90, { overall: 0.5, byGroup: { inflated: 0.25, deflated: 0.75 }, minGroup: 0.25 });
    s.reliability.bins.forEach((b, k) => {
      if (k === 3) assert.deepEqual([b.n, b.predicted, b.observed], [2, 0.35, 0.5]);
      else assert.deepEqual([b.n, b.predicted, b.observed], [0, 0, 0], `bin ${k}`);
    });
    assert.equal(s.blindSpot.falseAlarm, 1 / 4);
    assert.equal(s.hiddenStrength.falseAlarm, 3 / 5);
  });

  it('an empty tally: no items, minutes, sources or observers', () => {
    const s = summarise('fixed', emptyTally());
    assert.deepEqual([s.items, s.minutes, s.sources, s.observerItems], [{ mean: 0, p95: 0, max: 0 }, { mean: 0, p95: 0 }, { selfReport: 0, other: 0 }, { manager: 0, peer: 0 }]);
  });

  it('correlation: 0 when estimates or truths do not vary; unchanged by shifting the estimates far from 0', () => {
    const withPairs = (estimates: number[], truths: number[]) => {
      const t = emptyTally();
      t.estimates = estimates;
      t.truths = truths;
      return summarise('fixed', t).correlation;
    };
    // Values exact in binary, so that a constant's deviations from its mean are exactly 0.
    assert.equal(withPairs([0.5, 0.5, 0.5], [0.1, -0.3, 0.8]), 0);
    assert.equal(withPairs([0.1, -0.3, 0.8], [0.25, 0.25, 0.25]), 0);
    // Pearson's r from its definition on [0, ¼, ½, 1¼]; the same estimates + 2⁴⁰ (still exact) give the same r
    // (the sums are taken about the means, so a far shift costs no precision).
    const e = [0, 0.25, 0.5, 1.25];
    const truths = [0.1, 0.2, 0.7, 0.4];
    const m = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const [me, mt] = [m(e), m(truths)];
    const r = e.reduce((s, x, i) => s + (x - me) * (truths[i]! - mt), 0) / Math.sqrt(e.reduce((s, x) => s + (x - me) ** 2, 0) * truths.reduce((s, y) => s + (y - mt) ** 2, 0));
    close(withPairs(e, truths), r, 'r');
    const far = withPairs(e.map((x) => x + 2 ** 40), truths);
    assert.ok(Math.abs(far - r) < 1e-9, `shifted: ${far} vs ${r}`);
    // r is symmetric: the same pairs the other way round, with the truths far from 0.
    const farTruths = withPairs(truths, e.map((x) => x + 2 ** 40));
    assert.ok(Math.abs(farTruths - r) < 1e-9, `truths shifted: ${farTruths} vs ${r}`);
  });
});
