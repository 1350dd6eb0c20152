/**
 * Items drafted from the behaviours a model already describes: for every behavioural indicator a
 * frequency item in self and observer wording, and for every competency whose indicators span two or
 * more levels an anchored-choice item with one option per level. Drafts carry
 * `extensions.draft = { source, status: "review" }` so an author can find, review and accept them.
 * Situational judgement needs an expert key, so nothing here drafts one.
 */
import type { AnchoredItem, Competency, FrequencyItem, Item, Model, Text } from '../model/types.js';
import { anchoredStems, observerStem, selfStem, verbsOf } from './wording.js';

export interface DraftOptions {
  /** Draft frequency items (default true). */
  frequency?: boolean;
  /** Draft anchored-choice items (default true). */
  anchored?: boolean;
}

export interface DraftResult {
  model: Model;
  added: Item[];
  /** Indicators and competencies skipped because a draft from them already exists. */
  kept: number;
}

const isEnglish = (lang: string): boolean => lang.toLowerCase().split('-')[0] === 'en';

/** A text in every language of the original, worded by `word` (conjugated in English, quoted elsewhere). */
function reword(text: Text, modelLanguage: string, word: (s: string, english: boolean) => string): Text {
  if (typeof text === 'string') return word(text, isEnglish(modelLanguage));
  return Object.fromEntries(Object.entries(text).map(([lang, s]) => [lang, word(s, isEnglish(lang))]));
}

function uniqueId(base: string, taken: Set<string>): string {
  const stem = base.slice(0, 60);
  let id = stem;
  for (let n = 2; taken.has(id); n++) id = `${stem.slice(0, 60 - String(n).length - 1)}-${n}`;
  taken.add(id);
  return id;
}

/** The draft source of an item, if it is one. */
export function draftSource(item: Item): string | undefined {
  const draft = item.extensions?.['draft'] as { source?: unknown } | undefined;
  return typeof draft?.source === 'string' ? draft.source : undefined;
}

export function draftItems(model: Model, options: DraftOptions = {}): DraftResult {
  const taken = new Set(model.items.map((i) => i.id));
  const sources = new Set(model.items.map(draftSource).filter((s): s is string => s !== undefined));
  const added: Item[] = [];
  let kept = 0;
  const lang = model.language;
  const verbs = verbsOf(model.competencies.flatMap((c) => c.indicators.map((i) => (typeof i.text === 'string' ? i.text : (i.text['en'] ?? '')))));
  const self = (s: string, english: boolean): string => selfStem(s, english, verbs);
  const observer = (s: string, english: boolean): string => observerStem(s, english, verbs);
  model.competencies.forEach((comp: Competency, c) => {
    if (options.frequency !== false) {
      comp.indicators.forEach((indicator, k) => {
        const source = `competencies[${c}].indicators[${k}]`;
        if (sources.has(source)) return void kept++;
        const item: FrequencyItem = {
          id: uniqueId(`${comp.id}-f${indicator.level}-${k + 1}`, taken),
          competency: comp.id,
          type: 'frequency',
          stem: reword(indicator.text, lang, self),
          observerStem: reword(indicator.text, lang, observer),
          level: indicator.level,
          extensions: { draft: { source, status: 'review' } },
        };
        added.push(item);
      });
    }
    if (options.anchored !== false) {
      const source = `competencies[${c}]`;
      // One option per level: the level's first indicator describes it.
      const byLevel = new Map<number, Text>();
      for (const indicator of [...comp.indicators].sort((a, b) => a.level - b.level)) if (!byLevel.has(indicator.level)) byLevel.set(indicator.level, indicator.text);
      if (byLevel.size < 2) return;
      if (sources.has(source)) return void kept++;
      const title = comp.title;
      const stems = typeof title === 'string' ? anchoredStems(title, isEnglish(lang)) : undefined;
      const item: AnchoredItem = {
        id: uniqueId(`${comp.id}-a`, taken),
        competency: comp.id,
        type: 'anchored',
        stem: stems ? stems.self : Object.fromEntries(Object.entries(title).map(([l, t]) => [l, anchoredStems(t, isEnglish(l)).self])),
        observerStem: stems ? stems.observer : Object.fromEntries(Object.entries(title).map(([l, t]) => [l, anchoredStems(t, isEnglish(l)).observer])),
        options: [...byLevel].slice(0, 10).map(([level, text]) => ({ text, level })),
        extensions: { draft: { source, status: 'review' } },
      };
      added.push(item);
    }
  });
  return { model: { ...model, items: [...model.items, ...added] }, added, kept };
}
