// Item parameters as uncertain: the averaged response curve against numerical integration.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Model } from '../model/types.js';
import { averagedProbabilities, bankFor, ITEM_LOCATION_SD } from './bank.js';
import { responseFunction } from './item-models.js';

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
