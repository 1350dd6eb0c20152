/**
 * How well alignment finds the competencies a model's own modules develop, with their tags removed:
 * the share of modules whose first suggestion is a true competency (top-1), and the share of true
 * module–competency tags among each module's first three suggestions (recall at 3; a module with two
 * true competencies counts as two tags). The ranking's settings are chosen by leave-one-model-out
 * cross-validation, so the held-out figures show what the choice is worth on a model it never saw.
 */
import { resolveText } from '../model/text.js';
import type { Model } from '../model/types.js';
import { Aligner, RANKING, type Method, type Ranking } from './align.js';
import type { CatalogueEntry } from './catalogue.js';

/** A model's modules as an untagged catalogue (title; what and why as the description). */
export function catalogueOf(model: Model): CatalogueEntry[] {
  const lang = model.language;
  return model.modules.map((m) => ({ id: m.id, title: resolveText(m.title, lang, lang), description: `${resolveText(m.what, lang, lang)} ${resolveText(m.why, lang, lang)}`, minutes: m.minutes, type: m.kind, ...(m.url ? { url: m.url } : {}) }));
}

/** Hit counts, so scores of several models pool by adding. */
export interface AlignCounts {
  modules: number;
  top1Hits: number;
  tags: number;
  tagsFound: number;
}

export interface AlignScore {
  modules: number;
  top1: number;
  recallTop3: number;
}

const scoreOf = (c: AlignCounts): AlignScore => ({ modules: c.modules, top1: c.top1Hits / c.modules, recallTop3: c.tagsFound / c.tags });
const add = (a: AlignCounts, b: AlignCounts): AlignCounts => ({ modules: a.modules + b.modules, top1Hits: a.top1Hits + b.top1Hits, tags: a.tags + b.tags, tagsFound: a.tagsFound + b.tagsFound });
const NONE: AlignCounts = { modules: 0, top1Hits: 0, tags: 0, tagsFound: 0 };

export function alignCounts(model: Model, method: Method, ranking: Ranking = RANKING): AlignCounts {
  const catalogue = catalogueOf(model);
  const suggestions = new Aligner(model, method, ranking).suggestAll(catalogue, { method, suggest: 0, top: 3 });
  let counts = NONE;
  model.modules.forEach((m, i) => {
    const truth = new Set(m.develops.map((d) => d.competency));
    const ranked = suggestions[i]!.map((s) => s.competency);
    counts = add(counts, { modules: 1, top1Hits: Number(ranked[0] !== undefined && truth.has(ranked[0])), tags: truth.size, tagsFound: [...truth].filter((c) => ranked.includes(c)).length });
  });
  return counts;
}

export function evaluateAlignment(models: readonly Model[], method: Method, ranking: Ranking = RANKING): AlignScore {
  return scoreOf(models.map((m) => alignCounts(m, method, ranking)).reduce(add, NONE));
}

/** The settings searched: hubness correction, coordination, title weight, item wording, BM25's k. */
export function rankingGrid(): Ranking[] {
  const grid: Ranking[] = [];
  for (const hubness of [0, 1, 1.5, 2])
    for (const coordination of [0.5, 1])
      for (const titleWeight of [1, 2])
        for (const items of [0, 1])
          for (const k of [0.6, 1.2]) grid.push({ ...RANKING, hubness, coordination, titleWeight, boosts: { ...RANKING.boosts, items }, bm25: { ...RANKING.bm25, k } });
  return grid;
}

export interface CrossValidation {
  /** Each model scored with the settings that did best on the other models. */
  heldOut: AlignScore;
  /** The same folds' training scores (settings chosen and scored on the other models). */
  train: AlignScore;
  folds: { model: string; ranking: Ranking; heldOut: AlignScore; train: AlignScore }[];
}

/** Leave-one-model-out: choose the settings on all models but one (top-1 hits plus tags found), score that one. */
export function crossValidate(models: readonly Model[], grid: readonly Ranking[] = rankingGrid()): CrossValidation {
  const counts = grid.map((ranking) => models.map((m) => alignCounts(m, 'bm25', ranking)));
  const folds = models.map((model, out) => {
    const trainOf = (g: number): AlignCounts => counts[g]!.filter((_, i) => i !== out).reduce(add, NONE);
    let best = 0;
    const value = (c: AlignCounts): number => c.top1Hits + c.tagsFound;
    for (let g = 1; g < grid.length; g++) if (value(trainOf(g)) > value(trainOf(best))) best = g;
    return { model: model.id, ranking: grid[best]!, heldOutCounts: counts[best]![out]!, trainCounts: trainOf(best) };
  });
  return {
    heldOut: scoreOf(folds.map((f) => f.heldOutCounts).reduce(add, NONE)),
    train: scoreOf(folds.map((f) => f.trainCounts).reduce(add, NONE)),
    folds: folds.map((f) => ({ model: f.model, ranking: f.ranking, heldOut: scoreOf(f.heldOutCounts), train: scoreOf(f.trainCounts) })),
  };
}
