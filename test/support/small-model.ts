// A small valid model for the validator's unit tests, built in code so each test changes one thing.
// Two competencies on a three-level scale, one role requiring both at level 2, items and a module that
// assess and develop both: checkReferences and authorGuidance find nothing to say about it.
import type { Item, Model } from '../../src/model/types.js';

const levels = (values: number[]) => values.map((level) => ({ level, label: `L${level}`, meaning: `Level ${level}` }));

export function smallModel(): Model {
  return {
    format: 'pathway-model/1',
    id: 'https://pathway.example/models/small',
    version: '1.0.0',
    title: 'Small',
    language: 'en',
    scale: { levels: levels([1, 2, 3]) },
    competencies: ['listening', 'feedback'].map((id) => ({
      id,
      title: `T ${id}`,
      description: `D ${id}`,
      indicators: [1, 2, 3].map((level) => ({ level, text: `${id} ${level}` })),
    })),
    roles: [{ id: 'member', title: 'Member', requirements: [{ competency: 'listening', level: 2 }, { competency: 'feedback', level: 2 }] }],
    items: [
      { id: 'l1', type: 'frequency', competency: 'listening', stem: 'S', observerStem: 'O', level: 2 },
      { id: 'f1', type: 'frequency', competency: 'feedback', stem: 'S', observerStem: 'O', level: 2 },
    ],
    modules: [
      { id: 'course', kind: 'course', title: 'C', minutes: 60, develops: [{ competency: 'listening', to: 3 }, { competency: 'feedback', to: 3 }], why: 'w', what: 'w', how: 'h' },
    ],
  };
}

export { levels as scaleLevels };

/** Items that are not self-ratings, three per competency, so that author guidance is quiet. */
export function evidenceItems(competency: string, count = 3): Item[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${competency}-ev${i}`,
    type: 'evidence' as const,
    competency,
    task: 'T',
    rubric: [
      { level: 1, text: 'low' },
      { level: 3, text: 'high' },
    ],
  }));
}

const TEXT_KEYS = new Set(['title', 'description', 'label', 'meaning', 'text', 'stem', 'observerStem', 'why', 'what', 'how']);

/** A copy of the model whose plain-string texts (those of smallModel) are language maps, the same text under each tag, in that order. */
export function translated(model: Model, languages: string[]): Model {
  return JSON.parse(JSON.stringify(model), (key: string, value: unknown) =>
    TEXT_KEYS.has(key) && typeof value === 'string' ? Object.fromEntries(languages.map((lang) => [lang, value])) : value,
  ) as Model;
}
