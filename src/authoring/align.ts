/**
 * Catalogue auto-alignment: which competencies (and levels) each module of an untagged catalogue
 * develops. Competencies are indexed with MiniSearch (BM25+) over their title, behavioural indicators,
 * synonyms, description, group and the wording of their items, each field boosted, in the catalogue's
 * language; each module's title and description is the query. Competencies worded broadly enough to
 * rank high for most modules are then discounted across the catalogue (hubness correction), which is
 * what lets a module's second and third competency through. Scores are shares of the module's top
 * five (0–1), so the two thresholds — suggest and auto-accept — mean the same on any catalogue. Being
 * relative, a score is high even when every match is weak (a catalogue in another language than
 * `language`), so auto-accept also needs an absolute floor: the share of the module's words the
 * competency's texts contain (`coverage`). A
 * plain TF-IDF cosine ranker over the same text is the baseline the benchmark compares against. An
 * organisation may add its own local embedding model through `Embedder`; nothing here downloads anything.
 */
import MiniSearch from 'minisearch';
import { scaleOf } from '../model/levels.js';
import { resolveText } from '../model/text.js';
import type { Competency, Item, Model, Text } from '../model/types.js';
import type { CatalogueEntry } from './catalogue.js';
import { analyzerFor, words, type Analyzer } from './terms.js';

/** An organisation's own embedding model (local); vectors of equal length, one per text. */
export interface Embedder {
  embed(texts: readonly string[]): Promise<readonly ArrayLike<number>[]>;
}

export type Method = 'bm25' | 'tfidf';

export interface AlignOptions {
  /** Lowest score listed as a suggestion (0–1, default 0.15). */
  suggest?: number;
  /** Score from which the first suggestion is accepted without review (0–1, default 0.45). */
  autoAccept?: number;
  /** Least coverage (share of the module's words its texts contain) for an auto-accept (0–1, default 0.25). */
  minCoverage?: number;
  /** Most suggestions per module (default 3). */
  top?: number;
  method?: Method;
  /** Language of the catalogue's texts (default: the model's language). */
  language?: string;
  /** With an embedder: how much a competency's standing among the module's cosines adds to its lexical share (default 0.01). */
  embedderWeight?: number;
}

/** `embedderWeight` was chosen leave-one-model-out with local word vectors (docs/authoring.md); a stronger embedder may earn more. */
export const ALIGN_DEFAULTS = { suggest: 0.15, autoAccept: 0.45, minCoverage: 0.25, top: 3, embedderWeight: 0.01 } as const;

/**
 * Below this share of its words found in the model's texts (median module), a catalogue is taken to be
 * in another language than the one aligned against: nothing is auto-accepted and a note says so.
 */
export const FOREIGN_CATALOGUE = 0.3;

/**
 * How the BM25+ ranking weighs its evidence. The defaults were chosen by leave-one-model-out
 * cross-validation over the sample models (docs/authoring.md); `align-eval.ts` reports train and
 * held-out figures so the choice can be checked.
 */
export interface Ranking {
  /** Field boosts of the competency document. */
  boosts: { title: number; description: number; indicators: number; synonyms: number; group: number; items: number };
  /** MiniSearch's BM25+ parameters (its defaults: k 1.2, b 0.7, d 0.5). */
  bm25: { k: number; b: number; d: number };
  /** How many times a module's title words count against its description's. */
  titleWeight: number;
  /** Exponent on the number of distinct query terms a competency matched (MiniSearch's OR ranking: 1). */
  coordination: number;
  /** Exponent of the correction for competencies that rank high for most modules of the catalogue (0 = off). */
  hubness: number;
  /** Modules' worth of even sharing the hubness estimate starts from (0 = none). */
  hubPrior?: number;
}

export const RANKING: Ranking = {
  boosts: { title: 3, indicators: 2, synonyms: 2, description: 1, group: 0.5, items: 1 },
  bm25: { k: 0.6, b: 0.7, d: 0.5 },
  titleWeight: 2,
  coordination: 0.5,
  hubness: 1.5,
  hubPrior: 10,
};

export type Decision = 'accepted' | 'rejected' | 'auto';

export interface Suggestion {
  competency: string;
  from?: number;
  to?: number;
  score: number;
  matched: string[];
  /** Share of the module's words (title words counted twice) that the competency's texts contain (0–1). */
  coverage?: number;
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
  thresholds: { suggest: number; autoAccept: number; minCoverage: number };
  /** What the author should know before reviewing (e.g. the catalogue seems to be in another language). */
  notes?: string[];
  modules: ModuleSuggestions[];
}

/** Suggestions per module, and per module with words to match the share of them found anywhere in the model's texts. */
export interface Alignment {
  suggestions: Suggestion[][];
  known: number[];
  /** First suggestions that passed the auto-accept score but not the coverage floor. */
  belowFloor: number;
}

export interface Ranked {
  competency: number;
  raw: number;
}

const byScore = (a: Ranked, b: Ranked): number => b.raw - a.raw || a.competency - b.competency;

/**
 * The hubness correction, in place: each competency's scores are divided by (its mean share of each
 * module's best score across the catalogue + 0.05)^hubness, the mean pulled towards the mean of all
 * competencies as if `hubPrior` more modules had shared it evenly. A small catalogue says little about
 * which competencies are hubs (without the prior, one unrelated module next to "Giving feedback" sinks
 * the feedback competency).
 */
export function discountHubs(rankings: Ranked[][], ranking: Ranking, competencies: number): void {
  const divisors = hubDivisors(rankings, ranking, competencies);
  if (!divisors) return;
  for (const ranked of rankings) {
    for (const r of ranked) r.raw /= divisors[r.competency]!;
    ranked.sort(byScore);
  }
}

/** What `discountHubs` divides each competency's scores by (undefined: no correction). */
export function hubDivisors(rankings: readonly (readonly Ranked[])[], ranking: Ranking, competencies: number): Float64Array | undefined {
  const h = ranking.hubness;
  const modules = rankings.length;
  if (h <= 0 || modules < 2) return undefined;
  const sum = new Float64Array(competencies);
  for (const ranked of rankings) {
    const top = ranked[0]?.raw || 1;
    for (const r of ranked) sum[r.competency]! += r.raw / top;
  }
  const overall = sum.reduce((a, b) => a + b, 0) / competencies / modules;
  const k = ranking.hubPrior ?? 0;
  return sum.map((s) => ((s + k * overall) / (modules + k) + 0.05) ** h);
}

/** The index terms a competency matched, and what each added to its score. */
interface Matched {
  terms: string[];
  gains: number[];
}


/** What an item says about the behaviour it asks for, by competency (a forced-choice option may name another). */
function itemWording(item: Item): [string, Text | undefined][] {
  const own = (...texts: (Text | undefined)[]): [string, Text | undefined][] => texts.map((t) => [item.competency, t]);
  switch (item.type) {
    case 'frequency':
      return own(item.stem, item.observerStem);
    case 'anchored':
      return own(item.stem, item.observerStem, ...item.options.flatMap((o) => [o.text, o.observerText]));
    case 'situational':
      return own(item.scenario, item.question, ...item.options.map((o) => o.text));
    case 'evidence':
      return own(item.task, item.prompt, ...item.rubric.map((r) => r.text));
    case 'forced-choice':
      return [...own(item.stem), ...item.options.map((o): [string, Text] => [o.competency ?? item.competency, o.text])];
  }
}

/** Synonyms an author (or an ESCO import) gave a competency: extensions.synonyms / altLabels. */
function synonymsOf(comp: Competency): string {
  const ext = comp.extensions ?? {};
  const lists = [ext['synonyms'], ext['altLabels'], ext['keywords']].filter(Array.isArray) as unknown[][];
  return lists.flat().filter((s): s is string => typeof s === 'string').join(' ');
}

type Doc = { id: number; title: string; description: string; indicators: string; synonyms: string; group: string; items: string };

export class Aligner {
  private readonly search: MiniSearch<Doc>;
  private readonly idf = new Map<string, number>();
  private readonly vectors: Map<string, number>[] = [];
  private readonly norms: number[] = [];
  /** The fields searched: those with a boost above 0 (MiniSearch reads a boost of 0 as 1). */
  private readonly fields: string[];
  /** Per competency, per level: its indicator terms. */
  private readonly levelTerms: { level: number; terms: Set<string> }[][];
  /** Stop words and stemmer of the catalogue's language. */
  private readonly analyzer: Analyzer;

  constructor(
    readonly model: Model,
    readonly method: Method = 'bm25',
    readonly ranking: Ranking = RANKING,
    /** The catalogue's language: the model's texts in it are indexed (the model's language by default). */
    language: string = model.language,
  ) {
    // Other translations would only lengthen the fields (and shift BM25's length normalisation).
    const textOf = (value: Text | undefined): string => (value === undefined ? '' : typeof value === 'string' ? value : (value[language] ?? value[model.language] ?? Object.values(value).join(' ')));
    const groups = new Map((model.groups ?? []).map((g) => [g.id, textOf(g.title)]));
    const itemTexts = new Map<string, string[]>();
    for (const item of model.items) {
      for (const [competency, text] of itemWording(item)) itemTexts.set(competency, [...(itemTexts.get(competency) ?? []), textOf(text)]);
    }
    const docs: Doc[] = model.competencies.map((comp, id) => ({
      id,
      title: textOf(comp.title),
      description: textOf(comp.description),
      indicators: comp.indicators.map((i) => textOf(i.text)).join(' '),
      synonyms: synonymsOf(comp),
      group: comp.group ? (groups.get(comp.group) ?? '') : '',
      items: (itemTexts.get(comp.id) ?? []).join(' '),
    }));
    this.fields = Object.entries(ranking.boosts).filter(([, b]) => b > 0).map(([f]) => f);
    const analyzer = (this.analyzer = analyzerFor(language));
    this.search = new MiniSearch({ fields: ['title', 'description', 'indicators', 'synonyms', 'group', 'items'], processTerm: (t) => analyzer.term(t) });
    this.search.addAll(docs);
    this.levelTerms = model.competencies.map((comp) => {
      const byLevel = new Map<number, Set<string>>();
      for (const i of comp.indicators) {
        const set = byLevel.get(i.level) ?? new Set<string>();
        for (const t of analyzer.terms(textOf(i.text))) set.add(t);
        byLevel.set(i.level, set);
      }
      return [...byLevel].map(([level, set]) => ({ level, terms: set }));
    });
    // TF-IDF over the same terms, all fields alike: the baseline.
    const df = new Map<string, number>();
    const counts = docs.map((d) => {
      const tf = new Map<string, number>();
      for (const t of analyzer.terms([d.title, d.description, d.indicators, d.synonyms, d.group, d.items].join(' '))) tf.set(t, (tf.get(t) ?? 0) + 1);
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
  }


  private readonly termCache = new Map<string, [number, number][]>();

  /** BM25+ score of each competency for one index term (terms no competency uses score nothing). */
  private termScores(term: string): [number, number][] {
    let hits = this.termCache.get(term);
    if (hits === undefined) {
      const { boosts, bm25 } = this.ranking;
      hits = this.search.search(term, { fields: this.fields, boost: { ...boosts }, bm25: { ...bm25 }, processTerm: (t) => t }).map((r) => [r.id as number, r.score]);
      this.termCache.set(term, hits);
    }
    return hits;
  }

  /** Competencies ranked for a module's terms (term → weight), best first, as raw scores of the method. */
  rank(query: ReadonlyMap<string, number>, method: Method = this.method): Ranked[] {
    if (method === 'bm25') {
      // Each distinct term is searched once per catalogue (cached) and weighted by how often the module
      // uses it. Plain arrays, not objects per match: a 5,000-module catalogue is mostly allocation otherwise.
      const n = this.model.competencies.length;
      const raw = new Float64Array(n);
      const count = new Uint32Array(n);
      for (const [term, weight] of query) {
        for (const [doc, score] of this.termScores(term)) {
          raw[doc]! += weight * score;
          count[doc]!++;
        }
      }
      // A competency that matches more of the module's distinct words ranks higher (MiniSearch's OR query: × terms).
      const p = this.ranking.coordination;
      const ranked: Ranked[] = [];
      for (let c = 0; c < n; c++) if (count[c]! > 0) ranked.push({ competency: c, raw: raw[c]! * count[c]! ** p });
      return ranked.sort(byScore);
    }
    const ranked: Ranked[] = [];
    this.vectors.forEach((v, c) => {
      let dot = 0;
      for (const [t, n] of query) {
        const w = v.get(t);
        if (w !== undefined) dot += w * n * this.idf.get(t)!;
      }
      if (dot > 0) ranked.push({ competency: c, raw: dot / this.norms[c]! });
    });
    return ranked.sort(byScore);
  }

  /** The terms of a query that a competency matched, with what each added (for the few suggestions shown). */
  matched(competency: number, query: ReadonlyMap<string, number>, method: Method = this.method): Matched {
    const terms: string[] = [];
    const gains: number[] = [];
    for (const [term, weight] of query) {
      const gain = method === 'bm25' ? (this.termScores(term).find(([doc]) => doc === competency)?.[1] ?? 0) * weight : (this.vectors[competency]!.get(term) ?? 0) * weight * (this.idf.get(term) ?? 0);
      if (gain > 0) {
        terms.push(term);
        gains.push(gain);
      }
    }
    return { terms, gains };
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

  /** A module's index terms with their weight (title words count more), and each term's word as written. */
  queryOf(entry: CatalogueEntry): { query: Map<string, number>; surface: Map<string, string> } {
    const query = new Map<string, number>();
    const surface = new Map<string, string>();
    for (const [text, weight] of [[entry.title, this.ranking.titleWeight], [entry.description, 1]] as const) {
      for (const word of words(text)) {
        for (const part of word.split(/['’-]/)) {
          const t = this.analyzer.term(part);
          if (t === null) continue;
          query.set(t, (query.get(t) ?? 0) + weight);
          if (!surface.has(t)) surface.set(t, part);
        }
      }
    }
    return { query, surface };
  }

  /**
   * Suggestions for each module of a catalogue: scores as shares of the module's top five, matched
   * words as written. A competency whose wording is broad ("feedback", "team") comes out near the top
   * for many modules; with `ranking.hubness`, each competency's scores are divided by its mean share
   * across the catalogue, so a module's specific competencies are not crowded out by those hubs.
   */
  suggestAll(entries: readonly CatalogueEntry[], options: AlignOptions = {}, blends?: readonly (Float64Array | undefined)[]): Suggestion[][] {
    return this.alignAll(entries, options, blends).suggestions;
  }

  /** As `suggestAll`, with what the coverage floor and the language check need. */
  alignAll(entries: readonly CatalogueEntry[], options: AlignOptions = {}, blends?: readonly (Float64Array | undefined)[]): Alignment {
    const queries = entries.map((e) => this.queryOf(e));
    let rankings = queries.map(({ query }) => this.rank(query, options.method));
    if ((options.method ?? this.method) === 'bm25') discountHubs(rankings, this.ranking, this.model.competencies.length);
    // An organisation's embedder is evidence of its own: blended after the lexical correction, as it is.
    const weight = options.embedderWeight ?? ALIGN_DEFAULTS.embedderWeight;
    if (blends) rankings = rankings.map((ranked, i) => (blends[i] ? blendWith(ranked, blends[i], weight) : ranked));
    const suggest = options.suggest ?? ALIGN_DEFAULTS.suggest;
    const auto = options.autoAccept ?? ALIGN_DEFAULTS.autoAccept;
    const floor = options.minCoverage ?? ALIGN_DEFAULTS.minCoverage;
    const weightOf = (query: ReadonlyMap<string, number>, terms: Iterable<string>): number => {
      let sum = 0;
      for (const t of terms) sum += query.get(t) ?? 0;
      return sum;
    };
    // Modules without a word to match (only stop words, or no text) say nothing about the language.
    const known = queries.filter(({ query }) => query.size > 0).map(({ query }) => weightOf(query, [...query.keys()].filter((t) => this.termScores(t).length > 0)) / weightOf(query, query.keys()));
    const foreign = median(known) < FOREIGN_CATALOGUE;
    let belowFloor = 0;
    const suggestions = rankings.map((ranked, i) => {
      const { query, surface } = queries[i]!;
      const words = weightOf(query, query.keys()) || 1;
      const total = ranked.slice(0, 5).reduce((sum, r) => sum + r.raw, 0) || 1;
      return ranked
        .slice(0, options.top ?? ALIGN_DEFAULTS.top)
        .map((r, k) => {
          const score = Number((r.raw / total).toFixed(3));
          const matched = this.matched(r.competency, query, options.method);
          const coverage = Number((weightOf(query, matched.terms) / words).toFixed(3));
          const s: Suggestion = { competency: this.model.competencies[r.competency]!.id, ...this.levels(r.competency, query), score, matched: matchedWords(matched, surface), coverage };
          if (k === 0 && score >= auto) {
            if (coverage >= floor && !foreign) s.decision = 'auto';
            else belowFloor++;
          }
          return s;
        })
        .filter((s) => s.score >= suggest);
    });
    return { suggestions, known, belowFloor };
  }

  /** Text of each competency, for an embedder. */
  competencyTexts(): string[] {
    const lang = this.model.language;
    return this.model.competencies.map((c) => [resolveText(c.title, lang), resolveText(c.description, lang), ...c.indicators.map((i) => resolveText(i.text, lang))].join('\n'));
  }
}

function median(xs: readonly number[]): number {
  if (xs.length === 0) return 1;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[(sorted.length - 1) >> 1]!;
}

/** The words that matched as the module wrote them, those that counted most first. */
function matchedWords(r: Matched, surface: ReadonlyMap<string, string>): string[] {
  const order = r.terms.map((_, i) => i).sort((a, b) => r.gains[b]! - r.gains[a]!);
  return [...new Set(order.map((i) => surface.get(r.terms[i]!) ?? r.terms[i]!))];
}

/**
 * Lexical and embedding evidence together: the lexical score as a share of the module's best, plus
 * `weight` times the cosine's z-score among the model's competencies for this module. Raw cosines are
 * not on the lexical scale (averaged word vectors put most pairs of texts at 0.7–0.9), so adding them
 * as they are lifts every competency alike; the z-score keeps only how much a competency stands out.
 */
function blendWith(ranked: Ranked[], cosine: Float64Array, weight: number): Ranked[] {
  const top = ranked[0]?.raw || 1;
  const n = cosine.length;
  const mean = cosine.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(cosine.reduce((a, b) => a + (b - mean) ** 2, 0) / n) || 1;
  const lexical = new Float64Array(n);
  for (const r of ranked) lexical[r.competency] = r.raw / top;
  const out: Ranked[] = [];
  for (let c = 0; c < n; c++) {
    const raw = lexical[c]! + (weight * (cosine[c]! - mean)) / sd;
    if (raw > 0) out.push({ competency: c, raw });
  }
  return out.sort(byScore);
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

/** Aligns a whole catalogue. With an embedder, its cosine similarities are blended into the ranking (`blendWith`). */
export async function alignCatalogue(model: Model, catalogue: readonly CatalogueEntry[], options: AlignOptions & { embedder?: Embedder } = {}): Promise<SuggestionsFile> {
  const aligner = new Aligner(model, options.method ?? 'bm25', RANKING, options.language);
  let blends: Float64Array[] | undefined;
  if (options.embedder) {
    const comps = await options.embedder.embed(aligner.competencyTexts());
    const mods = await options.embedder.embed(catalogue.map((e) => `${e.title}\n${e.description}`));
    blends = cosineRows(mods, comps);
  }
  const minCoverage = options.minCoverage ?? ALIGN_DEFAULTS.minCoverage;
  const result = aligner.alignAll(catalogue, options, blends);
  const language = options.language ?? model.language;
  const notes: string[] = [];
  const found = median(result.known);
  if (found < FOREIGN_CATALOGUE) {
    notes.push(
      `Only ${Math.round(found * 100)}% of a module's words (median) occur in the model's texts in "${language}": the catalogue seems to be in another language. Nothing was auto-accepted; align in the catalogue's language or review every suggestion.`,
    );
  } else if (result.belowFloor > 0) {
    notes.push(`${result.belowFloor} first suggestions scored above the auto-accept threshold but matched less than ${Math.round(minCoverage * 100)}% of their module's words; they are proposed for review, not accepted.`);
  }
  return {
    format: 'pathway-align/1',
    model: model.id,
    method: aligner.method,
    thresholds: { suggest: options.suggest ?? ALIGN_DEFAULTS.suggest, autoAccept: options.autoAccept ?? ALIGN_DEFAULTS.autoAccept, minCoverage },
    ...(notes.length ? { notes } : {}),
    modules: result.suggestions.map((suggestions, i) => ({ ...catalogue[i]!, suggestions })),
  };
}
