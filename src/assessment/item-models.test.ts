// The item response models the engine calls (`responseFunction`, and the bank's item information taken
// from it) against values derived by hand from the published formulas, for every item kind.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { requireModel } from '../model/load.js';
import type { Item, Model } from '../model/types.js';
import { Bank } from './bank.js';
import { itemParameters, mostLeastProbability, nominalProbabilities, rateEachCategory, responseFunction } from './item-models.js';

const close = (actual: number, expected: number, tolerance = 1e-6, what = ''): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what} expected ${expected}, got ${actual}`);

const tiny = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Model;

/** The tiny model with these items only, checked by the model loader. */
function modelWith(items: unknown[]): Model {
  return requireModel(JSON.stringify({ ...tiny, items }));
}

const anchored = { id: 'grm', type: 'anchored', competency: 'listening', stem: 'Which fits?', irt: { a: 1.5, b: [-0.5, 0.7] }, options: [1, 3, 5].map((level) => ({ text: `Level ${level}`, level })) };
const rateEach = {
  id: 'gpcm',
  type: 'situational',
  format: 'rate-each',
  competency: 'listening',
  scenario: 'A colleague is upset.',
  irt: { a: 1.2 },
  options: [1, 3, 5].map((effectiveness) => ({ text: `Option ${effectiveness}`, effectiveness })),
};
const best = { ...rateEach, id: 'nrm', format: 'best', irt: undefined };
const mostLeast = { ...best, id: 'ml', format: 'most-least' };
const pair = { id: 'pair', type: 'forced-choice', competency: 'listening', irt: { a: 1.3, b: [0.25] }, options: [{ text: 'Lower', level: 2 }, { text: 'Higher', level: 4 }] };
const model = modelWith([anchored, rateEach, best, mostLeast, pair]);
const params = (id: string) => itemParameters(model, model.items.find((i) => i.id === id)!);

/** What the engine computes: the response function of the item's resolved parameters. */
function probabilities(id: string, theta: number): number[] {
  const f = responseFunction(params(id));
  const out = new Float64Array(f.outcomes);
  f.probabilities(theta, out);
  return [...out];
}

/** The engine's item information (the bank's, used to shortlist items) at θ. */
function engineInformation(id: string, theta: number): number {
  const bank = new Bank(model);
  const zero = bank.grid.points.findIndex((x) => Math.abs(x) < 1e-12);
  return bank.information(model.items.findIndex((i) => i.id === id), theta)[zero]!;
}

// Expected values below are derived by hand from the published formulas (Samejima 1969; Muraki 1992;
// Bock 1972), not from this code: each comment gives the derivation.
describe('graded response model (anchored, frequency and evidence items)', () => {
  it('gives the hand-derived probabilities of a 3-category item', () => {
    // a = 1.5, b = (−0.5, 0.7), θ = 0.2: P*₁ = σ(1.05) = 0.7407749, P*₂ = σ(−0.75) = 0.3208213;
    // P₀ = 1 − P*₁, P₁ = P*₁ − P*₂, P₂ = P*₂.
    const p = probabilities('grm', 0.2);
    close(p[0]!, 0.2592251, 1e-7, 'P0');
    close(p[1]!, 0.4199536, 1e-7, 'P1');
    close(p[2]!, 0.3208213, 1e-7, 'P2');
  });

  it('has the hand-derived Fisher information Σ P′²/P', () => {
    // P*′ = a P*(1 − P*): P₀′ = −0.288041, P₁′ = 0.288041 − 0.326849 = −0.038808, P₂′ = 0.326849;
    // Σ P′²/P = 0.320065 + 0.003586 + 0.332993 = 0.656644 (0.6566222 unrounded).
    close(engineInformation('grm', 0.2), 0.6566222, 1e-6, 'I(0.2)');
  });

  it('maps each option to the category of its level', () => assert.deepEqual(params('grm').optionCategory, [0, 1, 2]));
});

describe('generalised partial credit model (rate-each items)', () => {
  it('gives the hand-derived probabilities of a 5-category item', () => {
    // a = 1.2, steps (−1.05, −0.35, 0.35, 1.05), θ = 0.5: exponents Σ a(θ − b_v) = 0, 1.86, 2.88, 3.06, 2.40.
    const p = probabilities('gpcm', 0.5);
    [0.0173645, 0.1115450, 0.3093360, 0.3703425, 0.1914120].forEach((expected, k) => close(p[k]!, expected, 1e-7, `P${k}`));
  });

  it('has the hand-derived information a² Var(X | θ)', () => {
    // E X = 2.606892, E X² = 7.744563 at θ = 0.5 → Var = 0.948675, × 1.44 = 1.3660921.
    close(engineInformation('gpcm', 0.5), 1.3660921, 1e-6, 'I(0.5)');
  });
});

describe('nominal response model (best-option items) and its partial ranking (most-least)', () => {
  it('derives the option slopes from the expert key: s_k = a · g · (e_k − ē)', () => {
    // e = (1, 3, 5), ē = 3, default agreement g = 0.7, a = 1.
    params('nrm').slopes!.forEach((s, k) => close(s, [-1.4, 0, 1.4][k]!, 1e-12, `s${k}`));
  });

  it('gives the hand-derived probabilities P_k ∝ exp(s_k θ)', () => {
    // θ = 0.5: exp(−0.7), 1, exp(0.7) over their sum 3.5347.
    const p = probabilities('nrm', 0.5);
    [0.1414637, 0.2848729, 0.5736635].forEach((expected, k) => close(p[k]!, expected, 1e-7, `P${k}`));
  });

  it('has the hand-derived information Σ s²P − (Σ sP)²', () => {
    // Σ sP = 1.4 (0.5736635 − 0.1414637) = 0.6050797; Σ s²P = 1.96 · 0.7151272 = 1.4016492; 1.4016492 − 0.6050797².
    close(engineInformation('nrm', 0.5), 1.0355277, 1e-6, 'I(0.5)');
  });

  it('ranks most then least: P(most = m) · P(least = l | not m) by the reversed utilities', () => {
    // θ = 0.5, most = option 2 (0.5736635), least among {0, 1} by −u: e^0.7 / (e^0.7 + 1) = 0.6681878.
    const p = probabilities('ml', 0.5);
    assert.equal(p.length, 9);
    close(p[2 * 3 + 0]!, 0.3833149, 1e-7, 'P(most 2, least 0)');
    close(p[0]! + p[4]! + p[8]!, 0, 1e-12, 'most = least');
    close(p.reduce((a, b) => a + b, 0), 1, 1e-12, 'total');
  });
});

describe('forced choice', () => {
  it('within one competency is a 2PL on choosing the higher level: σ(a(θ − b)), information a²PQ', () => {
    // a = 1.3, b = 0.25, θ = −0.4: σ(−0.845) = 0.3004828; 1.69 · 0.3004828 · 0.6995172 = 0.3552260.
    const p = probabilities('pair', -0.4);
    close(p[1]!, 0.3004828, 1e-7, 'P(higher)');
    close(p[0]!, 0.6995172, 1e-7, 'P(lower)');
    close(engineInformation('pair', -0.4), 0.355226, 1e-6, 'I(−0.4)');
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
  const model: Model = requireModel(JSON.stringify(tiny));
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
    assert.throws(() => itemParameters(model, bad), /l-freq-1.*2 thresholds, expected 4/);
    const anchoredBad = { ...item('l-anch-1'), irt: { b: [0] } } as Item;
    assert.throws(() => itemParameters(model, anchoredBad), /l-anch-1.*1 thresholds, expected 2/);
  });
});

describe('the model functions on their own (hand-derived)', () => {
  it('nominal: P_k ∝ exp(s_k θ + c_k), the intercepts added', () => {
    // z = (1·0 + 0.5, −1·0 + 0) → P_0 = e^0.5 / (e^0.5 + 1) = σ(0.5) = 0.6224593.
    close(nominalProbabilities([1, -1], [0.5, 0], 0)[0]!, 0.6224593, 1e-7);
    // z = (1·2 + 0, 0) → σ(2) = 0.8807971.
    close(nominalProbabilities([1, 0], [0, 0], 2)[0]!, 0.8807971, 1e-7);
  });

  it('stays finite for large utilities (the largest is subtracted before exp)', () => {
    // z = (401, 0): P = (1, e^−401) ≈ (1, 0) — e^401 alone would overflow to ∞ and give NaN.
    const p = nominalProbabilities([1, 0], [400, 0], 1);
    close(p[0]!, 1, 1e-12);
    close(p[1]!, 0, 1e-12);
  });

  it('most-least: P(most = m) · P(least = l | the rest, reversed utilities), intercepts added', () => {
    // u = (0·0 + 1, 0, 0): P(most = 0) = e/(e + 2) = 0.5761169; the two left are alike: P(least = 1) = 1/2.
    close(mostLeastProbability([0, 0, 0], [1, 0, 0], 0, 0, 1), 0.5761169 / 2, 1e-7);
    // u = (1, 0, −1) at θ = 1 (slopes 1, 0, −1): P(most = 1) = e^0 / (e + 1 + e^−1) = 0.2447284;
    // least among options 0 and 2 by −u = (−1, 1): P(least = 2) = σ(2) = 0.8807971 → 0.2155575.
    close(mostLeastProbability([1, 0, -1], [0, 0, 0], 1, 1, 2), 0.2447284 * 0.8807971, 1e-7);
  });

  it('rate-each: the band of the Pearson correlation r = Sxy / √(Sxx·Syy)', () => {
    // ratings (1, 3, 2) against key (1, 2, 3): deviations (−1, 1, 0) and (−1, 0, 1): Sxy = 1, Sxx = Syy = 2,
    // r = 1/2 → bands 0 and 0.4 passed, 0.7 not → category 2.
    assert.equal(rateEachCategory([1, 3, 2], [1, 2, 3]), 2);
    // (1, 2, 3) against (1, 2, 4): deviations (−1, 0, 1) and (−4/3, −1/3, 5/3): Sxy = 3, Sxx = 2,
    // Syy = 42/9: r = 3/√(84/9) = 0.9820 → category 4.
    assert.equal(rateEachCategory([1, 2, 3], [1, 2, 4]), 4);
    // (2, 1, 3) against (1, 2, 4): deviations (0, −1, 1): Sxy = 1/3 + 5/3 = 2, r = 2/√(84/9) = 0.6547 → 2.
    assert.equal(rateEachCategory([2, 1, 3], [1, 2, 4]), 2);
    // A key whose options are all alike: r = 0 (chance) → category 1.
    assert.equal(rateEachCategory([1, 2, 3], [3, 3, 3]), 1);
  });

  it('pair-between: P(first) = σ(a(x − d))', () => {
    // a = 1, d = 0.5, x = 0: σ(−0.5) = 0.3775407.
    const out = new Float64Array(2);
    responseFunction({ kind: 'pair-between', a: 1, b: [0.5] }).probabilities(0, out);
    close(out[0]!, 0.3775407, 1e-7);
    close(out[1]!, 0.6224593, 1e-7);
  });
});

describe('given irt.b of situational and forced-choice items', () => {
  const base = { competency: 'listening', scenario: 'A colleague is upset.', options: [1, 3, 5].map((effectiveness) => ({ text: `Option ${effectiveness}`, effectiveness })) };
  const situational = (format: string, irt?: object) => ({ ...base, id: `s-${format}`, type: 'situational', format, ...(irt ? { irt } : {}) }) as unknown as Item;
  const m = modelWith([anchored]);

  it('rate-each: one value moves the default steps; four replace them; any other count is refused', () => {
    const moved = itemParameters(m, situational('rate-each', { b: [0.5] })).b;
    [-0.55, 0.15, 0.85, 1.55].forEach((b, k) => close(moved[k]!, b, 1e-12));
    assert.deepEqual(itemParameters(m, situational('rate-each', { b: [-2, -1, 1, 2] })).b, [-2, -1, 1, 2]);
    assert.deepEqual(itemParameters(m, situational('rate-each')).b, [-1.05, -0.35, 0.35, 1.05]);
    assert.throws(() => itemParameters(m, situational('rate-each', { b: [0, 1, 2] })), RangeError);
  });

  it('best and most-least: irt.b is the location; intercepts −s·b put the options level there', () => {
    // Effectiveness 1, 3, 5, agreement 0.7: key 3 + 0.7·(e − 3) = 1.6, 3, 4.4; slopes a·(key − 3) = −1.4, 0, 1.4.
    const p = itemParameters(m, situational('best', { b: [0.5] }));
    assert.deepEqual(p.b, [0.5]);
    p.slopes!.forEach((s, k) => close(s, [-1.4, 0, 1.4][k]!, 1e-12));
    p.intercepts!.forEach((c, k) => close(c, [0.7, 0, -0.7][k]!, 1e-12));
    // At θ = b every utility is 0: the three options are equally likely.
    const out = new Float64Array(3);
    responseFunction(p).probabilities(0.5, out);
    out.forEach((x) => close(x, 1 / 3, 1e-12));
    assert.throws(() => itemParameters(m, situational('best', { b: [0, 1] })), RangeError);
    assert.throws(() => itemParameters(m, situational('most-least', { b: [0, 1] })), RangeError);
  });

  it('forced choice within a competency: b defaults to the midpoint of the two levels; the higher option is named', () => {
    // Levels 4 and 2 on the 5-level scale: θ = 1 and −1 → b = 0; the first option is the higher.
    const fc = { id: 'fc', type: 'forced-choice', competency: 'listening', options: [{ text: 'High', level: 4 }, { text: 'Low', level: 2 }] } as unknown as Item;
    assert.deepEqual(itemParameters(m, fc), { kind: 'pair', a: 1, b: [0], higherOption: 0, pairCompetencies: ['listening', 'listening'] });
    // Levels 5 and 2: θ = 2 and −1 → b = 0.5.
    const skewed = { ...fc, options: [{ text: 'Low', level: 2 }, { text: 'High', level: 5 }] } as unknown as Item;
    assert.deepEqual(itemParameters(m, skewed), { kind: 'pair', a: 1, b: [0.5], higherOption: 1, pairCompetencies: ['listening', 'listening'] });
    assert.throws(() => itemParameters(m, { ...fc, irt: { b: [0, 1] } } as unknown as Item), RangeError);
  });
});

describe('a competency with its own scale', () => {
  it('places levels on that scale when itemParameters builds its own competency lookup', () => {
    const scale = { levels: [1, 2, 3].map((level) => ({ level, label: `L${level}`, meaning: `Level ${level}` })) };
    const competencies = tiny.competencies.map((c) => (c.id === 'feedback' ? { ...c, scale, indicators: c.indicators.filter((i) => i.level <= 3) } : c));
    // Not loaded through the validator (the roles require levels above 3): itemParameters reads scales only.
    const m = { ...tiny, competencies, items: [] } as unknown as Model;
    // Anchored options at levels 1 and 3 of a 3-level scale: θ = −1 and 1 → threshold 0
    // (on the model's 5-level scale it would be (−2 + 0)/2 = −1).
    const item = { id: 'own', type: 'anchored', competency: 'feedback', stem: 'Which fits?', options: [1, 3].map((level) => ({ text: `Level ${level}`, level })) } as unknown as Item;
    assert.deepEqual(itemParameters(m, item).b, [0]);
  });
});
