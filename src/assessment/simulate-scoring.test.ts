// How `pathway simulate` (and so the bench) scores results against the truth: three hand-made learners
// with hand-made results, every figure worked out here from its definition in docs/assessment.md —
// decisions and their accuracy, interval coverage per self-view group, reliability and Brier score,
// blind spots and hidden strengths found, false alarms, ROC area, error and correlation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import type { Model } from '../model/types.js';
import { bankFor, type Bank } from './bank.js';
import { emptyTally, score, summarise, type Learner, type ModeSummary } from './simulate.js';
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
