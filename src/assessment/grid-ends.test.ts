// The ends of the θ grid (grid.ts): its last point, a quantile asked beyond the mass there is, and the
// spread of a posterior held in one or two cells.
// Kept apart from grid.test.ts, which mutation group 5 also runs: this one guards group 4's grid.ts alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { moments, probAtLeast, quantile, ThetaGrid } from './grid.js';

const close = (actual: number, expected: number, tolerance: number, what = ''): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what} expected ${expected}, got ${actual}`);

describe('grid ends', () => {
  it('max is the last grid point, as far above 0 as min is below', () => {
    for (const grid of [new ThetaGrid(), new ThetaGrid(5.5)]) {
      assert.equal(grid.max, grid.points[grid.size - 1]);
      close(grid.max, -grid.min, 1e-12, 'max');
    }
  });

  it('a quantile beyond the mass there is reads the upper edge of the last cell', () => {
    const grid = new ThetaGrid();
    const upper = grid.points[grid.size - 1]! + grid.step / 2;
    // No mass at all, and a probability above the whole mass.
    close(quantile(grid, new Float64Array(grid.size), 0.5), upper, 1e-12, 'empty');
    const w = new Float64Array(grid.size);
    w[3] = 0.5;
    close(quantile(grid, w, 0.9), upper, 1e-12, 'half the mass');
    // Within the mass: the cell of the point that holds it.
    close(quantile(grid, w, 0.25), grid.points[3]!, 1e-12, 'inside');
  });

  it('a posterior in one cell reports the within-cell spread, step / √12, and two cells add it to theirs', () => {
    const grid = new ThetaGrid();
    const one = new Float64Array(grid.size);
    one[10] = 1;
    close(moments(grid, one).sd, grid.step / Math.sqrt(12), 1e-12, 'one cell');
    const two = new Float64Array(grid.size);
    two[10] = 0.5;
    two[12] = 0.5;
    // Half the mass a step either side of the mean: variance step², plus step² / 12.
    close(moments(grid, two).sd, grid.step * Math.sqrt(1 + 1 / 12), 1e-12, 'two cells');
    close(moments(grid, two).mean, grid.points[11]!, 1e-12, 'mean');
  });

  it('P(θ ≥ −∞) is exactly 1, even where the masses add up to a hair below 1', () => {
    const grid = new ThetaGrid();
    const w = new Float64Array(grid.size);
    for (let j = 0; j < 10; j++) w[20 + j] = 0.1;
    let sum = 0;
    for (let j = grid.size - 1; j >= 0; j--) sum += w[j]!;
    assert.ok(sum < 1, `${sum}`);
    assert.equal(probAtLeast(grid, w, Number.NEGATIVE_INFINITY), 1);
  });

  it('the first grid index at or above θ: the point itself when θ is on it, the next just above it', () => {
    const grid = new ThetaGrid();
    for (const k of [1, 28, 36, grid.size - 1]) {
      assert.equal(grid.firstAtOrAbove(grid.points[k]!), k, `on point ${k}`);
      assert.equal(grid.firstAtOrAbove(grid.points[k]! + grid.step / 1000), Math.min(grid.size, k + 1), `just above point ${k}`);
    }
    assert.equal(grid.firstAtOrAbove(grid.max + 1), grid.size);
    assert.equal(grid.firstAtOrAbove(grid.min), 0);
  });
});
