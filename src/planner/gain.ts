/**
 * How a module is expected to move a learner's θ on one competency, from the author's
 * `develops: { from, to }` (documented in docs/planner.md, "How a module moves θ"):
 *
 * - the module is pitched at [low, high]: low = the lower edge of the `from` level's band, high = θ of
 *   a person typical for the `to` level;
 * - the headroom is the part of the pitch above the learner and within reach: from max(μ, low) up to
 *   min(high, μ + ZPD_WIDTH). A learner takes in at most about one level from a module; material
 *   pitched two levels up teaches someone at 2.3 next to nothing toward level 3, however long it is;
 * - a learner at μ is expected to close a share of that headroom: GAIN_RATE for a long module, scaled
 *   by the dose t/(t + DOSE_HALF_MINUTES) of its t minutes — a 20-minute video moves behaviour less
 *   than weeks of practice aimed at the same levels;
 * - a learner above `high` gains nothing (the module has nothing left to teach them);
 * - a learner below `low` is further scaled by the zone-of-proximal-development efficacy
 *   exp(−½((low − μ)/ZPD_WIDTH)²): material pitched above someone helps less.
 */
import { DOSE_HALF_MINUTES, GAIN_RATE, ZPD_WIDTH } from './settings.js';

/** Zone-of-proximal-development efficacy of a module pitched from `low` for a learner at `mean`. */
export function pitchEfficacy(mean: number, low: number): number {
  if (mean >= low) return 1;
  const d = (low - mean) / ZPD_WIDTH;
  return Math.exp(-0.5 * d * d);
}

/** Share of the full gain a module of `minutes` delivers. */
export function dose(minutes: number): number {
  return minutes / (minutes + DOSE_HALF_MINUTES);
}

/**
 * Expected θ gain (efficacy included) for a learner at `mean` of a module effect pitched at
 * [low, high] that takes `minutes`.
 */
export function expectedGain(mean: number, low: number, high: number, minutes: number): number {
  const headroom = Math.max(0, Math.min(high, mean + ZPD_WIDTH) - Math.max(mean, low));
  return GAIN_RATE * dose(minutes) * headroom * pitchEfficacy(mean, low);
}
