/**
 * Catalogue auto-alignment: which competencies (and levels) each module of an untagged catalogue
 * develops. Competencies are indexed with MiniSearch (BM25+) over their title, behavioural indicators,
 * synonyms, description and group, each field boosted; each module's title and description is the
 * query. Scores are shares of the module's top five (0–1), so the two thresholds — suggest and
 * auto-accept — mean the same on any catalogue. A plain TF-IDF cosine ranker over the same terms is
 * the baseline the benchmark compares against. An organisation may add its own local embedding
 * model through `Embedder`; nothing here downloads anything.
 */
import MiniSearch from 'minisearch';
import { scaleOf } from '../model/levels.js';
import { resolveText } from '../model/text.js';
import type { Competency, Model, Text } from '../model/types.js';
import type { CatalogueEntry } from './catalogue.js';
import { processTerm, terms, words } from './terms.js';

/** An organisation's own embedding model (local); vectors of equal length, one per text. */
export interface Embedder {
  embed(texts: readonly string[]): Promise<readonly ArrayLike<number>[]>;
}

export type Method = 'bm25' | 'tfidf';

export interface AlignOptions {
  /** Lowest score listed as a suggestion (0–1, default 0.15). */
  suggest?: number;
  /** Score from which the first suggestion is accepted without review (0–1, default 0.6). */
  autoAccept?: number;
  /** Most suggestions per module (default 3). */
  top?: number;
  method?: Method;
}

export const ALIGN_DEFAULTS = { suggest: 0.15, autoAccept: 0.6, top: 3 } as const;

/** Field boosts: indicators and the title say most about what a competency looks like in practice. */
export const BOOSTS = { title: 3, indicators: 2, synonyms: 2, description: 1, group: 0.5 };

/** MiniSearch's BM25+ parameters (its defaults: k 1.2, b 0.7, d 0.5). */
export const BM25 = { k: 1.2, b: 0.7, d: 0.5 };


export type Decision = 'accepted' | 'rejected' | 'auto';

export interface Suggestion {
  competency: string;
  from?: number;
  to?: number;
  score: number;
  matched: string[];
  /** Set by the author (accepted, rejected) or by the auto-accept threshold (auto). */
  decision?: Decision;
}

export interface ModuleSuggestions extends CatalogueEntry {
  suggestions: Suggestion[];
}

export interface SuggestionsFile {
  format: 'pathway-align/1';
  model: string;
  method: Method;
  thresholds: { suggest: number; autoAccept: number };
  modules: ModuleSuggestions[];
}

interface Ranked {
  competency: number;
  raw: number;
  /** Index terms that matched. */
  terms: string[];
}

const textOf = (value: Text | undefined): string => (value === undefined ? '' : typeof value === 'string' ? value : Object.values(value).join(' '));

/** Synonyms an author (or an ESCO import) gave a competency: extensions.synonyms / altLabels. */
function synonymsOf(comp: Competency): string {
  const ext = comp.extensions ?? {};
  const lists = [ext['synonyms'], ext['altLabels'], ext['keywords']].filter(Array.isArray) as unknown[][];
  return lists.flat().filter((s): s is string => typeof s === 'string').join(' ');
}

export class Aligner {
  private readonly search: MiniSearch<{ id: number; title: string; description: string; indicators: string; synonyms: string; group: string }>;
  private readonly idf = new Map<string, number>();
  private readonly vectors: Map<string, number>[] = [];
  private readonly norms: number[] = [];
  /** Per competency, per level: its indicator terms. */
  private readonly levelTerms: { level: number; terms: Set<string> }[][];

  constructor(
    readonly model: Model,
    readonly method: Method = 'bm25',
  ) {
    const groups = new Map((model.groups ?? []).map((g) => [g.id, textOf(g.title)]));
    const docs = model.competencies.map((comp, id) => ({
      id,
      title: textOf(comp.title),
      description: textOf(comp.description),
      indicators: comp.indicators.map((i) => textOf(i.text)).join(' '),
      synonyms: synonymsOf(comp),
      group: comp.group ? (groups.get(comp.group) ?? '') : '',
    }));
    this.search = new MiniSearch({ fields: ['title', 'description', 'indicators', 'synonyms', 'group'], processTerm: (t) => processTerm(t) ?? null });
    this.search.addAll(docs);
    // TF-IDF over the same terms, all fields alike: the baseline.
    const df = new Map<string, number>();
    const counts = docs.map((d) => {
      const tf = new Map<string, number>();
      for (const t of terms([d.title, d.description, d.indicators, d.synonyms, d.group].join(' '))) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const t of tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
      return tf;
    });
    for (const [t, n] of df) this.idf.set(t, Math.log((docs.length + 1) / (n + 0.5)));
    for (const tf of counts) {
      const v = new Map<string, number>();
      let norm = 0;
      for (const [t, n] of tf) {
        const w = n * this.idf.get(t)!;
        v.set(t, w);
        norm += w * w;
      }
      this.vectors.push(v);
      this.norms.push(Math.sqrt(norm) || 1);
    }
    this.levelTerms = model.competencies.map((comp) => {
      const byLevel = new Map<number, Set<string>>();
      for (const i of comp.indicators) {
        const set = byLevel.get(i.level) ?? new Set<string>();
        for (const t of terms(textOf(i.text))) set.add(t);
        byLevel.set(i.level, set);
      }
      return [...byLevel].map(([level, set]) => ({ level, terms: set }));
    });
  }

  private readonly termCache = new Map<string, [number, number][]>();

  /** BM25+ score of each competency for one index term (terms no competency uses score nothing). */
  private termScores(term: string): [number, number][] {
    let hits = this.termCache.get(term);
    if (hits === undefined) {
      hits = this.idf.has(term) ? this.search.search(term, { boost: { ...BOOSTS }, bm25: { ...BM25 }, processTerm: (t) => t }).map((r) => [r.id as number, r.score]) : [];
      this.termCache.set(term, hits);
    }
    return hits;
  }

  /** Competencies ranked for a module's terms (term → weight), best first, as raw scores of the method. */
  rank(query: ReadonlyMap<string, number>, method: Method = this.method): Ranked[] {
    if (method === 'bm25') {
      // MiniSearch's OR query adds up each term's BM25+ score, so each distinct term is searched once
      // per catalogue (cached) and weighted by how often the module uses it (the title counts twice).
      const scores = new Map<number, { raw: number; terms: string[] }>();
      for (const [term, weight] of query) {
        for (const [doc, score] of this.termScores(term)) {
          const entry = scores.get(doc) ?? { raw: 0, terms: [] };
          entry.raw += weight * score;
          entry.terms.push(term);
          scores.set(doc, entry);
        }
      }
      // As MiniSearch ranks a multi-term query: the sum times the number of distinct terms matched.
      return [...scores].map(([competency, { raw, terms }]) => ({ competency, raw: raw * terms.length, terms })).sort((a, b) => b.raw - a.raw || a.competency - b.competency);
    }
    const ranked: Ranked[] = [];
    this.vectors.forEach((v, c) => {
      let dot = 0;
      const matched: string[] = [];
      for (const [t, n] of query) {
        const w = v.get(t);
        if (w !== undefined) {
          dot += w * n * this.idf.get(t)!;
          matched.push(t);
        }
      }
      if (dot > 0) ranked.push({ competency: c, raw: dot / this.norms[c]!, terms: matched });
    });
    return ranked.sort((a, b) => b.raw - a.raw);
  }

  /** The level range a module seems pitched at: the level whose indicators share most (by idf) with it. */
  levels(competency: number, query: ReadonlyMap<string, number>): { from?: number; to?: number } {
    let best: { level: number; weight: number } | undefined;
    for (const { level, terms: set } of this.levelTerms[competency]!) {
      let weight = 0;
      for (const t of set) if (query.has(t)) weight += this.idf.get(t) ?? 0;
      if (weight > 0 && (!best || weight > best.weight)) best = { level, weight };
    }
    if (!best) return {};
    const scale = scaleOf(this.model, this.model.competencies[competency]);
    const index = scale.levels.findIndex((l) => l.level === best!.level);
    const from = index > 0 ? scale.levels[index - 1]!.level : undefined;
    return from === undefined ? { to: best.level } : { from, to: best.level };
  }

  /** Suggestions for one module: scores as shares of its top five, matched words as written. */
  suggest(entry: CatalogueEntry, options: AlignOptions = {}, blend?: Float64Array): Suggestion[] {
    // One pass over the words: index terms with their weight (the title counts twice), and the word
    // as written for each term, to show what matched.
    const query = new Map<string, number>();
    const surface = new Map<string, string>();
    for (const [text, weight] of [[entry.title, 2], [entry.description, 1]] as const) {
      for (const word of words(text)) {
        for (const part of word.split(/['’-]/)) {
          const t = processTerm(part);
          if (t === null) continue;
          query.set(t, (query.get(t) ?? 0) + weight);
          if (!surface.has(t)) surface.set(t, part);
        }
      }
    }
    let ranked = this.rank(query, options.method);
    if (blend) ranked = blendWith(ranked, blend);
    const top5 = ranked.slice(0, 5);
    const total = top5.reduce((sum, r) => sum + r.raw, 0) || 1;
    const suggest = options.suggest ?? ALIGN_DEFAULTS.suggest;
    const auto = options.autoAccept ?? ALIGN_DEFAULTS.autoAccept;
    return ranked
      .slice(0, options.top ?? ALIGN_DEFAULTS.top)
      .map((r, k) => {
        const score = Number((r.raw / total).toFixed(3));
        const s: Suggestion = { competency: this.model.competencies[r.competency]!.id, ...this.levels(r.competency, query), score, matched: [...new Set(r.terms.map((t) => surface.get(t) ?? t))] };
        if (k === 0 && score >= auto) s.decision = 'auto';
        return s;
      })
      .filter((s) => s.score >= suggest);
  }

  /** Text of each competency, for an embedder. */
  competencyTexts(): string[] {
    const lang = this.model.language;
    return this.model.competencies.map((c) => [resolveText(c.title, lang), resolveText(c.description, lang), ...c.indicators.map((i) => resolveText(i.text, lang))].join('\n'));
  }
}

/** Lexical and embedding evidence together: half each, after scaling the lexical scores to 0–1. */
function blendWith(ranked: Ranked[], cosine: Float64Array): Ranked[] {
  const top = ranked[0]?.raw ?? 1;
  const lexical = new Map(ranked.map((r) => [r.competency, r]));
  const out: Ranked[] = [];
  for (let c = 0; c < cosine.length; c++) {
    const r = lexical.get(c);
    const raw = 0.5 * ((r?.raw ?? 0) / top) + 0.5 * Math.max(0, cosine[c]!);
    if (raw > 0) out.push({ competency: c, raw, terms: r?.terms ?? [] });
  }
  return out.sort((a, b) => b.raw - a.raw);
}

function cosineRows(modules: readonly ArrayLike<number>[], comps: readonly ArrayLike<number>[]): Float64Array[] {
  const norm = (v: ArrayLike<number>): number => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0)) || 1;
  const compNorms = comps.map(norm);
  return modules.map((m) => {
    const mn = norm(m);
    return Float64Array.from(comps, (c, k) => {
      let dot = 0;
      for (let i = 0; i < Math.min(m.length, c.length); i++) dot += m[i]! * c[i]!;
      return dot / (mn * compNorms[k]!);
    });
  });
}

/** Aligns a whole catalogue. With an embedder, its cosine similarities are blended into the ranking. */
export async function alignCatalogue(model: Model, catalogue: readonly CatalogueEntry[], options: AlignOptions & { embedder?: Embedder } = {}): Promise<SuggestionsFile> {
  const aligner = new Aligner(model, options.method ?? 'bm25');
  let blends: Float64Array[] | undefined;
  if (options.embedder) {
    const comps = await options.embedder.embed(aligner.competencyTexts());
    const mods = await options.embedder.embed(catalogue.map((e) => `${e.title}\n${e.description}`));
    blends = cosineRows(mods, comps);
  }
  return {
    format: 'pathway-align/1',
    model: model.id,
    method: aligner.method,
    thresholds: { suggest: options.suggest ?? ALIGN_DEFAULTS.suggest, autoAccept: options.autoAccept ?? ALIGN_DEFAULTS.autoAccept },
    modules: catalogue.map((entry, i) => ({ ...entry, suggestions: aligner.suggest(entry, options, blends?.[i]) })),
  };
}
