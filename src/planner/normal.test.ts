// The planner's normal-distribution maths against references that are not this code: the published
// table of Φ (Abramowitz & Stegun 1964, Table 26.1, to 7 decimals), closed forms derived by hand, and
// Simpson's rule on the density. Then the plan's objective recomputed from the documented formula
// (docs/planner.md, "Objective") with that independent expected shortfall.
import { GAP_CONFIDENCE } from './settings.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { AssessmentResults } from '../assessment/types.js';
import type { Model } from '../model/types.js';
import { expectedGain } from './gain.js';
import { expectedShortfall, normalCdf, normalPdf, probabilityAtLeast, Z90 } from './normal.js';
import { planPathway } from './plan.js';

const close = (actual: number, expected: number, tolerance: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: expected ${expected}, got ${actual}`);

/** ∫ f over [a, b] by Simpson's rule with n (even) intervals. */
function simpson(f: (x: number) => number, a: number, b: number, n = 4000): number {
  const h = (b - a) / n;
  let sum = f(a) + f(b);
  for (let i = 1; i < n; i++) sum += (i % 2 ? 4 : 2) * f(a + i * h);
  return (sum * h) / 3;
}

const density = (x: number, mean = 0, sd = 1): number => Math.exp(-0.5 * ((x - mean) / sd) ** 2) / (sd * Math.sqrt(2 * Math.PI));

/** E[(T − θ)₊] for θ ~ N(μ, σ²), by integrating (T − θ) times the density from μ − 12σ to T. */
function shortfallByIntegration(threshold: number, mean: number, sd: number): number {
  const from = mean - 12 * sd;
  return threshold <= from ? 0 : simpson((x) => (threshold - x) * density(x, mean, sd), from, threshold);
}

describe('normal distribution function', () => {
  // Φ(z) from Abramowitz & Stegun Table 26.1 (and Φ(−z) = 1 − Φ(z)).
  const table: [number, number][] = [
    [0, 0.5],
    [0.5, 0.6914625],
    [1, 0.8413447],
    [1.5, 0.9331928],
    [1.96, 0.9750021],
    [2, 0.9772499],
    [2.5, 0.9937903],
    [3, 0.9986501],
    [4, 0.9999683],
  ];

  it('matches the published table at every tabled z, both signs', () => {
    for (const [z, p] of table) {
      close(normalCdf(z), p, 2e-7, `Φ(${z})`);
      close(normalCdf(-z), 1 - p, 2e-7, `Φ(${-z})`);
    }
  });

  it('keeps its small relative error in the far tail', () => {
    // Standard tail values to 8 digits: Φ(−5) = 2.8665157e−7, Φ(−6) = 9.8658765e−10.
    close(normalCdf(-5) / 2.8665157e-7, 1, 1e-6, 'Φ(−5) relative');
    close(normalCdf(-6) / 9.8658765e-10, 1, 1e-6, 'Φ(−6) relative');
  });

  it('puts 90% between ±Z90 and has the density 1/√(2π) e^{−z²/2}', () => {
    close(normalCdf(Z90) - normalCdf(-Z90), 0.9, 2e-7, 'P(|Z| ≤ Z90)');
    close(normalPdf(0), 0.3989423, 1e-7, 'φ(0)');
    close(normalPdf(1), 0.2419707, 1e-7, 'φ(1)');
    close(normalPdf(-2), 0.0539910, 1e-7, 'φ(−2)');
  });

  it('gives P(θ ≥ T) = 1 − Φ((T − μ)/σ), with the degenerate cases', () => {
    close(probabilityAtLeast(1, 0, 1), 1 - 0.8413447, 2e-7, 'P(θ ≥ 1)');
    close(probabilityAtLeast(0.5, 1.5, 0.5), 0.9772499, 2e-7, 'P(θ ≥ μ − 2σ)');
    assert.equal(probabilityAtLeast(Number.NEGATIVE_INFINITY, -9, 1), 1);
    assert.equal(probabilityAtLeast(1, 1, 0), 1);
    assert.equal(probabilityAtLeast(1, 0.99, 0), 0);
  });
});

describe('expected shortfall E[(T − θ)₊]', () => {
  it('is φ(0) = 1/√(2π) at the mean of a standard normal, and Φ(1) + φ(1) one SD above', () => {
    // (T − μ)Φ(z) + σφ(z): T = μ gives σ/√(2π); z = 1 gives 0.8413447 + 0.2419707.
    close(expectedShortfall(0, 0, 1), 0.3989423, 1e-7, 'ES(0; 0, 1)');
    close(expectedShortfall(1, 0, 1), 1.0833154, 2e-7, 'ES(1; 0, 1)');
    close(expectedShortfall(2.5, 1, 0.5), 0.5 * (3 * 0.9986501 + 0.0044318), 2e-7, 'ES(2.5; 1, 0.5) = σ ES(3; 0, 1)');
  });

  it('agrees with integrating (T − θ) φ over θ, for gaps of every size and width', () => {
    for (const [t, mean, sd] of [
      [1, 0, 1],
      [0.5, -0.8, 0.3],
      [-0.5, 0.4, 0.25],
      [2, 2, 1.2],
      [0, 1.5, 0.6],
      [1.5, -2, 0.05],
    ] as const) {
      close(expectedShortfall(t, mean, sd), shortfallByIntegration(t, mean, sd), 2e-7, `ES(${t}; ${mean}, ${sd})`);
    }
  });

  it('satisfies ES(T) − E[(θ − T)₊] = T − μ (put-call parity)', () => {
    // For μ = 0, E[(θ − T)₊] = ES(−T) by symmetry.
    for (const t of [0.3, 1.2, 2.7]) close(expectedShortfall(t, 0, 1) - expectedShortfall(-t, 0, 1), t, 4e-7, `T = ${t}`);
  });

  it('is the plain distance for a certain θ, and nothing for a requirement at the bottom of the scale', () => {
    assert.equal(expectedShortfall(1, 0.25, 0), 0.75);
    assert.equal(expectedShortfall(1, 2, 0), 0);
    // Exactly at the requirement, and an SD that is not a spread (negative, NaN): the mean is taken as known.
    assert.equal(expectedShortfall(1, 1, 0), 0);
    assert.equal(expectedShortfall(1, 0, -0.5), 1);
    assert.equal(expectedShortfall(1, 0, Number.NaN), 1);
    assert.equal(expectedShortfall(Number.NEGATIVE_INFINITY, 0, 1), 0);
    assert.equal(expectedShortfall(-9, 0, 1), 0);
  });
});

describe('the plan objective, recomputed from the documented formula', () => {
  const json = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
  const fixtures: [string, string][] = [
    ['demo/models/software-engineer.json', 'test/fixtures/results/software-engineer-to-senior.json'],
    ['demo/models/customer-success.json', 'test/fixtures/results/customer-success-associate.json'],
  ];

  for (const [modelFile, resultsFile] of fixtures) {
    it(`${modelFile}: Σ ρ_slot · W · ES(T; μ + Σ gains, σ) over both roles' requirements, before and after the plan`, () => {
      const model = json<Model>(modelFile);
      const results = json<AssessmentResults>(resultsFile);
      const plan = planPathway(model, results);
      const gains = new Map<string, number>();
      for (const step of plan.steps) for (const d of step.develops) gains.set(d.competency, (gains.get(d.competency) ?? 0) + d.expectedGain);
      let before = 0;
      let after = 0;
      for (const slot of ['current', 'target'] as const) {
        const role = model.roles.find((r) => r.id === results[slot === 'current' ? 'currentRole' : 'targetRole'])!;
        for (const req of role.requirements) {
          const c = results.competencies.find((x) => x.competency === req.competency)!;
          const weight = plan.roleWeights![slot]! * (req.weight ?? 1) * (req.critical ? 1.5 : 1);
          const threshold = c[slot]!.threshold;
          // Only gaps count (docs/planner.md): a requirement probably met already is left alone.
          if (c[slot]!.pMeets >= GAP_CONFIDENCE) continue;
          before += weight * shortfallByIntegration(threshold, c.theta, c.sd);
          after += weight * shortfallByIntegration(threshold, c.theta + (gains.get(req.competency) ?? 0), c.sd);
        }
      }
      assert.ok(plan.steps.length > 0 && after < before);
      close(plan.objective!.before, before, 1e-6 * before, 'before');
      close(plan.objective!.after, after, 1e-6 * before, 'after');
    });
  }

  it('a step\'s expected gain is the documented example: 90-minute coaching 2 → 4 at level 2.2 gives 0.26 θ', () => {
    // low = −1.5, high = 1; headroom within one level of the learner: min(1, −0.8 + 1) − max(−0.8, −1.5) = 1;
    // dose 90/210 → 0.6 × 0.428571 × 1 = 0.257143.
    close(expectedGain(-0.8, -1.5, 1, 90), 0.257143, 1e-6, 'g');
    // Half a level below the pitch: headroom min(1, −1) − (−1.5) = 0.5, × exp(−½ · 0.5²) = 0.882497.
    close(expectedGain(-2, -1.5, 1, 90), 0.6 * (90 / 210) * 0.5 * 0.882497, 1e-6, 'g below the pitch');
    // More than a level below the pitch: nothing within reach.
    assert.equal(expectedGain(-2.6, -1.5, 1, 90), 0);
    assert.equal(expectedGain(1.2, -1.5, 1, 90), 0);
  });
});
