/**
 * How well alignment finds the competencies a model's own modules develop, with their tags removed:
 * the share of modules whose first suggestion is a true competency (top-1), and the share of true
 * module–competency tags among each module's first three suggestions (recall at 3).
 */
import { resolveText } from '../model/text.js';
import type { Model } from '../model/types.js';
import { Aligner, type Method } from './align.js';
import type { CatalogueEntry } from './catalogue.js';

/** A model's modules as an untagged catalogue (title; what and why as the description). */
export function catalogueOf(model: Model): CatalogueEntry[] {
  const lang = model.language;
  return model.modules.map((m) => ({ id: m.id, title: resolveText(m.title, lang, lang), description: `${resolveText(m.what, lang, lang)} ${resolveText(m.why, lang, lang)}`, minutes: m.minutes, type: m.kind, ...(m.url ? { url: m.url } : {}) }));
}

export interface AlignScore {
  modules: number;
  top1: number;
  recallTop3: number;
}

export function evaluateAlignment(models: readonly Model[], method: Method): AlignScore {
  let modules = 0;
  let top1 = 0;
  let tags = 0;
  let found = 0;
  for (const model of models) {
    const aligner = new Aligner(model, method);
    const catalogue = catalogueOf(model);
    model.modules.forEach((m, i) => {
      const truth = new Set(m.develops.map((d) => d.competency));
      const ranked = aligner.suggest(catalogue[i]!, { method, suggest: 0, top: 3 }).map((s) => s.competency);
      modules++;
      if (ranked[0] !== undefined && truth.has(ranked[0])) top1++;
      tags += truth.size;
      found += [...truth].filter((c) => ranked.includes(c)).length;
    });
  }
  return { modules, top1: top1 / modules, recallTop3: found / tags };
}
