// Item response models against values computed independently: hand-derived category probabilities,
// probabilities that must sum to one, and Fisher information checked by numerical differentiation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { requireModel } from '../model/load.js';
import type { Item, Model } from '../model/types.js';
import {
  gpcmInformation,
  gpcmProbabilities,
  grmInformation,
  grmProbabilities,
  itemParameters,
  mostLeastProbability,
  nominalInformation,
  nominalProbabilities,
  rateEachCategory,
  responseFunction,
} from './item-models.js';

const close = (actual: number, expected: number, tolerance = 1e-6, what = ''): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what} expected ${expected}, got ${actual}`);

/** Fisher information by central differences of the category probabilities: Σ (∂P_k/∂θ)² / P_k. */
function numericInformation(probabilities: (theta: number) => number[], theta: number): number {
  const h = 1e-5;
  const p = probabilities(theta);
  const up = probabilities(theta + h);
  const down = probabilities(theta - h);
  return p.reduce((sum, pk, k) => sum + ((up[k]! - down[k]!) / (2 * h)) ** 2 / pk, 0);
}

const thetas = [-3, -1.2, 0, 0.4, 2.5];

describe('graded response model', () => {
  it('gives the hand-derived probabilities of a 3-category item', () => {
    // a = 1.5, b = (−0.5, 0.7), θ = 0.2: P*₁ = σ(1.05) = 0.7407749, P*₂ = σ(−0.75) = 0.3208213.
    const p = grmProbabilities(1.5, [-0.5, 0.7], 0.2);
    close(p[0]!, 0.2592251, 1e-7, 'P0');
    close(p[1]!, 0.4199536, 1e-7, 'P1');
    close(p[2]!, 0.3208213, 1e-7, 'P2');
  });

  it('has positive information equal to the numerical Fisher information', () => {
    for (const theta of thetas) {
      const info = grmInformation(1.8, [-1.5, -0.5, 0.5, 1.5], theta);
      assert.ok(info > 0);
      close(info, numericInformation((t) => grmProbabilities(1.8, [-1.5, -0.5, 0.5, 1.5], t), theta), 1e-5, `I(${theta})`);
    }
  });

  it('reduces to the 2PL for two categories', () => {
    const p = grmProbabilities(1.2, [0.3], 1);
    close(p[1]!, 1 / (1 + Math.exp(-1.2 * 0.7)), 1e-12);
    close(grmInformation(1.2, [0.3], 1), 1.44 * p[0]! * p[1]!, 1e-12);
  });
});

describe('partial credit and nominal models', () => {
  it('give probabilities that sum to 1', () => {
    for (const theta of thetas) {
      close(gpcmProbabilities(1.1, [-1, 0, 0.4, 1.3], theta).reduce((s, x) => s + x, 0), 1, 1e-12);
      close(nominalProbabilities([-0.9, -0.4, 0.1, 1], [0.2, 0, -0.1, -0.5], theta).reduce((s, x) => s + x, 0), 1, 1e-12);
      let ml = 0;
      for (let m = 0; m < 4; m++) for (let l = 0; l < 4; l++) ml += mostLeastProbability([-0.9, -0.4, 0.1, 1], [0, 0, 0, 0], theta, m, l);
      close(ml, 1, 1e-12);
    }
  });

  it('have positive information equal to the numerical Fisher information', () => {
    for (const theta of thetas) {
      const g = gpcmInformation(1.1, [-1, 0, 0.4, 1.3], theta);
      const n = nominalInformation([-0.9, -0.4, 0.1, 1], [0.2, 0, -0.1, -0.5], theta);
      assert.ok(g > 0 && n > 0);
      close(g, numericInformation((t) => gpcmProbabilities(1.1, [-1, 0, 0.4, 1.3], t), theta), 1e-5, `GPCM I(${theta})`);
      close(n, numericInformation((t) => nominalProbabilities([-0.9, -0.4, 0.1, 1], [0.2, 0, -0.1, -0.5], t), theta), 1e-5, `NRM I(${theta})`);
    }
  });

  it('give the hand-derived GPCM probabilities of a 3-category item', () => {
    // a = 1, steps (0, 1), θ = 1: exponents 0, 1, 1 → (1, e, e) / (1 + 2e).
    const p = gpcmProbabilities(1, [0, 1], 1);
    const e = Math.E;
    close(p[0]!, 1 / (1 + 2 * e), 1e-12);
    close(p[1]!, e / (1 + 2 * e), 1e-12);
    close(p[2]!, e / (1 + 2 * e), 1e-12);
  });

  it('make the best option more likely as θ rises', () => {
    const slopes = [-1, 0.2, 1];
    assert.ok(nominalProbabilities(slopes, [0, 0, 0], 2)[2]! > nominalProbabilities(slopes, [0, 0, 0], -2)[2]!);
  });
});

describe('rate-each scoring', () => {
  const key = [4.6, 2, 2.7, 3.4, 2];
  it('puts ratings that follow the key in the top band and contrary ones in the bottom band', () => {
    assert.equal(rateEachCategory([5, 2, 3, 4, 2], key), 4);
    assert.equal(rateEachCategory([1, 4, 3, 2, 5], key), 0);
  });
  it('ignores the rater\'s elevation and scatter', () => {
    assert.equal(rateEachCategory([5, 3, 4, 4, 3], key), rateEachCategory([3, 1, 2, 2, 1], key));
  });
  it('treats identical ratings as chance agreement', () => assert.equal(rateEachCategory([3, 3, 3, 3, 3], key), 1));
});

describe('default parameters', () => {
  const model: Model = requireModel(readFileSync('test/fixtures/tiny-model.json', 'utf8'));
  const item = (id: string): Item => model.items.find((i) => i.id === id)!;

  it('centre frequency thresholds on the behaviour\'s level', () => {
    const p = itemParameters(model, item('l-freq-1'));
    assert.equal(p.kind, 'graded');
    assert.deepEqual(p.b, [-1.125, -0.375, 0.375, 1.125]); // level 3 sits at θ = 0
  });

  it('put anchored thresholds midway between the option levels', () => {
    const anchored = item('l-anch-1') as Extract<Item, { type: 'anchored' }>;
    const p = itemParameters(model, anchored);
    const levels = [...new Set(anchored.options.map((o) => o.level))].sort();
    assert.equal(p.b.length, levels.length - 1);
    p.b.forEach((b, k) => assert.equal(b, (levels[k]! + levels[k + 1]! - 6) / 2));
  });

  it('respect irt.a and irt.b when the model gives them', () => {
    const given = { ...item('l-freq-1'), irt: { a: 2.4, b: [-2, -1, 0, 1] } } as Item;
    const p = itemParameters(model, given);
    assert.equal(p.a, 2.4);
    assert.deepEqual(p.b, [-2, -1, 0, 1]);
  });

  it('score a forced choice between competencies on the difference of their θ', () => {
    const fc = model.items.find((i) => i.type === 'forced-choice')!;
    const p = itemParameters(model, fc);
    assert.equal(p.kind, 'pair-between');
    const f = responseFunction(p);
    const out = new Float64Array(2);
    f.probabilities(0, out);
    close(out[0]! + out[1]!, 1, 1e-12);
    close(out[0]!, 0.5, 1e-12); // equal levels, equal standing: a coin toss
  });

  it('reject irt.b of the wrong length with the item id', () => {
    const bad = { ...item('l-freq-1'), irt: { b: [0, 1] } } as Item;
    assert.throws(() => itemParameters(model, bad), /l-freq-1.*4/);
  });
});
