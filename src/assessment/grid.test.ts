// The grid posterior and the correlation layer against closed-form normal–normal results.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { cavities, invertSpd } from './correlation.js';
import { convolve, expectedShortfall, gaussianKernel, moments, normalizeLog, probAtLeast, quantile, ThetaGrid } from './grid.js';

const close = (actual: number, expected: number, tolerance: number, what = ''): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what} expected ${expected}, got ${actual}`);

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 on erf; |error| < 1.5e-7). */
function phi(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp((-x * x) / 2);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}
const density = (x: number): number => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);

describe('grid posterior', () => {
  // The population prior N(0, v) (v = 1.4²), one Gaussian observation y = 1.2 with SD 0.5:
  // posterior N(1.2·v / (v + 0.25), 0.25·v / (v + 0.25)).
  // Built in a hook, not in the describe body: engine code that runs while the file loads would make
  // its mutants "static" (docs/testing.md, Mutation testing).
  let grid: ThetaGrid;
  let w: Float64Array;
  before(() => {
    grid = new ThetaGrid();
    assert.equal(grid.priorSD, 1.4);
    const log = new Float64Array(grid.size);
    for (let j = 0; j < grid.size; j++) log[j] = grid.logPrior[j]! - 0.5 * ((1.2 - grid.points[j]!) / 0.5) ** 2;
    w = new Float64Array(grid.size);
    normalizeLog(log, w);
  });
  const v = 1.4 ** 2;
  const mean = (1.2 * v) / (v + 0.25);
  const sd = Math.sqrt((0.25 * v) / (v + 0.25));

  it('matches the closed-form posterior mean and SD', () => {
    const m = moments(grid, w);
    close(m.mean, mean, 1e-4, 'mean');
    close(m.sd, sd, 2e-3, 'sd');
  });

  it('matches the closed-form 90% interval and tail probabilities', () => {
    close(quantile(grid, w, 0.05), mean - 1.6449 * sd, 0.01, 'q05');
    close(quantile(grid, w, 0.95), mean + 1.6449 * sd, 0.01, 'q95');
    for (const t of [-0.5, 0.5, 0.96, 1.5]) close(probAtLeast(grid, w, t), 1 - phi((t - mean) / sd), 0.005, `P(θ ≥ ${t})`);
  });

  it('matches the closed-form expected shortfall (T − μ)Φ(z) + σφ(z)', () => {
    for (const t of [0, 0.5, 1.5]) {
      const z = (t - mean) / sd;
      close(expectedShortfall(grid, w, t), (t - mean) * phi(z) + sd * density(z), 0.003, `ES(${t})`);
    }
  });

  it('is smooth in the threshold (no jumps at grid points)', () => {
    const a = probAtLeast(grid, w, 0.5);
    const b = probAtLeast(grid, w, 0.5 + 1e-6);
    assert.ok(a - b < 1e-4 && a >= b);
  });
});

describe('correlation layer', () => {
  it('gives a related competency the closed-form conditional of a Gaussian observation', () => {
    // θ ~ N(0, [[1, .6], [.6, 1]]); y = 1 observes θ_A with variance 0.25; nothing on B.
    // E[θ_B | y] = .6 · 1 / 1.25 = 0.48; Var = 1 − .36 / 1.25 = 0.712.
    const correlation = Float64Array.from([1, 0.6, 0.6, 1]);
    const group = { members: [0, 1], correlation, precision: invertSpd(correlation, 2)!, shrink: 1 };
    const [a, b] = cavities(group, [
      { y: 1, precision: 4 },
      { y: 0, precision: 0 },
    ]);
    close(b!.mean, 0.48, 1e-9, 'cavity mean of B');
    close(b!.variance, 0.712, 1e-9, 'cavity variance of B');
    // A's cavity excludes its own observation: the prior, since B has no evidence.
    close(a!.mean, 0, 1e-9);
    close(a!.variance, 1, 1e-9);
  });

  it('scales the prior by the population variance', () => {
    // θ ~ N(0, v·R) with v = 1.96: Cov(θ_A, θ_B) = .6v, Var θ_A = v; y = 1 observes θ_A with variance 0.25.
    // E[θ_B | y] = .6v / (v + .25); Var = v − (.6v)² / (v + .25).
    const v = 1.96;
    const correlation = Float64Array.from([1, 0.6, 0.6, 1]);
    const group = { members: [0, 1], correlation, precision: invertSpd(correlation, 2)!, shrink: 1 };
    const [a, b] = cavities(group, [{ y: 1, precision: 4 }, { y: 0, precision: 0 }], v);
    close(b!.mean, (0.6 * v) / (v + 0.25), 1e-9, 'cavity mean of B');
    close(b!.variance, v - (0.6 * v) ** 2 / (v + 0.25), 1e-9, 'cavity variance of B');
    close(a!.variance, v, 1e-9, 'cavity variance of A');
  });

  it('inverts a positive-definite matrix and refuses one that is not', () => {
    const m = [4, 2, 2, 3];
    const inv = invertSpd(m, 2)!;
    close(inv[0]! * 4 + inv[1]! * 2, 1, 1e-12);
    close(inv[0]! * 2 + inv[1]! * 3, 0, 1e-12);
    assert.equal(invertSpd([1, 2, 2, 1], 2), undefined);
  });
});

describe('convolve', () => {
  it('equals the plain double sum exactly, for every length (four outputs at a time, then the rest)', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (const n of [1, 2, 3, 4, 5, 7, 8, 65, 66, 67]) {
      const f = Float64Array.from({ length: n }, () => random() * Math.exp(-30 * random()));
      const kernel = Float64Array.from({ length: 2 * n - 1 }, () => random());
      const out = new Float64Array(n);
      convolve(f, kernel, out);
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let j = 0; j < n; j++) sum += f[j]! * kernel[j - i + n - 1]!;
        assert.equal(out[i], sum, `length ${n}, output ${i}`);
      }
    }
    // A Gaussian kernel on the engine's grid keeps the mass of a point (away from the ends).
    const grid = new ThetaGrid();
    const point = new Float64Array(grid.size);
    point[(grid.size - 1) / 2] = 1;
    const spread = new Float64Array(grid.size);
    convolve(point, gaussianKernel(grid, 0.3), spread);
    close(spread.reduce((a, b) => a + b, 0), 1, 1e-9, 'mass');
  });
});
