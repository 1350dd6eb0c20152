// Which languages a model's texts are written in. Its own small module: the assessment element asks
// before the first question, and the reference checks (validation) must not load with it.
import { textLanguages } from './text.js';
import type { Model, Text } from './types.js';

/**
 * Languages every text of the model is written in (the default language counts for plain strings):
 * the languages a learner can take the assessment in without meeting another language.
 */
export function contentLanguages(model: Model): string[] {
  let complete: Set<string> | undefined;
  walkTexts(model, (value) => {
    const available = textLanguages(value as Text, model.language);
    complete = complete ? new Set(available.filter((l) => complete!.has(l))) : new Set(available);
  });
  return complete ? [...complete].sort((a, b) => Number(b === model.language) - Number(a === model.language) || (a < b ? -1 : 1)) : [model.language];
}

const TEXT_FIELDS = new Set(['title', 'description', 'label', 'meaning', 'text', 'stem', 'observerStem', 'scenario', 'question', 'task', 'prompt', 'why', 'what', 'how', 'purpose', 'privacy']);

/** Calls `visit` for every human-text field of the model (not ids, not extensions). */
export function walkTexts(model: Model, visit: (value: unknown, path: string, isText: true) => void): void {
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${path}[${i}]`));
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (key === 'extensions' || key === 'irt') continue;
      const childPath = path ? `${path}.${key}` : key;
      if (TEXT_FIELDS.has(key) && (typeof child === 'string' || (child !== null && typeof child === 'object' && !Array.isArray(child)))) {
        visit(child, childPath, true);
      } else if (key === 'frequencyScale' && Array.isArray(child)) {
        child.forEach((t, i) => visit(t, `${childPath}[${i}]`, true));
      } else walk(child, childPath);
    }
  };
  walk(model, '');
}
