// Item parameters as uncertain: the averaged response curve against numerical integration.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { OptionsError } from './errors.js';
import { probAtLeast } from './grid.js';
import type { Model } from '../model/types.js';
import { averagedProbabilities, Bank, bankFor, ITEM_LOCATION_SD } from './bank.js';
import { responseFunction } from './item-models.js';
import { requireModel } from '../model/load.js';

const graded = responseFunction({ kind: 'graded', a: 2.2, b: [-1, 0.3, 1.1] });

/** E[P(k | x + δ)], δ ~ N(0, sd²), by the trapezoid rule on ±8 SD. */
function integrated(x: number, sd: number): Float64Array {
  const out = new Float64Array(graded.outcomes);
  const row = new Float64Array(graded.outcomes);
  const n = 4000;
  const h = (16 * sd) / n;
  for (let i = 0; i <= n; i++) {
    const d = -8 * sd + i * h;
    const w = ((i === 0 || i === n ? 0.5 : 1) * h * Math.exp((-0.5 * d * d) / (sd * sd))) / (Math.sqrt(2 * Math.PI) * sd);
    graded.probabilities(x + d, row);
    for (let k = 0; k < out.length; k++) out[k]! += w * row[k]!;
  }
  return out;
}

describe('uncertain item locations', () => {
  it('averages the response curve over the location uncertainty (Gauss–Hermite against numerical integration)', () => {
    const out = new Float64Array(graded.outcomes);
    const scratch = new Float64Array(graded.outcomes);
    for (const sd of [0.25, 0.5]) {
      for (const x of [-2, -0.4, 0.3, 0.9, 2.5]) {
        averagedProbabilities(graded, x, sd, out, scratch);
        const expected = integrated(x, sd);
        for (let k = 0; k < out.length; k++) assert.ok(Math.abs(out[k]! - expected[k]!) < 2e-4, `sd ${sd}, x ${x}, category ${k}: ${out[k]} vs ${expected[k]}`);
      }
    }
  });

  it('leaves the curve as it is without uncertainty, and flattens it with', () => {
    const raw = new Float64Array(graded.outcomes);
    const out = new Float64Array(graded.outcomes);
    const scratch = new Float64Array(graded.outcomes);
    graded.probabilities(1.1, raw);
    averagedProbabilities(graded, 1.1, 0, out, scratch);
    assert.deepEqual([...out], [...raw]);
    // Far above the top threshold the top category is less certain once the location is uncertain.
    graded.probabilities(2.5, raw);
    averagedProbabilities(graded, 2.5, 0.5, out, scratch);
    assert.ok(out[3]! < raw[3]! - 0.01, `${out[3]} vs ${raw[3]}`);
  });

  it("is what the engine's probability tables hold", () => {
    const tiny = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Model;
    const bank = bankFor(tiny);
    const item = bank.items.find((i) => !i.pair)!;
    const table = bank.table(item.index);
    const q = bank.grid.size;
    const out = new Float64Array(item.outcomes);
    const scratch = new Float64Array(item.outcomes);
    for (const j of [0, Math.floor(q / 3), Math.floor(q / 2), q - 1]) {
      averagedProbabilities(item.fn, bank.grid.points[j]!, ITEM_LOCATION_SD, out, scratch);
      for (let k = 0; k < item.outcomes; k++) assert.ok(Math.abs(table[k * q + j]! - Math.max(1e-10, out[k]!)) < 1e-12, `point ${j}, outcome ${k}`);
    }
  });
});

/** The tiny model, read fresh for each test (a bank is cached per model object). */
const readTiny = (): Model => JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Model;

/** A scale of levels 1…n. */
const scaleOf = (n: number) => ({ levels: Array.from({ length: n }, (_, k) => ({ level: k + 1, label: `L${k + 1}`, meaning: `Level ${k + 1}` })) });

describe('compiling a model', () => {
  it("reaches 1.5 beyond the centre of every scale's outermost level, and at least ±4", () => {
    const tiny = readTiny();
    const plain = new Bank(tiny).grid;
    assert.ok(plain.min <= -4 && plain.max >= 4, `${plain.min}…${plain.max}`);
    // Nine levels, centred: the outermost levels sit at ±4, so the grid must reach ±5.5 — whether the
    // scale is the model's or one competency's own.
    const ownScale = { ...tiny, competencies: tiny.competencies.map((c, i) => (i === 1 ? { ...c, scale: scaleOf(9) } : c)) } as Model;
    const modelScale = { ...tiny, scale: scaleOf(9) } as Model;
    for (const model of [ownScale, modelScale]) {
      const grid = new Bank(model).grid;
      assert.ok(grid.min <= -5.5 && grid.max >= 5.5, `${grid.min}…${grid.max}`);
    }
  });

  it("reads an item's levels on its own competency's scale", () => {
    const tiny = readTiny();
    // Levels 2 and 9 of a nine-level scale sit at θ −3 and 4: the rubric's one threshold halfway, at 0.5.
    // (Level 9 is not on the model's five-level scale at all.)
    const model = {
      ...tiny,
      competencies: tiny.competencies.map((c) => (c.id === 'feedback' ? { ...c, scale: scaleOf(9) } : c)),
      items: [{ id: 'f-ev-9', competency: 'feedback', type: 'evidence', task: 'Show it.', rubric: [{ level: 2, text: 'Some' }, { level: 9, text: 'All' }] }],
    } as Model;
    const bank = new Bank(model);
    assert.equal(bank.items[0]!.params.kind, 'graded');
    assert.deepEqual(bank.items[0]!.params.b, [0.5]);
  });

  it('refuses an item of an unknown competency, or one it cannot score, naming the item', () => {
    const tiny = readTiny();
    const unknown = { ...tiny, items: [tiny.items[0]!, { ...tiny.items[1]!, competency: 'nowhere' }] } as Model;
    assert.throws(
      () => new Bank(unknown),
      (error: unknown) => error instanceof OptionsError && error.code === 'model' && /items\[1\] \("l-anch-1"\).*"nowhere"/.test(error.message),
    );
    // An anchored option at level 7 of a five-level scale.
    const anchored = tiny.items[1]! as Extract<Model['items'][number], { type: 'anchored' }>;
    const offScale = { ...tiny, items: [tiny.items[0]!, { ...anchored, options: [anchored.options[0]!, { ...anchored.options[1]!, level: 7 }] }] } as Model;
    assert.throws(
      () => new Bank(offScale),
      (error: unknown) => error instanceof OptionsError && error.code === 'model' && /items\[1\] cannot be scored: .*level 7/.test(error.message),
    );
  });

  it("counts every point of the grid as meeting a scale's lowest level", () => {
    const bank = new Bank(readTiny());
    const w = new Float64Array(bank.grid.size);
    w[0] = 1; // all the mass on the lowest grid point
    for (let c = 0; c < bank.competencies.length; c++) {
      const t = bank.threshold(c, 1);
      assert.ok(t < bank.grid.min, `threshold ${t}, grid from ${bank.grid.min}`);
      assert.equal(probAtLeast(bank.grid, w, t), 1);
      // The level above starts at its boundary, −1.5 on a five-level scale.
      assert.equal(bank.threshold(c, 2), -1.5);
    }
  });

  it('tabulates a forced choice between competencies over θ₁ − θ₂, whichever item it is', () => {
    const tiny = readTiny();
    // The forced choice first: its table is the first the bank keeps.
    const model = { ...tiny, items: [...tiny.items.filter((i) => i.type === 'forced-choice'), ...tiny.items.filter((i) => i.type !== 'forced-choice')] } as Model;
    const bank = new Bank(model);
    const item = bank.items[0]!;
    assert.ok(item.pair, 'a forced choice between two competencies');
    const q = bank.grid.size;
    const width = 2 * q - 1;
    const table = bank.pairTable(0);
    assert.ok(table instanceof Float64Array);
    assert.equal(table.length, 2 * width);
    const out = new Float64Array(2);
    const scratch = new Float64Array(2);
    for (const d of [-(q - 1), -7, 0, 3, q - 1]) {
      averagedProbabilities(item.fn, d * bank.grid.step, ITEM_LOCATION_SD, out, scratch);
      for (let k = 0; k < 2; k++) assert.ok(Math.abs(table[k * width + d + q - 1]! - Math.max(1e-10, out[k]!)) < 1e-12, `offset ${d}, outcome ${k}`);
    }
    assert.equal(bank.pairTable(0), table, 'computed once');
  });
});

describe('fingerprints', () => {
  const frozen = (): Model => requireModel(readFileSync('test/fixtures/golden/every-item-kind.json', 'utf8'));

  it('of the frozen model with every item kind: the values this release and release 0.1.0 write into saved states', () => {
    // Goldens: a saved state names its model by these, so a change here strands every saved assessment.
    const bank = bankFor(frozen());
    assert.equal(bank.fingerprint, '65bea92f');
    assert.equal(bank.legacyFingerprint, 'fe2c3ce3');
  });

  it("change with any item's answer shape (the number of its options and its format), kind by kind", () => {
    const before = bankFor(frozen());
    const changes: [string, (m: Model) => void][] = [
      ['the frequency scale', (m) => void (m.frequencyScale = ['Never', 'Rarely', 'Sometimes', 'Often', 'Usually', 'Always'])],
      ['an anchored item', (m) => void m.items.find((i) => i.type === 'anchored')!.options.pop()],
      ['an evidence rubric', (m) => void m.items.find((i) => i.type === 'evidence')!.rubric.pop()],
      ['a situational format', (m) => {
        const item = m.items.find((i) => i.type === 'situational' && i.format === 'rate-each')!;
        if (item.type === 'situational') item.format = 'best';
      }],
      ['a situational option', (m) => {
        const item = m.items.find((i) => i.type === 'situational' && i.format === 'rate-each')!;
        if (item.type === 'situational') item.options.pop();
      }],
    ];
    for (const [what, change] of changes) {
      const model = frozen();
      change(model);
      const after = bankFor(model);
      assert.notEqual(after.legacyFingerprint, before.legacyFingerprint, what);
      assert.notEqual(after.fingerprint, before.fingerprint, what);
    }
  });
});

describe('probability tables at a shift', () => {
  it('read the response curve at grid point + shift (a self-rating read with the leniency)', () => {
    const model = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Model;
    const bank = bankFor(model);
    const q = bank.grid.size;
    const steps = 3;
    for (const item of bank.items) {
      if (item.pair) continue;
      const plain = bank.table(item.index, 0);
      const shifted = bank.table(item.index, steps * bank.grid.step);
      for (let k = 0; k < item.outcomes; k++) {
        for (let j = 0; j + steps < q; j++) {
          const want = plain[k * q + j + steps]!;
          assert.ok(Math.abs(shifted[k * q + j]! - want) < 1e-12, `${item.id}: outcome ${k} at point ${j}`);
        }
      }
    }
  });
});
