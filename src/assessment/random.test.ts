import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Item } from '../model/types.js';
import { displayOrder } from './display.js';
import { hash32, mixSeed, Random, randomesqueDraw } from './random.js';

// The streams below are a saved format in all but name: a resumed session replays its seed, so a changed
// generator would show a learner other option orders and other questions than before the reload. The
// sequences are those of release 0.1.0; FNV-1a's values are the published test vectors of its authors.

describe('hash32 (FNV-1a, 32 bits)', () => {
  it('gives the published test vectors', () => {
    assert.equal(hash32(''), 0x811c9dc5);
    assert.equal(hash32('a'), 0xe40c292c);
    assert.equal(hash32('foobar'), 0xbf9cf968);
  });

  it('starts from the given basis and hashes UTF-16 code units', () => {
    assert.equal(hash32('', 5), 5);
    assert.equal(hash32('abc', 5), 4231375947);
    assert.notEqual(hash32('é'), hash32('e'));
    assert.ok(hash32('\uffff') >= 0 && hash32('\uffff') <= 0xffffffff);
  });
});

describe('mixSeed', () => {
  it('is the finaliser of release 0.1.0, order-sensitive and unsigned', () => {
    assert.equal(mixSeed(), 0x9e3779b9);
    assert.equal(mixSeed(1, 2, 3), 2901138804);
    assert.notEqual(mixSeed(1, 2), mixSeed(2, 1));
    assert.equal(mixSeed(-1), mixSeed(0xffffffff));
    for (const parts of [[0], [1, 2], [0xffffffff, 7], [123456789]]) {
      const h = mixSeed(...parts);
      assert.ok(Number.isInteger(h) && h >= 0 && h <= 0xffffffff, `${parts}: ${h}`);
    }
  });
});

describe('Random (mulberry32)', () => {
  it('replays the stream of release 0.1.0 for a seed', () => {
    const r = new Random(42);
    assert.deepEqual([r.next(), r.next(), r.next()], [0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
    const n = new Random(7);
    assert.deepEqual([n.normal(), n.normal(), n.normal()], [2.759372987028844, 1.131981118666697, -0.06805135650735404]);
  });

  it('draws uniformly in [0, 1) and integers in [0, n)', () => {
    const r = new Random(3);
    const counts = new Array<number>(10).fill(0);
    const draws = 20_000;
    for (let i = 0; i < draws; i++) {
      const u = r.next();
      assert.ok(u >= 0 && u < 1);
      counts[r.below(10)]!++;
    }
    // χ² with 9 degrees of freedom: 27.9 is its 0.999 quantile.
    const expected = draws / 10;
    const chi2 = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    assert.ok(chi2 < 27.9, `χ² ${chi2.toFixed(1)}: ${counts}`);
    assert.equal(new Random(1).below(1), 0);
  });

  it('draws standard normals in pairs (Box–Muller keeps the spare)', () => {
    const r = new Random(11);
    const xs = Array.from({ length: 20_000 }, () => r.normal());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    assert.ok(Math.abs(mean) < 0.03, `mean ${mean}`);
    assert.ok(Math.abs(variance - 1) < 0.04, `variance ${variance}`);
    // Two normals use two uniforms: the third normal of one generator starts where a fresh one's third uniform is.
    const a = new Random(5);
    a.normal();
    a.normal();
    const b = new Random(5);
    b.next();
    b.next();
    assert.equal(a.next(), b.next());
  });

  it('picks an index in proportion to its weight and never one weighing nothing', () => {
    const r = new Random(9);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[r.pick([1, 0, 3, 0])]!++;
    assert.equal(counts[1], 0);
    assert.equal(counts[3], 0);
    assert.ok(Math.abs(counts[2]! / 30_000 - 0.75) < 0.015, `${counts}`);
    assert.equal(new Random(1).pick([0, 0, 2]), 2);
    assert.equal(new Random(1).pick([0, 5, 0]), 1);
  });

  it('falls back to the last index with weight when rounding leaves some over', () => {
    // A draw just below 1: u = total × (1 − ε), and 0.1 + 0.2 + 0.3 sums to 0.6000000000000001 while
    // subtracting them one by one leaves u ≥ 0 — the loop ends without a pick.
    const high = Object.assign(new Random(0), { next: () => 1 - Number.EPSILON });
    assert.equal(high.pick([0.1, 0.2, 0.3, 0]), 2);
    assert.equal(high.pick([0, 0]), 0);
  });
});

describe('randomesqueDraw', () => {
  it('is a seeded draw per question number, below the count', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((answered) => randomesqueDraw(11, answered, 4)), [3, 0, 1, 1, 3, 1]);
    for (let answered = 0; answered < 50; answered++) {
      const k = randomesqueDraw(99, answered, 3);
      assert.ok(k >= 0 && k < 3);
      assert.equal(randomesqueDraw(99, answered, 1), 0);
    }
  });
});

describe('displayOrder', () => {
  const situational = { type: 'situational', id: 'sjt-1', options: [{}, {}, {}, {}] } as unknown as Item;

  it('shuffles unordered options per item and seed, as release 0.1.0 did', () => {
    assert.deepEqual([0, 1, 2, 3].map((seed) => displayOrder(situational, seed).join('')), ['1032', '2031', '1203', '0132']);
    const other = { ...situational, id: 'sjt-2' } as Item;
    const orders = (item: Item) => Array.from({ length: 12 }, (_, seed) => displayOrder(item, seed).join(''));
    assert.notDeepEqual(orders(situational), orders(other));
  });

  it('is a permutation of every option and reaches every position', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 200; seed++) {
      const order = displayOrder(situational, seed);
      assert.deepEqual([...order].sort(), [0, 1, 2, 3]);
      seen.add(order.join(''));
    }
    assert.equal(seen.size, 24);
  });

  it('shuffles anchored options and forced choices too', () => {
    for (const type of ['anchored', 'forced-choice']) {
      const item = { type, id: 'x', options: [{}, {}, {}] } as unknown as Item;
      const orders = new Set(Array.from({ length: 30 }, (_, seed) => displayOrder(item, seed).join('')));
      assert.ok(orders.size > 1, type);
    }
  });

  it('keeps ordered scales in order, as long as the scale', () => {
    assert.deepEqual(displayOrder({ type: 'frequency', id: 'f' } as unknown as Item, 4), [0, 1, 2, 3, 4]);
    assert.deepEqual(displayOrder({ type: 'frequency', id: 'f' } as unknown as Item, 4, 3), [0, 1, 2]);
    assert.deepEqual(displayOrder({ type: 'evidence', id: 'e', rubric: [{}, {}, {}, {}] } as unknown as Item, 4, 7), [0, 1, 2, 3]);
  });
});
