/** Defaults the format applies when a model leaves a field out. */
import type { Item, ItemType, Modality, Module, ModuleKind, Rater } from './types.js';

/** 70-20-10 is a convention from executives' self-reports, not a law: a soft target authors may change. */
export const DEFAULT_BLEND: Readonly<Record<Modality, number>> = { experiential: 0.7, social: 0.2, formal: 0.1 };

export const MODALITY_OF_KIND: Readonly<Record<ModuleKind, Modality>> = {
  course: 'formal',
  elearning: 'formal',
  workshop: 'formal',
  reading: 'formal',
  video: 'formal',
  practice: 'experiential',
  'on-the-job': 'experiential',
  project: 'experiential',
  reflection: 'experiential',
  coaching: 'social',
  mentoring: 'social',
  'peer-learning': 'social',
};

export function modalityOf(module: Pick<Module, 'kind' | 'modality'>): Modality {
  return module.modality ?? MODALITY_OF_KIND[module.kind];
}

/** Typical answering time per item type, in seconds. */
export const DEFAULT_ITEM_SECONDS: Readonly<Record<ItemType, number>> = {
  frequency: 20,
  anchored: 40,
  situational: 75,
  evidence: 240,
  'forced-choice': 25,
};

export function itemSeconds(item: Item): number {
  return item.seconds ?? DEFAULT_ITEM_SECONDS[item.type];
}

/**
 * Which rater forms include an item by default. Situational judgement and forced choice describe the
 * respondent's own choices, so they are self-only; a work sample is self-scored and confirmed by a
 * manager; behaviour ratings suit every rater when there is observer wording.
 */
export function itemRaters(item: Item): readonly Rater[] {
  if (item.raters) return item.raters;
  switch (item.type) {
    case 'frequency':
    case 'anchored':
      return item.observerStem ? ['self', 'manager', 'peer'] : ['self'];
    case 'evidence':
      return ['self', item.confirmBy ?? 'manager'];
    case 'situational':
    case 'forced-choice':
      return ['self'];
  }
}

/** Default labels of the frequency scale ("How often do you …?"), least to most often. */
export const DEFAULT_FREQUENCY_SCALE = ['Never', 'Rarely', 'Sometimes', 'Often', 'Almost always'] as const;

export const DEFAULT_REVISIT_DAYS = 14;
