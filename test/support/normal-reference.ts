// Reference values for the normal distribution that do not use the planner's own normalCdf:
// Simpson's rule on the standard normal density (planner tests compare the planner's P(meets) with them).

export const density = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

export function simpson(f: (x: number) => number, a: number, b: number, n = 4000): number {
  const h = (b - a) / n;
  let sum = f(a) + f(b);
  for (let i = 1; i < n; i++) sum += (i % 2 ? 4 : 2) * f(a + i * h);
  return (sum * h) / 3;
}

/** P(θ ≥ t) for θ ~ N(mean, sd²), by numerical integration. */
export const pAtLeast = (t: number, mean: number, sd: number): number => simpson(density, (t - mean) / sd, 12);
