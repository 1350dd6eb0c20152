/**
 * The normal-distribution pieces the gap engine needs: density, distribution function and the
 * expected shortfall E[(T − θ)₊] of θ ~ N(μ, σ²) below a threshold T.
 */

const INV_SQRT_2PI = 0.3989422804014327;
const SQRT_HALF = Math.SQRT1_2;

/** Standard normal density φ(z). */
export function normalPdf(z: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
}

/**
 * Complementary error function for x ≥ 0 by a Chebyshev-fitted exponential (Press et al.,
 * "Numerical Recipes", §6.2): fractional error below 1.2e-7 everywhere, one `exp` per call.
 */
function erfcNonNegative(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return t * Math.exp(-x * x + poly);
}

/** Standard normal distribution function Φ(z). */
export function normalCdf(z: number): number {
  const x = z * SQRT_HALF;
  return x >= 0 ? 1 - 0.5 * erfcNonNegative(x) : 0.5 * erfcNonNegative(-x);
}

/**
 * Expected shortfall ES(T; μ, σ) = E[(T − θ)₊] = (T − μ)Φ(z) + σφ(z), z = (T − μ)/σ: the expected
 * distance below the requirement, which stays positive for a wide posterior even when μ ≥ T.
 */
export function expectedShortfall(threshold: number, mean: number, sd: number): number {
  if (threshold === Number.NEGATIVE_INFINITY) return 0;
  if (!(sd > 0)) return Math.max(0, threshold - mean);
  const z = (threshold - mean) / sd;
  if (z < -8) return 0; // below 1e-16 σ: cancellation noise, not a gap
  return Math.max(0, (threshold - mean) * normalCdf(z) + sd * normalPdf(z));
}

/** P(θ ≥ T) for θ ~ N(μ, σ²). */
export function probabilityAtLeast(threshold: number, mean: number, sd: number): number {
  if (threshold === Number.NEGATIVE_INFINITY) return 1;
  if (!(sd > 0)) return mean >= threshold ? 1 : 0;
  return 1 - normalCdf((threshold - mean) / sd);
}

/** z of the central 90% interval. */
export const Z90 = 1.6448536269514722;
