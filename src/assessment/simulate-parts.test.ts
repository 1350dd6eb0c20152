// The simulator's parts, each on a small case: true item functions, population shapes, settings,
// the ROC area and detection at a false-alarm rate. simulate.test.ts checks what whole simulations find.
// Models are parsed at load; nothing of the engine runs before the tests (docs/testing.md, mutation testing).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { requireModel, validateModel } from '../model/load.js';
import { bankFor, type Bank } from './bank.js';
import { generateModel } from './generate.js';
import { DEFAULT_SETTINGS } from './config.js';
import { DEFAULT_DECISION } from './decision.js';
import { OptionsError } from './errors.js';
import { Random } from './random.js';
import { responseFunction } from './item-models.js';
import { detectionAt, drawThetas, rocArea, simulate, SIMULATION_DEFAULTS, trueResponseFunctions, type PopulationShape } from './simulate.js';

const engineer = requireModel(readFileSync('demo/models/software-engineer.json', 'utf8'));
const tiny = requireModel(readFileSync('test/fixtures/tiny-model.json', 'utf8'));

describe('simulated items', () => {
  let bank: Bank;
  before(() => {
    bank = bankFor(engineer);
  });
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

  it("stay close to the engine's at small item noise, situational items with their own slope and location included", () => {
    // Situational "best" and most–least items given a slope of 1.5 and a location of 2 (the engine
    // centres their utilities there): true utilities s'·(θ − location − shift), not about −location.
    const located = { ...engineer, items: engineer.items.map((i) => (i.type === 'situational' && i.format !== 'rate-each' ? { ...i, irt: { a: 1.5, b: [2] } } : i)) } as typeof engineer;
    const own = bankFor(located);
    const withOptions = own.items.filter((i) => i.params.slopes);
    assert.ok(withOptions.length >= 8 && withOptions.every((i) => i.params.b[0] === 2), 'situational items located at 2');
    // Noise × 0.05: slopes × exp(N(0, 0.0125²)), shifts N(0, 0.0125²), utilities N(0, (0.0125 · a)²): with
    // this seed no probability moves by more than 0.022 (0.05 at worst over seeds 1–7). A noise SD
    // divided by its factor instead of multiplied, or divided by a normal draw, moves some by 0.13 or
    // more, and so do intercepts +s·location or −s/location.
    const fns = trueResponseFunctions(own, 0.05, new Random(7));
    own.items.forEach((item, i) => {
      for (const x of [-2, -1, 0, 1, 2]) {
        const truth = at(fns[i]!, item.outcomes, x);
        const engine = at(item.fn, item.outcomes, x);
        truth.forEach((p, k) => assert.ok(Math.abs(p - engine[k]!) < 0.06, `${item.id} at ${x}, outcome ${k}: ${p} vs ${engine[k]}`));
      }
    });
  });

  it('draw the documented noise: slope × exp(N(0, σ_a)), location + N(0, σ_b), each option utility + N(0, σ_o · a)', () => {
    // The draws replayed from the same seed in the documented order (per item: the slope factor, the
    // location shift, then one per option of a nominal item), on items with slopes of 3 (whose option
    // noise is 9 times that of slope 1/3), at twice the default noise.
    const steep = { ...engineer, items: engineer.items.map((i) => (i.type === 'situational' && i.format !== 'rate-each' ? { ...i, irt: { a: 3, b: [0.5] } } : i)) } as typeof engineer;
    const own = bankFor(steep);
    const scale = 2;
    const { slopeLogSD, locationSD, optionSD } = SIMULATION_DEFAULTS.itemNoise;
    const rng = new Random(23);
    const fns = trueResponseFunctions(own, scale, new Random(23));
    let nominal = 0;
    own.items.forEach((item, i) => {
      const p = item.params;
      const factor = Math.exp(scale * slopeLogSD * rng.normal());
      const shift = scale * locationSD * rng.normal();
      const truth = { ...p, a: p.a * factor, b: p.b.map((b) => b + shift) };
      if (p.slopes) {
        nominal++;
        const slopes = p.slopes.map((u) => u * factor + scale * optionSD * p.a * rng.normal());
        Object.assign(truth, { slopes, intercepts: slopes.map((u) => -u * (p.b[0]! + shift)) });
      }
      const expected = responseFunction(truth);
      for (const x of [-1.5, 0, 1.5]) {
        const want = at(expected, item.outcomes, x);
        at(fns[i]!, item.outcomes, x).forEach((q, k) => assert.ok(Math.abs(q - want[k]!) < 1e-12, `${item.id} at ${x}, outcome ${k}: ${q} vs ${want[k]}`));
      }
    });
    assert.ok(nominal >= 8, `${nominal} nominal items`);
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

  it('has no value without non-cases, and counts ties half across several tied values', () => {
    assert.equal(rocArea([0.5], []), undefined);
    // Pairs (case, non-case): (.5,.5) ½, (.5,.1) 1, twice; (.9,.5) 1, (.9,.1) 1: 5 of 6.
    assert.equal(rocArea([0.5, 0.9, 0.5], [0.5, 0.1]), 5 / 6);
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

describe('simulation wiring', () => {
  it('refuses an unknown role up front with an OptionsError', () => {
    assert.throws(() => simulate(tiny, { learners: 1, modes: ['fixed'], currentRole: 'no-such-role' }), (e: Error) => e instanceof OptionsError);
    // Up front: before any learner is drawn (none here), an unknown target role as well.
    assert.throws(() => simulate(tiny, { learners: 0, currentRole: 'member', targetRole: 'no-such-role' }), (e: Error) => e instanceof OptionsError && /no-such-role/.test(e.message));
  });

  it("reads the engine's defaults for a model without assessment settings", () => {
    const { assessment: _, ...bare } = tiny;
    const report = simulate(bare as typeof tiny, { learners: 1, seed: 1, modes: ['fixed'] });
    assert.deepEqual([report.settings.selfLeniency, report.settings.confidence], [DEFAULT_SETTINGS.selfLeniency, DEFAULT_SETTINGS.confidence]);
    assert.deepEqual(report.settings.decision, DEFAULT_DECISION);
  });

  it("gives every session the learner's roles and observers their own forms, and fuses the learner's answers with theirs", () => {
    // tiny: member → lead. A self-view 2 θ high on everything, one manager, the fixed form.
    const inflated = { honest: 0, inflated: 1, deflated: 0, shift: 2, personSD: 0, competencySD: 0 };
    const m = simulate(tiny, { learners: 4, seed: 2, modes: ['fixed'], currentRole: 'member', itemNoise: 0, observers: { manager: 1 }, setting: { selfViews: inflated } }).modes[0]!;
    // Current and target requirements both checked: two competencies × four learners each.
    assert.ok(m.accuracy.current !== undefined && m.accuracy.target !== undefined, JSON.stringify(m.accuracy));
    assert.equal(m.reliability.bins.reduce((n, b) => n + b.n, 0), 16);
    // A manager's form: the two frequency items with observer wording and the evidence item a manager confirms.
    assert.equal(m.observerItems.manager, 3);
    // The self-view is compared only if the learner's own answers are among those fused: most cases found.
    assert.equal(m.blindSpot.cases, 8);
    assert.ok(m.blindSpot.detection! > 0.5, `detection ${m.blindSpot.detection}`);
    // A target given that is not the current role's next (lead has none): still checked in the sessions.
    const given = simulate(tiny, { learners: 1, seed: 2, modes: ['fixed'], currentRole: 'lead', targetRole: 'member', itemNoise: 0 }).modes[0]!;
    assert.ok(given.accuracy.target !== undefined, JSON.stringify(given.accuracy));
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

  it('sorts the non-cases itself, and flags every case when no non-case need stay unflagged', () => {
    // The same ten non-cases out of order: still one false alarm allowed (0.9), threshold above 0.5.
    assert.equal(detectionAt([0.95, 0.6, 0.5, 0.2], [0, 0.1, 0.5, 0.3, 0.9, 0.2, 0, 0.4, 0.1, 0], 0.1), 0.5);
    // No non-cases, or a rate that allows all of them: nothing bounds the threshold from below.
    assert.equal(detectionAt([0.95, 0.2, 0], [], 0.1), 1);
    assert.equal(detectionAt([0.95, 0.2, 0], [0.3, 0.1], 1), 1);
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
  let bank: Bank;
  before(() => {
    bank = bankFor(tiny);
  });
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

