import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bankFor } from '../assessment/bank.js';
import { generateModel } from '../assessment/generate.js';
import { itemsToDecide } from './coverage.js';

describe('coverage: items needed', () => {
  it("counts the engine's own prior precision, not that of N(0, 1)", () => {
    // 95% one-sided: z² ≈ 2.706 of precision at one level's distance. The engine's prior gives
    // 1/priorSD² of it; items of information 0.6 each make up the rest.
    const { priorSD } = bankFor(generateModel({ competencies: 2, itemsPerCompetency: 4, seed: 1 })).grid;
    const infos = Array.from({ length: 10 }, () => 0.6);
    const z2 = 1.6448536 ** 2;
    const expected = Math.ceil((z2 - 1 / priorSD ** 2) / 0.6);
    assert.equal(itemsToDecide(infos, 0.95, priorSD), expected);
    // With a prior as narrow as N(0, 1), fewer items would seem enough whenever priorSD > 1.
    assert.ok(priorSD > 1 && itemsToDecide(infos, 0.95, 1)! < expected);
  });

  it('takes the most informative items first and says when all of them are not enough', () => {
    assert.equal(itemsToDecide([0.1, 5, 0.2], 0.95, 1.4), 1);
    assert.equal(itemsToDecide([0.1, 0.2], 0.95, 1.4), null);
  });
});
