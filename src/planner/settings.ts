/** The planner's constants: each is documented in docs/planner.md, and most can be overridden per call. */
import type { Modality } from '../model/types.js';

/** Share of the current role when the model sets no `planning.currentRoleWeight`; the target gets the rest. */
export const DEFAULT_CURRENT_ROLE_WEIGHT = 0.4;

/** Time budget when neither the call nor the model sets one: about an hour a week for a quarter. */
export const DEFAULT_BUDGET_MINUTES = 720;

/** Multiplier on a critical requirement's importance weight. */
export const CRITICAL_FACTOR = 1.5;

/**
 * Share of the distance to a module's `to` level that a long module is expected to close; shorter
 * ones close less (see DOSE_HALF_MINUTES).
 */
export const GAIN_RATE = 0.6;

/** Minutes of engagement at which a module delivers half of its full expected gain (dose–response). */
export const DOSE_HALF_MINUTES = 120;

/** Width (θ units, one level) of the zone-of-proximal-development fall-off below a module's pitch. */
export const ZPD_WIDTH = 1;

/** Efficacy below which a module counts as pitched too far above the learner and is skipped. */
export const MIN_EFFICACY = 0.25;

/** A requirement is reported as a gap while P(meets) is below this. */
export const GAP_CONFIDENCE = 0.8;

/** A competency is a strength when P(θ ≥ requirement + one level) reaches this. */
export const STRENGTH_CONFIDENCE = 0.8;

/** Prior used for a required competency the results hold no evidence on. */
export const PRIOR_THETA = 0;
export const PRIOR_SD = 1;

/**
 * Weight of the modality-blend bonus: a minute of a modality still below its target share earns this
 * share of the median candidate module's value per minute.
 */
export const DEFAULT_BLEND_STRENGTH = 0.75;

/**
 * A module's minutes count fully toward the blend when its own value per minute is at least this
 * share of the median candidate's, proportionally less below.
 */
export const BLEND_CREDIT_FLOOR = 0.25;

/** Order of modalities in the planner's arrays (matches MODALITIES). */
export const MODALITY_ORDER: readonly Modality[] = ['experiential', 'social', 'formal'];

/** Below this a module's value is noise, not a reason to propose it. */
export const MIN_VALUE = 1e-6;

/** Plain code-unit order for ids: deterministic everywhere and much cheaper than localeCompare. */
export function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
