// Simulation smoke test: fixed seed, goals asserted loosely enough to be stable and tightly enough
// to catch a regression in scoring, selection or fusion.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { requireModel } from '../model/load.js';
import { simulate } from './index.js';
import { bankFor } from './bank.js';
import { generateModel } from './generate.js';
import { Random } from './random.js';
import { detectionAt, drawThetas, rocArea, trueResponseFunctions, type PopulationShape } from './simulate.js';
import { validateModel } from '../model/load.js';

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

describe('simulated items', () => {
  const bank = bankFor(engineer);
  const at = (fn: { probabilities(x: number, out: Float64Array): void }, outcomes: number, x: number): number[] => {
    const out = new Float64Array(outcomes);
    fn.probabilities(x, out);
    return [...out];
  };

  it("follow the engine's item models exactly only without item noise", () => {
    const exact = trueResponseFunctions(bank, 0, new Random(1));
    bank.items.forEach((item, i) => assert.equal(exact[i], item.fn));
    const noisy = trueResponseFunctions(bank, 1, new Random(1));
    let differ = 0;
    bank.items.forEach((item, i) => {
      const a = at(noisy[i]!, item.outcomes, 0.3);
      const b = at(item.fn, item.outcomes, 0.3);
      assert.ok(Math.abs(a.reduce((s, p) => s + p, 0) - 1) < 1e-9, `${item.id}: probabilities sum to 1`);
      if (a.some((p, k) => Math.abs(p - b[k]!) > 1e-3)) differ++;
    });
    assert.equal(differ, bank.items.length);
    // The same seed draws the same true items.
    const again = trueResponseFunctions(bank, 1, new Random(1));
    bank.items.forEach((item, i) => assert.deepEqual(at(again[i]!, item.outcomes, -0.7), at(noisy[i]!, item.outcomes, -0.7)));
  });
});

describe('ROC area', () => {
  it('is the chance that a case scores above a non-case, ties counting half', () => {
    assert.equal(rocArea([0.9, 0.8], [0.1, 0.2]), 1);
    assert.equal(rocArea([0.1], [0.9]), 0);
    assert.equal(rocArea([0.5], [0.5]), 0.5);
    assert.equal(rocArea([0.9, 0.3], [0.5, 0.1]), 0.75);
    assert.equal(rocArea([], [0.5]), undefined);
  });
});

describe('simulation settings', () => {
  it('draws the population it is told to, whatever the model says', () => {
    const high = simulate(engineer, { learners: 6, seed: 4, modes: ['fixed'], setting: { population: { mean: 1.5, sd: 0.3, correlation: 0 } } }).modes[0]!;
    const low = simulate(engineer, { learners: 6, seed: 4, modes: ['fixed'], setting: { population: { mean: -1.5, sd: 0.3, correlation: 0 } } }).modes[0]!;
    // Most requirements met by the first population and missed by the second.
    const met = (m: typeof high): number => m.reliability.bins.reduce((s, b) => s + b.observed * b.n, 0) / m.reliability.bins.reduce((s, b) => s + b.n, 0);
    assert.ok(met(high) > 0.8 && met(low) < 0.2, `${met(high)} / ${met(low)}`);
  });

  it('says when a rater has an empty form', () => {
    const noObserverWording = { ...engineer, items: engineer.items.filter((i) => i.type !== 'evidence').map((i) => ({ ...i, observerStem: undefined, observerText: undefined })) } as typeof engineer;
    const report = simulate(noObserverWording, { learners: 1, seed: 1, modes: ['fixed'], observers: { peer: 1 } });
    assert.deepEqual(report.emptyForms, ['peer']);
    assert.deepEqual(simulate(engineer, { learners: 1, seed: 1, modes: ['fixed'], observers: { peer: 1 } }).emptyForms, []);
  });
});

describe('detection at a false-alarm rate', () => {
  it('uses the lowest threshold that keeps false alarms within the rate', () => {
    // Ten non-cases: 10% allows one false alarm (0.9 flagged), so the threshold must exceed 0.5.
    const nonCases = [0.9, 0.5, 0.4, 0.3, 0.2, 0.1, 0.1, 0, 0, 0];
    assert.equal(detectionAt([0.95, 0.6, 0.5, 0.2], nonCases, 0.1), 0.5);
    assert.equal(detectionAt([0.95, 0.6, 0.5, 0.2], nonCases, 0), 0.25);
    assert.equal(detectionAt([], nonCases, 0.1), undefined);
  });
});

describe('generated models', () => {
  it('are valid models of the requested size', () => {
    const model = generateModel({ competencies: 6, itemsPerCompetency: 12, seed: 2 });
    const result = validateModel(model);
    assert.ok(result.ok, JSON.stringify(result.problems.filter((p) => p.severity === 'error')));
    assert.equal(model.items.length, 72);
  });
});

describe('simulated population shapes', () => {
  const bank = bankFor(requireModel(readFileSync('test/fixtures/tiny-model.json', 'utf8')));
  const sample = (shape: PopulationShape): number[] => {
    const rng = new Random(11);
    return Array.from({ length: 20000 }, () => drawThetas(bank, { mean: 0, sd: 1, correlation: 0.3, shape }, rng)[0]!);
  };
  const summary = (xs: number[]) => {
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    const skew = xs.reduce((s, x) => s + ((x - mean) / sd) ** 3, 0) / xs.length;
    const near = (c: number): number => xs.filter((x) => Math.abs(x - c) < 0.15).length;
    return { mean, sd, skew, near };
  };

  it('keeps the mean and SD it is given, whatever the shape', () => {
    for (const shape of ['normal', 'skewed', 'bimodal'] as const) {
      const s = summary(sample(shape));
      assert.ok(Math.abs(s.mean) < 0.04 && Math.abs(s.sd - 1) < 0.04, `${shape}: mean ${s.mean}, SD ${s.sd}`);
    }
  });

  it('gives the skewed population a long right tail and the bimodal one two cohorts', () => {
    const normal = summary(sample('normal'));
    const skewed = summary(sample('skewed'));
    const bimodal = summary(sample('bimodal'));
    assert.ok(Math.abs(normal.skew) < 0.1 && skewed.skew > 1.2, `skewness ${normal.skew} / ${skewed.skew}`);
    assert.ok(bimodal.near(0) < 0.4 * bimodal.near(0.9) && bimodal.near(0) < 0.4 * bimodal.near(-0.9), `bimodal: ${bimodal.near(-0.9)} / ${bimodal.near(0)} / ${bimodal.near(0.9)}`);
    assert.ok(normal.near(0) > normal.near(0.9));
  });
});

