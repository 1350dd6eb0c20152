/**
 * xAPI Activity objects for the parts of a model: the assessment, competencies, roles, items (as
 * cmi.interaction activities), the pathway and its steps. Ids come from src/model/iri.ts, so one
 * competency keeps one identity across xAPI, cmi5 and SCORM 2004 objectives.
 */
import { DEFAULT_FREQUENCY_SCALE, modalityOf } from '../model/defaults.js';
import { competencyIri, itemIri, modelIri, moduleIri, roleIri } from '../model/iri.js';
import type { Item, Model, Text } from '../model/types.js';
import type { Activity, InteractionComponent, LanguageMap } from './types.js';
import { ACTIVITY_EXTENSIONS, ACTIVITY_TYPES } from './vocabulary.js';

/** Model text as an xAPI language map (a plain string is in the model's default language). */
export function languageMap(text: Text, defaultLanguage: string): LanguageMap {
  return typeof text === 'string' ? { [defaultLanguage]: text } : { ...text };
}

/** The assessment's default activity id (a launch's `activity_id` or cmi5 `activityId` replaces it). */
export function assessmentIri(model: Pick<Model, 'id'>): string {
  return `${modelIri(model)}/assessment`;
}

export function pathwayIri(model: Pick<Model, 'id'>): string {
  return `${modelIri(model)}/pathway`;
}

export function assessmentActivity(model: Model, id: string): Activity {
  return { objectType: 'Activity', id, definition: { type: ACTIVITY_TYPES.assessment, name: languageMap(model.title, model.language) } };
}

function findCompetency(model: Model, id: string) {
  const competency = model.competencies.find((c) => c.id === id);
  if (!competency) throw new RangeError(`the model has no competency "${id}"`);
  return competency;
}

export function competencyActivity(model: Model, id: string): Activity {
  const competency = findCompetency(model, id);
  return {
    objectType: 'Activity',
    id: competencyIri(model, competency),
    definition: {
      type: ACTIVITY_TYPES.competency,
      name: languageMap(competency.title, model.language),
      description: languageMap(competency.description, model.language),
    },
  };
}

export function roleActivity(model: Model, id: string): Activity {
  const role = model.roles.find((r) => r.id === id);
  if (!role) throw new RangeError(`the model has no role "${id}"`);
  return { objectType: 'Activity', id: roleIri(model, id), definition: { type: ACTIVITY_TYPES.role, name: languageMap(role.title, model.language) } };
}

export function pathwayActivity(model: Model): Activity {
  return { objectType: 'Activity', id: pathwayIri(model), definition: { type: ACTIVITY_TYPES.pathway, name: languageMap(model.title, model.language) } };
}

export function stepActivity(model: Model, moduleId: string): Activity {
  const module = model.modules.find((m) => m.id === moduleId);
  if (!module) throw new RangeError(`the model has no module "${moduleId}"`);
  const definition: Activity['definition'] = {
    type: ACTIVITY_TYPES.step,
    name: languageMap(module.title, model.language),
    extensions: { [ACTIVITY_EXTENSIONS.moduleKind]: module.kind, [ACTIVITY_EXTENSIONS.modality]: modalityOf(module) },
  };
  if (module.url && /^https?:\/\//.test(module.url)) definition.moreInfo = module.url;
  return { objectType: 'Activity', id: moduleIri(model, moduleId), definition };
}

const components = (texts: readonly Text[], prefix: string, lang: string): InteractionComponent[] =>
  texts.map((text, index) => ({ id: `${prefix}${index}`, description: languageMap(text, lang) }));

/** Ids of the answer components, shared by the activity definitions and the responses. */
export const RESPONSE_IDS = {
  option: (index: number) => `o${index}`,
  frequency: (index: number) => `f${index}`,
  rubric: (index: number) => `r${index}`,
  rating: (rating: number) => `rating${rating}`,
} as const;

/** Ratings of a situational "rate-each" item: 1 (counter-productive) … 5 (very effective). */
const RATINGS = [1, 2, 3, 4, 5];

/** An item as a cmi.interaction activity. Behavioural items have no correct answer: no correctResponsesPattern. */
export function itemActivity(model: Model, item: Item): Activity {
  const lang = model.language;
  const base = { type: ACTIVITY_TYPES.interaction };
  let definition: Activity['definition'];
  switch (item.type) {
    case 'frequency':
      definition = { ...base, name: languageMap(item.stem, lang), interactionType: 'likert', scale: components(model.frequencyScale ?? [...DEFAULT_FREQUENCY_SCALE], 'f', lang) };
      break;
    case 'anchored':
      definition = { ...base, name: languageMap(item.stem, lang), interactionType: 'choice', choices: components(item.options.map((o) => o.text), 'o', lang) };
      break;
    case 'forced-choice':
      definition = {
        ...base,
        ...(item.stem ? { name: languageMap(item.stem, lang) } : {}),
        interactionType: 'choice',
        choices: components(item.options.map((o) => o.text), 'o', lang),
      };
      break;
    case 'evidence':
      definition = {
        ...base,
        name: languageMap(item.task, lang),
        ...(item.prompt ? { description: languageMap(item.prompt, lang) } : {}),
        interactionType: 'choice',
        choices: components(item.rubric.map((r) => r.text), 'r', lang),
      };
      break;
    case 'situational': {
      const named = { ...base, name: languageMap(item.scenario, lang), ...(item.question ? { description: languageMap(item.question, lang) } : {}) };
      const options = components(item.options.map((o) => o.text), 'o', lang);
      if (item.format === 'best') definition = { ...named, interactionType: 'choice', choices: options };
      else if (item.format === 'most-least')
        definition = {
          ...named,
          interactionType: 'matching',
          source: [
            { id: 'most', description: { en: 'most likely' } },
            { id: 'least', description: { en: 'least likely' } },
          ],
          target: options,
        };
      else
        definition = {
          ...named,
          interactionType: 'matching',
          source: options,
          target: RATINGS.map((r) => ({ id: RESPONSE_IDS.rating(r), description: { en: String(r) } })),
        };
      break;
    }
  }
  return { objectType: 'Activity', id: itemIri(model, item.id), definition };
}
