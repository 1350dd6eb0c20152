import type * as z from 'zod/mini';
import type * as schema from './schema.js';
import type { MODALITIES } from './vocabulary.js';

/** Human text: a plain string in the model's default language, or a language map. */
export type Text = z.infer<typeof schema.text>;
export type Scale = z.infer<typeof schema.scale>;
export type ScaleLevel = z.infer<typeof schema.scaleLevel>;
export type Group = z.infer<typeof schema.group>;
export type Competency = z.infer<typeof schema.competency>;
export type Requirement = z.infer<typeof schema.requirement>;
export type Role = z.infer<typeof schema.role>;
export type Rater = z.infer<typeof schema.rater>;
export type Irt = z.infer<typeof schema.irt>;
export type FrequencyItem = z.infer<typeof schema.frequencyItem>;
export type AnchoredItem = z.infer<typeof schema.anchoredItem>;
export type SituationalItem = z.infer<typeof schema.situationalItem>;
export type EvidenceItem = z.infer<typeof schema.evidenceItem>;
export type ForcedChoiceItem = z.infer<typeof schema.forcedChoiceItem>;
export type Item = z.infer<typeof schema.item>;
export type ItemType = Item['type'];
export type Module = z.infer<typeof schema.module>;
export type ModuleKind = Module['kind'];
export type Modality = (typeof MODALITIES)[number];
export type AssessmentSettings = z.infer<typeof schema.assessmentSettings>;
export type PlanningSettings = z.infer<typeof schema.planningSettings>;
export type DeliverySettings = z.infer<typeof schema.deliverySettings>;
/** A competency model, format version 1. */
export type Model = z.infer<typeof schema.model>;
