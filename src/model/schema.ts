/**
 * The Pathway competency model format, version 1 — defined once, here.
 *
 * Built with `zod/mini` because this module ships to the browser (the elements validate models they
 * load). The JSON Schema for editors is generated from these definitions (`npm run schema`), with
 * field documentation added from `schema-docs.ts`, which is never bundled.
 *
 * This file checks *shape* only; references between parts (ids, levels, cycles) are checked in
 * `references.ts`, which runs once the shape is valid.
 */
import * as z from 'zod/mini';

/** The value of the required root field `format`. */
export const MODEL_FORMAT = 'pathway-model/1';

/** Local ids: safe inside IRIs, SCORM identifiers (no spaces, periods or colons) and CSS. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const ID_EXPECTED = 'an id of 1–64 letters, digits, "-" or "_", starting with a letter or digit';

/** BCP 47 language tag, as xAPI language maps require (e.g. "en", "de-CH"). */
export const LANGUAGE_PATTERN = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

/** Absolute IRI with a scheme (https://…, urn:…); no whitespace. */
export const IRI_PATTERN = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/;

const MAX_TEXT = 10_000;

export const id = z.string().check(z.regex(ID_PATTERN, { error: ID_EXPECTED }));
export const iri = z
  .string()
  .check(z.regex(IRI_PATTERN, { error: 'an absolute IRI with a scheme, e.g. "https://example.org/models/leadership"' }));
export const languageTag = z
  .string()
  .check(z.regex(LANGUAGE_PATTERN, { error: 'a BCP 47 language tag such as "en" or "de-CH"' }));

const nonEmptyString = z.string().check(z.minLength(1), z.maxLength(MAX_TEXT));

/** Human text: a plain string in the model's default language, or a language map. */
export const text = z.union([
  nonEmptyString,
  z.record(languageTag, nonEmptyString).check(
    z.refine((map) => Object.keys(map).length > 0, { error: 'a non-empty language map such as {"en": "…"}' }),
  ),
]);

const level = z.int().check(z.gte(0), z.lte(100));
const positive = z.number().check(z.gt(0));
const fraction = z.number().check(z.gte(0), z.lte(1));
const extensions = z.optional(z.record(z.string(), z.unknown()));

export const scaleLevel = z.strictObject({
  level,
  label: text,
  meaning: text,
});

export const scale = z.strictObject({
  levels: z.array(scaleLevel).check(z.minLength(2), z.maxLength(12)),
});

export const group = z.strictObject({
  id,
  title: text,
  description: z.optional(text),
  extensions,
});

export const indicator = z.strictObject({
  level,
  text,
});

export const competency = z.strictObject({
  id,
  iri: z.optional(iri),
  title: text,
  description: text,
  group: z.optional(id),
  scale: z.optional(scale),
  indicators: z.array(indicator).check(z.minLength(1)),
  related: z.optional(
    z.array(
      z.strictObject({
        competency: id,
        correlation: z.number().check(z.gte(-1), z.lte(1)),
      }),
    ),
  ),
  extensions,
});

export const requirement = z.strictObject({
  competency: id,
  level,
  weight: z.optional(z.number().check(z.gt(0), z.lte(10))),
  critical: z.optional(z.boolean()),
});

export const role = z.strictObject({
  id,
  title: text,
  description: z.optional(text),
  /** The role this one usually leads to. */
  next: z.optional(id),
  requirements: z.array(requirement).check(z.minLength(1)),
  extensions,
});

export const RATERS = ['self', 'manager', 'peer'] as const;
export const rater = z.enum(RATERS);

/** Item response theory parameters; defaults are derived from option levels when absent. */
export const irt = z.strictObject({
  /** Discrimination (slope). */
  a: z.optional(z.number().check(z.gt(0), z.lte(10))),
  /** Category boundaries (difficulties) on the θ scale, ascending; one fewer than the categories. */
  b: z.optional(z.array(z.number().check(z.gte(-10), z.lte(10))).check(z.minLength(1))),
});

const itemBase = {
  id,
  competency: id,
  /** Expected answering time in seconds (for time budgets); defaults per item type. */
  seconds: z.optional(z.int().check(z.gt(0), z.lte(3600))),
  /** Which rater forms include the item; defaults per item type. */
  raters: z.optional(z.array(rater).check(z.minLength(1))),
  irt: z.optional(irt),
  extensions,
};

export const frequencyItem = z.strictObject({
  ...itemBase,
  type: z.literal('frequency'),
  /** The behaviour, phrased for the learner ("How often do you …?"). */
  stem: text,
  /** The same behaviour phrased for a manager or peer ("How often does this person …?"). */
  observerStem: z.optional(text),
  /** The proficiency level at which this behaviour is typical. */
  level,
});

export const anchoredOption = z.strictObject({ text, level });

export const anchoredItem = z.strictObject({
  ...itemBase,
  type: z.literal('anchored'),
  stem: text,
  observerStem: z.optional(text),
  options: z.array(anchoredOption).check(z.minLength(2), z.maxLength(10)),
});

export const SJT_FORMATS = ['best', 'most-least', 'rate-each'] as const;

export const situationalOption = z.strictObject({
  text,
  /** Expert key: mean effectiveness rating by subject-matter experts, 1 (counter-productive) to 5 (very effective). */
  effectiveness: z.number().check(z.gte(1), z.lte(5)),
  /** Share of experts who agreed with the key (0–1); low agreement weakens the option's evidence. */
  agreement: z.optional(fraction),
});

export const situationalItem = z.strictObject({
  ...itemBase,
  type: z.literal('situational'),
  scenario: text,
  question: z.optional(text),
  format: z.enum(SJT_FORMATS),
  options: z.array(situationalOption).check(z.minLength(2), z.maxLength(8)),
});

export const rubricLevel = z.strictObject({ level, text });

export const evidenceItem = z.strictObject({
  ...itemBase,
  type: z.literal('evidence'),
  /** The work-sample task. */
  task: text,
  /** What to attach or describe as evidence (a text or a link). */
  prompt: z.optional(text),
  rubric: z.array(rubricLevel).check(z.minLength(2), z.maxLength(12)),
  /** Who confirms the self-scored rubric. */
  confirmBy: z.optional(z.enum(['manager', 'peer'])),
});

export const forcedChoiceOption = z.strictObject({
  text,
  /** Level of the behaviour on its competency's scale. */
  level,
  /** The competency this behaviour belongs to; defaults to the item's competency. */
  competency: z.optional(id),
});

export const forcedChoiceItem = z.strictObject({
  ...itemBase,
  type: z.literal('forced-choice'),
  stem: z.optional(text),
  options: z.tuple([forcedChoiceOption, forcedChoiceOption]),
});

export const ITEM_TYPES = ['frequency', 'anchored', 'situational', 'evidence', 'forced-choice'] as const;

export const item = z.discriminatedUnion('type', [
  frequencyItem,
  anchoredItem,
  situationalItem,
  evidenceItem,
  forcedChoiceItem,
]);

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

export const develops = z.strictObject({
  competency: id,
  /** Lowest level the module is pitched at (default: the scale's first level). */
  from: z.optional(level),
  /** Level the module brings a learner to. */
  to: level,
});

export const module = z.strictObject({
  id,
  kind: z.enum(MODULE_KINDS),
  /** Overrides the modality implied by `kind`. */
  modality: z.optional(z.enum(MODALITIES)),
  title: text,
  minutes: z.int().check(z.gt(0), z.lte(100_000)),
  develops: z.array(develops).check(z.minLength(1)),
  prerequisites: z.optional(z.array(id)),
  /** A launch link, e.g. the LMS course page. */
  url: z.optional(z.string().check(z.regex(/^(https?:\/\/|\/|\.\.?\/)\S+$/, { error: 'an http(s) URL or a relative path' }))),
  /** True for steps that build awareness of a blind spot (e.g. a feedback debrief). */
  awareness: z.optional(z.boolean()),
  /** A spaced revisit of another module (e.g. a reflection after a course). */
  revisits: z.optional(id),
  /** Days after the revisited module (default 14). */
  revisitAfterDays: z.optional(z.int().check(z.gt(0), z.lte(365))),
  why: text,
  what: text,
  how: text,
  extensions,
});

export const assessmentSettings = z.strictObject({
  mode: z.optional(z.enum(['adaptive', 'fixed'])),
  maxItems: z.optional(z.int().check(z.gt(0), z.lte(1000))),
  /** Time budget for one assessment, in minutes. */
  maxMinutes: z.optional(positive),
  minItemsPerCompetency: z.optional(z.int().check(z.gte(0), z.lte(100))),
  maxItemsPerCompetency: z.optional(z.int().check(z.gt(0), z.lte(100))),
  /** Confidence needed to call a role level met or not met (0.5–0.999). */
  confidence: z.optional(z.number().check(z.gte(0.5), z.lte(0.999))),
  /** Stop asking about a competency once its posterior SD (θ units) is below this. */
  targetSD: z.optional(z.number().check(z.gt(0), z.lte(2))),
  /** Assumed inflation of self-ratings, in θ units (SD of the population). */
  selfLeniency: z.optional(z.number().check(z.gte(-2), z.lte(2))),
  /** Fewest peer raters before peer evidence is shown on its own. */
  minPeers: z.optional(z.int().check(z.gte(1), z.lte(50))),
  /** Offer "not observed" to managers and peers. */
  allowNotObserved: z.optional(z.boolean()),
  seed: z.optional(z.int()),
});

export const planningSettings = z.strictObject({
  /** Default time budget for a pathway, in minutes. */
  budgetMinutes: z.optional(z.int().check(z.gt(0))),
  /** Weight of the current role against the target role (0–1; the target gets the rest). */
  currentRoleWeight: z.optional(fraction),
  /** Target blend of modalities (shares of time); a soft target. */
  blend: z.optional(
    z.strictObject({
      experiential: fraction,
      social: fraction,
      formal: fraction,
    }),
  ),
});

export const deliverySettings = z.strictObject({
  /** cmi5 masteryScore / pass mark for SCORM (0–1 of the overall score). */
  masteryScore: z.optional(fraction),
  moveOn: z.optional(z.enum(['Passed', 'Completed', 'CompletedAndPassed', 'CompletedOrPassed', 'NotApplicable'])),
  /** Build one cmi5 AU per role instead of one per package. */
  auPerRole: z.optional(z.boolean()),
});

export const intro = z.strictObject({
  /** Why this assessment matters. */
  purpose: z.optional(text),
  /** Who sees the results. */
  privacy: z.optional(text),
});

export const model = z.strictObject({
  $schema: z.optional(z.string()),
  format: z.literal(MODEL_FORMAT),
  id: iri,
  version: z.string().check(z.minLength(1), z.maxLength(64)),
  title: text,
  description: z.optional(text),
  language: languageTag,
  languages: z.optional(z.array(languageTag)),
  intro: z.optional(intro),
  scale,
  frequencyScale: z.optional(z.array(text).check(z.minLength(3), z.maxLength(7))),
  groups: z.optional(z.array(group)),
  competencies: z.array(competency).check(z.minLength(1), z.maxLength(10_000)),
  roles: z.array(role).check(z.minLength(1), z.maxLength(1_000)),
  items: z.array(item).check(z.maxLength(100_000)),
  modules: z.array(module).check(z.maxLength(200_000)),
  assessment: z.optional(assessmentSettings),
  planning: z.optional(planningSettings),
  delivery: z.optional(deliverySettings),
  extensions,
});
