// Simulation smoke test: fixed seed, goals asserted loosely enough to be stable and tightly enough
// to catch a regression in scoring, selection or fusion. The simulator's parts are tested on their own
// in simulate-parts.test.ts (quick enough for mutation testing; this file is not).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { requireModel } from '../model/load.js';
import { simulate } from './index.js';

const engineer = requireModel(readFileSync('demo/models/software-engineer.json', 'utf8'));

describe('simulated learners', () => {
  const report = simulate(engineer, { learners: 80, seed: 3 });
  const [adaptive, fixed] = report.modes as [(typeof report.modes)[0], (typeof report.modes)[0]];

  it('uses at most half the items adaptively and finds the truth nearly as well as the fixed form', () => {
    assert.equal(fixed.items.mean, engineer.items.length);
    assert.ok(adaptive.items.mean <= fixed.items.mean / 2, `${adaptive.items.mean} items`);
    assert.ok(adaptive.minutes.p95 <= 15, `${adaptive.minutes.p95} minutes`);
    assert.ok(fixed.accuracy.overall > 0.85, `fixed accuracy ${fixed.accuracy.overall}`);
    assert.ok(adaptive.accuracy.overall > 0.8 && adaptive.accuracy.overall > fixed.accuracy.overall - 0.08, `adaptive accuracy ${adaptive.accuracy.overall}`);
    // The population prior is wider than the simulated population (N(0, 1.4²) against SD 1.15), so
    // estimates are shrunk less: the price of intervals that hold the ends of the population.
    assert.ok(fixed.rmse < 0.6 && adaptive.rmse < 0.85, `RMSE ${fixed.rmse} / ${adaptive.rmse}`);
    assert.ok(fixed.correlation > 0.8 && adaptive.correlation > 0.6, `r ${fixed.correlation} / ${adaptive.correlation}`);
  });

  it('is right about the decisions it calls confident, and expects the accuracy it gets', () => {
    assert.ok(adaptive.confident.accuracy > 0.93 && fixed.confident.accuracy > 0.93);
    assert.ok(fixed.confident.share > adaptive.confident.share * 0.9);
    // Calibration: the mean of max(pMeets, 1 − pMeets) is the accuracy the posteriors promise.
    for (const m of [adaptive, fixed]) assert.ok(Math.abs(m.accuracy.expected - m.accuracy.overall) < 0.04, `${m.mode}: expected ${m.accuracy.expected}, got ${m.accuracy.overall}`);
  });

  it('reports interval coverage, three-way decisions and blind spots it can check', () => {
    for (const m of [adaptive, fixed]) {
      assert.ok(m.coverage90.overall > 0.75 && m.coverage90.overall < 0.98, `${m.mode} coverage ${m.coverage90.overall}`);
      assert.deepEqual(Object.keys(m.coverage90.byGroup).sort(), ['deflated', 'honest', 'inflated']);
      assert.equal(m.coverage90.minGroup, Math.min(...Object.values(m.coverage90.byGroup)));
      assert.ok(m.decided.accuracy > 0.85 && m.decided.share > 0.4, `${m.mode} decided ${JSON.stringify(m.decided)}`);
      assert.ok(m.reliability.brier < 0.2 && m.reliability.bins.reduce((n, b) => n + b.n, 0) > 0);
      assert.ok(m.blindSpot.cases > 50 && m.blindSpot.auc! > 0.6, `${m.mode} ${JSON.stringify(m.blindSpot)}`);
    }
    // More evidence, better separated blind spots.
    assert.ok(fixed.blindSpot.auc! > adaptive.blindSpot.auc!, `${fixed.blindSpot.auc} vs ${adaptive.blindSpot.auc}`);
    assert.equal(fixed.blindSpot.withOtherEvidence, 1);
    assert.ok(adaptive.blindSpot.withOtherEvidence! > 0.5, `${adaptive.blindSpot.withOtherEvidence}`);
  });

  it('counts the self-assessment items by source', () => {
    assert.equal(fixed.sources.selfReport + fixed.sources.other, engineer.items.length);
    assert.equal(fixed.sources.selfReport, engineer.items.filter((i) => i.type === 'frequency' || i.type === 'anchored').length);
    assert.ok(adaptive.sources.other >= 4 && adaptive.sources.selfReport >= 10, JSON.stringify(adaptive.sources));
  });

  it('keeps saved states short', () => {
    assert.ok(adaptive.stateChars < 200 && fixed.stateChars < 400, `${adaptive.stateChars} / ${fixed.stateChars}`);
  });

  it('gives the same report for the same seed', () => {
    assert.deepEqual(simulate(engineer, { learners: 5, seed: 9 }), simulate(engineer, { learners: 5, seed: 9 }));
  });

  it('improves accuracy and blind-spot detection with a manager and peers', () => {
    const with360 = simulate(engineer, { learners: 40, seed: 3, modes: ['fixed'], observers: { manager: 1, peer: 3 } }).modes[0]!;
    const alone = simulate(engineer, { learners: 40, seed: 3, modes: ['fixed'] }).modes[0]!;
    assert.ok(with360.rmse < alone.rmse - 0.05, `${with360.rmse} vs ${alone.rmse}`);
    assert.ok(with360.accuracy.overall > 0.9, `${with360.accuracy.overall}`);
    assert.ok(with360.blindSpot.detectionAtTenPercent! > alone.blindSpot.detectionAtTenPercent!);
  });
});
