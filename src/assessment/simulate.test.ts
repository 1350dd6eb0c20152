// Simulation smoke test: fixed seed, goals asserted loosely enough to be stable and tightly enough
// to catch a regression in scoring, selection or fusion.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { requireModel } from '../model/load.js';
import { displayOrder, simulate } from './index.js';
import { generateModel } from './generate.js';
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
    assert.ok(fixed.rmse < 0.6 && adaptive.rmse < 0.8, `RMSE ${fixed.rmse} / ${adaptive.rmse}`);
    assert.ok(fixed.correlation > 0.8 && adaptive.correlation > 0.6, `r ${fixed.correlation} / ${adaptive.correlation}`);
  });

  it('is right about the decisions it calls confident', () => {
    assert.ok(adaptive.confident.accuracy > 0.93 && fixed.confident.accuracy > 0.93);
    assert.ok(fixed.confident.share > adaptive.confident.share * 0.9);
  });

  it('flags blind spots rarely in error, and more often with more evidence', () => {
    assert.ok(fixed.blindSpot.falseAlarm < 0.05 && adaptive.blindSpot.falseAlarm < 0.05);
    assert.ok(fixed.blindSpot.cases > 50);
    assert.ok(fixed.blindSpot.detection! >= adaptive.blindSpot.detection!);
    assert.ok(fixed.blindSpot.detection! > 0.03, `fixed detection ${fixed.blindSpot.detection}`);
  });

  it('keeps saved states short', () => {
    assert.ok(adaptive.stateChars < 200 && fixed.stateChars < 400, `${adaptive.stateChars} / ${fixed.stateChars}`);
  });

  it('gives the same report for the same seed', () => {
    assert.deepEqual(simulate(engineer, { learners: 5, seed: 9 }), simulate(engineer, { learners: 5, seed: 9 }));
  });

  it('improves accuracy with a manager and peers', () => {
    const with360 = simulate(engineer, { learners: 40, seed: 3, modes: ['fixed'], observers: { manager: 1, peer: 3 } }).modes[0]!;
    const alone = simulate(engineer, { learners: 40, seed: 3, modes: ['fixed'] }).modes[0]!;
    assert.ok(with360.rmse < alone.rmse - 0.05, `${with360.rmse} vs ${alone.rmse}`);
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

describe('display order', () => {
  it('shuffles unordered options deterministically and keeps ordered scales', () => {
    const sjt = engineer.items.find((i) => i.type === 'situational')!;
    const orders = Array.from({ length: 8 }, (_, seed) => displayOrder(sjt, seed).join(''));
    for (const o of orders) assert.deepEqual([...o].map(Number).sort(), Array.from({ length: (sjt as { options: unknown[] }).options.length }, (_, k) => k));
    assert.ok(new Set(orders).size > 1);
    assert.equal(displayOrder(sjt, 4).join(''), orders[4]);
    const frequency = engineer.items.find((i) => i.type === 'frequency')!;
    assert.deepEqual(displayOrder(frequency, 4), [0, 1, 2, 3, 4]);
    const evidence = engineer.items.find((i) => i.type === 'evidence')!;
    assert.deepEqual(displayOrder(evidence, 4), [0, 1, 2, 3, 4]);
  });
});
