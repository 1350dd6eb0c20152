/** The fixed vocabularies of the model format (kept apart from the zod definitions, which are not bundled). */

/** The value of the required root field `format`. */
export const MODEL_FORMAT = 'pathway-model/1';

export const RATERS = ['self', 'manager', 'peer'] as const;

export const ITEM_TYPES = ['frequency', 'anchored', 'situational', 'evidence', 'forced-choice'] as const;

export const SJT_FORMATS = ['best', 'most-least', 'rate-each'] as const;

export const MODULE_KINDS = [
  'course',
  'elearning',
  'workshop',
  'reading',
  'video',
  'practice',
  'on-the-job',
  'project',
  'reflection',
  'coaching',
  'mentoring',
  'peer-learning',
] as const;

export const MODALITIES = ['experiential', 'social', 'formal'] as const;
