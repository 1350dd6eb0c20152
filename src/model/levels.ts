/**
 * Mapping between a proficiency scale's ordered levels and the latent θ scale the engine measures on.
 *
 * Levels are placed one θ unit apart and centred on 0, so for a five-level scale the typical person
 * at level 1…5 sits at θ = −2…2, and "at least level L" means θ ≥ the midpoint between L−1 and L.
 * With a standard-normal population prior this puts most of a workforce at levels 2–4.
 */
import type { Competency, Model, Scale } from './types.js';

export const LEVEL_SPACING = 1;

/** The scale that applies to a competency: its own override or the model's. */
export function scaleOf(model: Model, competency: Competency | undefined): Scale {
  return competency?.scale ?? model.scale;
}

/** Position (0-based) of a level value on its scale, or −1 when the scale has no such level. */
export function levelIndex(scale: Scale, level: number): number {
  return scale.levels.findIndex((l) => l.level === level);
}

function centre(scale: Scale): number {
  return (scale.levels.length - 1) / 2;
}

function indexOrThrow(scale: Scale, level: number): number {
  const index = levelIndex(scale, level);
  if (index < 0) throw new RangeError(`level ${level} is not on the scale (${scale.levels.map((l) => l.level).join(', ')})`);
  return index;
}

/** θ of a person typical for the level (the middle of the level's band). */
export function levelToTheta(scale: Scale, level: number): number {
  return (indexOrThrow(scale, level) - centre(scale)) * LEVEL_SPACING;
}

/** θ from which a person counts as being at the level or above; −∞ for the lowest level. */
export function levelThreshold(scale: Scale, level: number): number {
  const index = indexOrThrow(scale, level);
  if (index === 0) return Number.NEGATIVE_INFINITY;
  return (index - 0.5 - centre(scale)) * LEVEL_SPACING;
}

/**
 * θ as a continuous position on the scale's level values (e.g. 3.4 on a 1–5 scale), clamped to the
 * scale's ends. Levels need not be consecutive integers; positions interpolate between them.
 */
export function thetaToLevel(scale: Scale, theta: number): number {
  const levels = scale.levels;
  const position = Math.min(levels.length - 1, Math.max(0, theta / LEVEL_SPACING + centre(scale)));
  const lower = Math.floor(position);
  const upper = Math.min(levels.length - 1, lower + 1);
  const fractionAbove = position - lower;
  const low = levels[lower]!.level;
  const high = levels[upper]!.level;
  return low + (high - low) * fractionAbove;
}

/** The discrete level a θ falls in (the highest level whose threshold it reaches). */
export function thetaToDiscreteLevel(scale: Scale, theta: number): number {
  let result = scale.levels[0]!.level;
  for (const l of scale.levels) if (theta >= levelThreshold(scale, l.level)) result = l.level;
  return result;
}
