// Designs tried to lift catalogue alignment's recall at 3 past 0.9, measured on the sample models with
// their modules' tags removed, as `align.recall.top3`. None was kept (docs/authoring.md, "what else was
// tried"); this file reproduces their rows: `nice -n 10 node --import tsx bench/support/align-designs.ts`
// (`ONLY=<words of a design's name>` runs one; LSA takes minutes).
// Each design has a few settings; the in-sample figure is its best setting on all three models, the
// held-out one chooses the setting on two models (top-1 hits plus tags found) and scores the third.
import { readFileSync } from 'node:fs';
import { Aligner, discountHubs, hubDivisors, RANKING, type Ranked } from '../../src/authoring/align.js';
import { catalogueOf } from '../../src/authoring/align-eval.js';
import { analyzerFor, type Analyzer } from '../../src/authoring/terms.js';
import { resolveText } from '../../src/model/text.js';
import type { Model } from '../../src/model/types.js';

type Scores = Float64Array[];
type Query = ReadonlyMap<string, number>;

interface Sample {
  model: Model;
  aligner: Aligner;
  analyzer: Analyzer;
  queries: Query[];
  truth: Set<number>[];
  /** Per competency, its texts sentence by sentence: title, description, indicators, item wording. */
  sentences: string[][];
  /** BM25+ as shipped: raw, and after the hubness correction. */
  raw: Scores;
  shipped: Scores;
}

const load = (name: string): Model => JSON.parse(readFileSync(new URL(`../../demo/models/${name}.json`, import.meta.url), 'utf8')) as Model;

function sample(model: Model): Sample {
  const lang = model.language;
  const text = (t: Parameters<typeof resolveText>[0] | undefined): string => (t === undefined ? '' : resolveText(t, lang, lang));
  const aligner = new Aligner({ ...model, modules: [] });
  const queries = catalogueOf(model).map((e) => aligner.queryOf(e).query);
  const ids = model.competencies.map((c) => c.id);
  const sentences = model.competencies.map((c) => {
    const out = [text(c.title), text(c.description), ...c.indicators.map((i) => text(i.text))];
    for (const item of model.items.filter((i) => i.competency === c.id)) {
      const o = item as unknown as Record<string, unknown>;
      const parts = ['stem', 'observerStem', 'scenario', 'question', 'task', 'prompt'].map((k) => o[k]);
      const lists = ['options', 'rubric'].flatMap((k) => (Array.isArray(o[k]) ? (o[k] as { text?: unknown }[]).map((x) => x.text) : []));
      out.push(...[...parts, ...lists].filter((t): t is Parameters<typeof resolveText>[0] => t !== undefined).map(text));
    }
    return out.filter((s) => s.trim() !== '');
  });
  const raw = queries.map((q) => vector(aligner.rank(q, 'bm25'), ids.length));
  return { model, aligner, analyzer: analyzerFor(lang), queries, truth: model.modules.map((m) => new Set(m.develops.map((d) => ids.indexOf(d.competency)))), sentences, raw, shipped: hubs(raw) };
}

function vector(ranked: readonly Ranked[], n: number): Float64Array {
  const v = new Float64Array(n);
  for (const r of ranked) v[r.competency] = r.raw;
  return v;
}

/** The shipped hubness correction applied to any scores. */
function hubs(scores: Scores): Scores {
  const n = scores[0]?.length ?? 0;
  const rankings = scores.map((v) => [...v.keys()].filter((c) => v[c]! > 0).map((c) => ({ competency: c, raw: v[c]! })).sort((a, b) => b.raw - a.raw));
  discountHubs(rankings, RANKING, n);
  return rankings.map((r) => vector(r, n));
}

const rowMax = (v: Float64Array): number => v.reduce((a, b) => Math.max(a, b), 0) || 1;
const scaled = (scores: Scores): Scores => scores.map((v) => v.map((x) => x / rowMax(v)));

function ranks(v: Float64Array): Float64Array {
  const order = [...v.keys()].sort((a, b) => v[b]! - v[a]! || a - b);
  const r = new Float64Array(v.length);
  order.forEach((c, i) => (r[c] = v[c]! > 0 ? i + 1 : Infinity));
  return r;
}

/** Reciprocal rank fusion of two rankings of each module. */
const rrf = (a: Scores, b: Scores, weight: number, k = 60): Scores =>
  a.map((v, m) => {
    const ra = ranks(v);
    const rb = ranks(b[m]!);
    return v.map((_, c) => 1 / (k + ra[c]!) + weight / (k + rb[c]!));
  });

/** Both scaled to the module's best, added with a weight. */
const linear = (a: Scores, b: Scores, weight: number): Scores => a.map((v, m) => v.map((x, c) => x / rowMax(v) + (weight * b[m]![c]!) / rowMax(b[m]!)));

function cosine(a: Float64Array, b: Float64Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  return dot / (Math.sqrt(na * nb) || 1);
}

function termCounts(analyzer: Analyzer, text: string): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of analyzer.terms(text)) tf.set(t, (tf.get(t) ?? 0) + 1);
  return tf;
}

/**
 * Explicit semantic analysis over the model's own sentences (and the catalogue's modules): a text is
 * its TF-IDF similarity to every sentence; a competency is the text of all its sentences. With `rank`,
 * latent semantic analysis: the sentence space reduced to its `rank` main directions (subspace iteration
 * on the sentences' Gram matrix, from a fixed seed). With `best`, a competency scores the sum of its
 * `best` sentences' similarities instead (one indicator that says what the module says is enough).
 */
function semantic(s: Sample, withCatalogue: boolean, rank?: number, best?: number): Scores {
  const units: { comp: number; tf: Map<string, number> }[] = [];
  s.sentences.forEach((list, comp) => list.forEach((t) => units.push({ comp, tf: termCounts(s.analyzer, t) })));
  if (withCatalogue) for (const q of s.queries) units.push({ comp: -1, tf: new Map(q) });
  const df = new Map<string, number>();
  for (const u of units) for (const t of u.tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = (t: string): number => Math.log(units.length / (df.get(t) ?? units.length));
  const rows = units.map((u) => {
    const v = new Map([...u.tf].map(([t, f]) => [t, (1 + Math.log(f)) * idf(t)] as const));
    const norm = Math.sqrt([...v.values()].reduce((a, x) => a + x * x, 0)) || 1;
    return new Map([...v].map(([t, x]) => [t, x / norm] as const));
  });
  const toSentences = (q: Query): Float64Array => Float64Array.from(rows, (row) => [...q].reduce((sum, [t, f]) => sum + (row.get(t) ?? 0) * f * idf(t), 0));
  if (best !== undefined)
    return s.queries.map((q) => {
      const p = toSentences(q);
      return Float64Array.from(s.sentences, (_, c) => units.flatMap((u, j) => (u.comp === c ? [p[j]!] : [])).sort((a, b) => b - a).slice(0, best).reduce((a, x) => a + x, 0));
    });
  let project = toSentences;
  if (rank !== undefined) {
    const S = rows.length;
    const gram = rows.map((a) => Float64Array.from(rows, (b) => [...a].reduce((sum, [t, x]) => sum + x * (b.get(t) ?? 0), 0)));
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
    let basis = Array.from({ length: rank }, () => Float64Array.from({ length: S }, random));
    let values: number[] = [];
    for (let it = 0; it < 40; it++) {
      const next = basis.map((q) => Float64Array.from(gram, (row) => row.reduce((sum, g, b) => sum + g * q[b]!, 0)));
      values = next.map((z, i) => z.reduce((sum, x, k) => sum + x * basis[i]![k]!, 0));
      for (let i = 0; i < next.length; i++) {
        for (let j = 0; j < i; j++) {
          const d = next[i]!.reduce((sum, x, k) => sum + x * next[j]![k]!, 0);
          next[i] = next[i]!.map((x, k) => x - d * next[j]![k]!);
        }
        const norm = Math.sqrt(next[i]!.reduce((sum, x) => sum + x * x, 0)) || 1;
        next[i] = next[i]!.map((x) => x / norm);
      }
      basis = next;
    }
    project = (q) => {
      const p = toSentences(q);
      return Float64Array.from(basis, (v, i) => v.reduce((sum, x, k) => sum + x * p[k]!, 0) / Math.sqrt(Math.max(values[i]!, 1e-9)));
    };
  }
  const comps = s.sentences.map((_, c) => {
    const q = new Map<string, number>();
    for (const u of units) if (u.comp === c) for (const [t, f] of u.tf) q.set(t, (q.get(t) ?? 0) + f);
    return project(q);
  });
  return s.queries.map((q) => {
    const m = project(q);
    return Float64Array.from(comps, (c) => Math.max(0, cosine(m, c)));
  });
}

/** BM25-saturated matches of word pairs (within `gap` index terms of each other), title ×3, indicators ×2. */
function pairs(s: Sample, gap: number): Scores {
  const pairsOf = (text: string): string[] => {
    const ts = s.analyzer.terms(text);
    const out: string[] = [];
    for (let i = 0; i < ts.length; i++) for (let j = i + 1; j <= Math.min(ts.length - 1, i + gap); j++) out.push([ts[i], ts[j]].sort().join('+'));
    return out;
  };
  const docs = s.sentences.map((list, c) => {
    const tf = new Map<string, number>();
    const indicators = s.model.competencies[c]!.indicators.length;
    list.forEach((t, i) => {
      const boost = i === 0 ? 3 : i >= 2 && i < 2 + indicators ? 2 : 1;
      for (const p of pairsOf(t)) tf.set(p, (tf.get(p) ?? 0) + boost);
    });
    return tf;
  });
  const df = new Map<string, number>();
  for (const d of docs) for (const p of d.keys()) df.set(p, (df.get(p) ?? 0) + 1);
  return catalogueOf(s.model).map((e) => {
    const q = new Map<string, number>();
    for (const [text, w] of [[e.title, 2], [e.description, 1]] as const) for (const p of pairsOf(text)) q.set(p, (q.get(p) ?? 0) + w);
    return Float64Array.from(docs, (d) => [...q].reduce((sum, [p, w]) => {
      const f = d.get(p);
      const n = df.get(p) ?? 0;
      return f ? sum + w * Math.log(1 + (docs.length - n + 0.5) / (n + 0.5)) * ((f * 1.6) / (f + 0.6)) : sum;
    }, 0));
  });
}

/** Each module's query with added terms, ranked by BM25+ and corrected for hubs as shipped. */
const expanded = (s: Sample, expand: (q: Query, m: number) => Query): Scores => hubs(s.queries.map((q, m) => vector(s.aligner.rank(expand(q, m), 'bm25'), s.model.competencies.length)));

/** Pseudo-relevance feedback: the `top` first competencies' `terms` most distinctive terms (TF-IDF in their texts) added with weight beta. */
function feedback(s: Sample, top: number, beta: number, terms = 10): Scores {
  const docs = s.sentences.map((list) => termCounts(s.analyzer, list.join(' ')));
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const distinctive = docs.map((d) => [...d].map(([t, f]) => [t, f * Math.log(docs.length / df.get(t)!)] as const).filter(([, w]) => w > 0).sort((a, b) => b[1] - a[1]).slice(0, terms));
  return expanded(s, (q, m) => {
    const first = [...ranks(s.shipped[m]!).entries()].filter(([, r]) => r <= top).map(([c]) => c);
    const total = [...q.values()].reduce((a, b) => a + b, 0);
    const out = new Map(q);
    for (const c of first) {
      const list = distinctive[c]!;
      const sum = list.reduce((a, [, w]) => a + w, 0) || 1;
      for (const [t, w] of list) out.set(t, (out.get(t) ?? 0) + (beta * total * w) / sum / first.length);
    }
    return out;
  });
}

/** Query expansion by word co-occurrence (positive PMI within 4 index terms) in the model's sentences and the catalogue's modules. */
function cooccurrence(s: Sample, beta: number, neighbours: number): Scores {
  const texts = [...s.sentences.flat(), ...catalogueOf(s.model).map((e) => `${e.title}. ${e.description}`)];
  const pair = new Map<string, Map<string, number>>();
  const total = new Map<string, number>();
  let n = 0;
  for (const text of texts) {
    const ts = s.analyzer.terms(text);
    ts.forEach((a, i) => {
      for (let j = Math.max(0, i - 4); j <= Math.min(ts.length - 1, i + 4); j++) {
        const b = ts[j]!;
        if (j === i || a === b) continue;
        const row = pair.get(a) ?? new Map<string, number>();
        row.set(b, (row.get(b) ?? 0) + 1);
        pair.set(a, row);
        total.set(a, (total.get(a) ?? 0) + 1);
        n++;
      }
    });
  }
  const indexed = (t: string): boolean => s.aligner.rank(new Map([[t, 1]]), 'bm25').length > 0;
  return expanded(s, (q) => {
    const out = new Map(q);
    for (const [t, w] of q) {
      const near = [...(pair.get(t) ?? [])].map(([b, k]) => [b, Math.log((k * n) / (total.get(t)! * total.get(b)! ** 0.75 * n ** 0.25))] as const).filter(([b, pmi]) => pmi > 0 && indexed(b)).sort((a, b) => b[1] - a[1]).slice(0, neighbours);
      const sum = near.reduce((a, [, x]) => a + x, 0) || 1;
      for (const [b, x] of near) out.set(b, (out.get(b) ?? 0) + (beta * w * x) / sum);
    }
    return out;
  });
}

/**
 * Each module as a mixture of the competencies' word distributions (Dirichlet-smoothed, fields boosted
 * as in the index) and a background of the catalogue's and model's words, the mixture weights fitted by
 * EM: a module's second competency gets weight when it explains words the first one cannot.
 */
function mixture(s: Sample, background: number, mu = 200): Scores {
  const docs = s.sentences.map((list, c) => {
    const tf = new Map<string, number>();
    const indicators = s.model.competencies[c]!.indicators.length;
    list.forEach((t, i) => {
      for (const w of s.analyzer.terms(t)) tf.set(w, (tf.get(w) ?? 0) + (i === 0 ? 3 : i >= 2 && i < 2 + indicators ? 2 : 1));
    });
    return tf;
  });
  const count = (maps: readonly ReadonlyMap<string, number>[]): [Map<string, number>, number] => {
    const all = new Map<string, number>();
    for (const m of maps) for (const [w, f] of m) all.set(w, (all.get(w) ?? 0) + f);
    return [all, [...all.values()].reduce((a, b) => a + b, 0)];
  };
  const [collection, collectionSize] = count(docs);
  const [bg, bgSize] = count([...docs, ...s.queries]);
  const lengths = docs.map((d) => [...d.values()].reduce((a, b) => a + b, 0));
  const n = docs.length;
  return s.queries.map((q) => {
    const words = [...q].filter(([w]) => collection.has(w));
    const p = words.map(([w]) => Float64Array.from(docs, (d, c) => ((d.get(w) ?? 0) + (mu * collection.get(w)!) / collectionSize) / (lengths[c]! + mu)));
    const b = words.map(([w]) => bg.get(w)! / bgSize);
    let weights = new Float64Array(n).fill(1 / n);
    for (let it = 0; it < 50; it++) {
      const next = new Float64Array(n);
      words.forEach(([, f], i) => {
        const z = background * b[i]! + (1 - background) * weights.reduce((a, x, c) => a + x * p[i]![c]!, 0);
        for (let c = 0; c < n; c++) next[c]! += (f * (1 - background) * weights[c]! * p[i]![c]!) / z;
      });
      const total = next.reduce((a, x) => a + x, 0) || 1;
      weights = next.map((x) => x / total);
    }
    return weights;
  });
}

/**
 * Segment votes: the module's title and each sentence (or clause) of its description ranked on its own
 * (hubness-corrected with the whole catalogue's means); a competency that leads a segment is added with
 * weight w, so a topic named in passing in a list can reach the first three.
 */
function segments(s: Sample, clauses: boolean, w: number): Scores {
  const n = s.model.competencies.length;
  const divisors = hubDivisors(s.queries.map((q) => s.aligner.rank(q, 'bm25')), RANKING, n) ?? new Float64Array(n).fill(1);
  const split = clauses ? /[.,;:!?–—()]+|\band\b/ : /[.;:!?–—()]+/;
  return catalogueOf(s.model).map((e, m) => {
    const votes = new Float64Array(n);
    for (const part of [e.title, ...e.description.split(split)]) {
      const q = termCounts(s.analyzer, part);
      if (q.size < 2) continue;
      const v = vector(s.aligner.rank(q, 'bm25'), n).map((x, c) => x / divisors[c]!);
      const top = rowMax(v);
      v.forEach((x, c) => (votes[c] = Math.max(votes[c]!, x / top)));
    }
    const base = s.shipped[m]!;
    return base.map((x, c) => (x > 0 ? x / rowMax(base) + (w * votes[c]!) / rowMax(votes) : 0));
  });
}

/** Cross-domain similarity local scaling: 2·score − the competency's mean of its K best scores across the catalogue. */
function csls(raw: Scores, K: number): Scores {
  const rows = scaled(raw);
  const n = rows[0]?.length ?? 0;
  const r = Array.from({ length: n }, (_, c) => rows.map((v) => v[c]!).sort((a, b) => b - a).slice(0, K).reduce((a, b) => a + b, 0) / K);
  return rows.map((v) => v.map((x, c) => (x > 0 ? 2 + 2 * x - r[c]! : 0)));
}

/** Each competency's scores as z-scores across the catalogue (per-competency normalisation instead of the hubness correction). */
function zScores(raw: Scores): Scores {
  const rows = scaled(raw);
  const n = rows[0]?.length ?? 0;
  const mean = Array.from({ length: n }, (_, c) => rows.reduce((a, v) => a + v[c]!, 0) / rows.length);
  const sd = Array.from({ length: n }, (_, c) => Math.sqrt(rows.reduce((a, v) => a + (v[c]! - mean[c]!) ** 2, 0) / rows.length) || 1);
  return rows.map((v) => v.map((x, c) => (x > 0 ? 10 + (x - mean[c]!) / sd[c]! : 0)));
}

/** Mutual proximity: the shipped score plus w × the score's quantile among the competency's scores across the catalogue. */
function mutualProximity(scores: Scores, w: number): Scores {
  const rows = scaled(scores);
  const cols = Array.from({ length: rows[0]?.length ?? 0 }, (_, c) => rows.map((v) => v[c]!).sort((a, b) => a - b));
  return rows.map((v) => v.map((x, c) => (x > 0 ? x + (w * cols[c]!.filter((y) => y < x).length) / rows.length : 0)));
}

interface Counts {
  modules: number;
  top1: number;
  tags: number;
  found: number;
}

function counts(s: Sample, scores: Scores): Counts {
  const c: Counts = { modules: 0, top1: 0, tags: 0, found: 0 };
  s.truth.forEach((truth, m) => {
    const r = ranks(scores[m]!);
    const first3 = [...r.keys()].filter((k) => r[k]! <= 3);
    c.modules++;
    c.top1 += Number([...truth].some((k) => r[k] === 1));
    c.tags += truth.size;
    c.found += first3.filter((k) => truth.has(k)).length;
  });
  return c;
}

const sum = (cs: readonly Counts[]): Counts => cs.reduce((a, b) => ({ modules: a.modules + b.modules, top1: a.top1 + b.top1, tags: a.tags + b.tags, found: a.found + b.found }), { modules: 0, top1: 0, tags: 0, found: 0 });
const fmt = (c: Counts): string => `${(c.top1 / c.modules).toFixed(3)} / ${(c.found / c.tags).toFixed(3)}`;
const value = (c: Counts): number => c.top1 + c.found;

/** In-sample best setting, and leave-one-model-out. */
function report(name: string, settings: Record<string, (s: Sample) => Scores>, samples: readonly Sample[]): void {
  if (process.env['ONLY'] && !name.includes(process.env['ONLY'])) return;
  const started = process.cpuUsage();
  const table = Object.entries(settings).map(([label, run]) => ({ label, per: samples.map((s) => counts(s, run(s))) }));
  const best = table.reduce((a, b) => (value(sum(b.per)) > value(sum(a.per)) ? b : a));
  const heldOut = sum(samples.map((_, out) => {
    const chosen = table.reduce((a, b) => (value(sum(b.per.filter((_, i) => i !== out))) > value(sum(a.per.filter((_, i) => i !== out))) ? b : a));
    return chosen.per[out]!;
  }));
  const cpu = Math.round(process.cpuUsage(started).user / 1000);
  console.log(`| ${name} | best ${fmt(sum(best.per))} (${best.label}); range ${table.map((t) => fmt(sum(t.per)).split(' / ')[1]).sort().join(', ')} | ${fmt(heldOut)} | ${cpu} ms CPU`);
}

const samples = ['customer-success', 'people-leader', 'software-engineer'].map((n) => sample(load(n)));
const shipped = sum(samples.map((s) => counts(s, s.shipped)));
console.log(`shipped ranking: ${fmt(shipped)} (${shipped.found} of ${shipped.tags} tags)`);

const grid = <T,>(values: readonly T[], run: (v: T) => (s: Sample) => Scores, label: (v: T) => string): Record<string, (s: Sample) => Scores> => Object.fromEntries(values.map((v) => [label(v), run(v)]));
const cross = <A, B>(as: readonly A[], bs: readonly B[]): [A, B][] => as.flatMap((a) => bs.map((b): [A, B] => [a, b]));
const lsaCache = new Map<string, Scores>();
const tfidf = (s: Sample): Scores => s.queries.map((q) => vector(s.aligner.rank(q, 'tfidf'), s.model.competencies.length));

report('TF-IDF (hubness-corrected) fused with BM25+ by reciprocal rank fusion', grid(cross([10, 60], [0.3, 0.5, 1]), ([k, w]) => (s) => rrf(s.shipped, hubs(tfidf(s)), w, k), ([k, w]) => `k ${k}, weight ${w}`), samples);
report('per-competency z-scores across the catalogue instead of the hubness correction', { 'z-scores': (s) => zScores(s.raw) }, samples);
report('CSLS instead of the hubness correction', grid(cross([5, 10, 20], [1]), ([K]) => (s) => csls(s.raw, K), ([K]) => `K ${K}`), samples);
report('mutual proximity (quantile per competency) on the shipped scores', grid([0.1, 0.3, 0.6, 1], (w) => (s) => mutualProximity(s.shipped, w), (w) => `weight ${w}`), samples);
report('ESA over the model\'s sentences (+ catalogue), hubness-corrected, RRF with BM25+', grid(cross([false, true], [0.3, 0.6, 1]), ([cat, w]) => (s) => rrf(s.shipped, hubs(semantic(s, cat)), w), ([cat, w]) => `${cat ? 'with' : 'without'} catalogue, weight ${w}`), samples);
report('LSA (rank 25 / 100) over the model\'s sentences and the catalogue, RRF or linear with BM25+', grid(cross([25, 100], ['rrf', 'linear'] as const), ([k, how]) => (s) => {
  const key = `${k} ${s.model.id}`;
  const lsa = lsaCache.get(key) ?? hubs(semantic(s, true, k));
  lsaCache.set(key, lsa);
  return how === 'rrf' ? rrf(s.shipped, lsa, 0.3) : linear(s.shipped, lsa, 0.5);
}, ([k, how]) => `rank ${k}, ${how}`), samples);
report('word pairs (within 1 / 3 terms) added to BM25+ before the hubness correction', grid(cross([1, 3], [0.1, 0.25, 0.5]), ([gap, w]) => (s) => hubs(linear(s.raw, pairs(s, gap), w)), ([gap, w]) => `gap ${gap}, weight ${w}`), samples);
report('query expanded with the first competencies\' distinctive terms (pseudo-relevance feedback)', grid(cross([1, 3], [0.1, 0.3]), ([top, beta]) => (s) => feedback(s, top, beta), ([top, beta]) => `top ${top}, beta ${beta}`), samples);
report('query expanded by word co-occurrence (PPMI) in the model\'s sentences and the catalogue', grid(cross([0.1, 0.3], [3, 10]), ([beta, k]) => (s) => cooccurrence(s, beta, k), ([beta, k]) => `beta ${beta}, ${k} neighbours`), samples);
report('each module a mixture of competency word distributions and a background (EM), alone or RRF with BM25+', grid(cross([0.3, 0.6, 0.8], ['alone', 'rrf'] as const), ([bg, how]) => (s) => (how === 'alone' ? mixture(s, bg) : rrf(s.shipped, mixture(s, bg), 0.5)), ([bg, how]) => `background ${bg}, ${how}`), samples);
report('a competency\'s best one or two sentences (TF-IDF cosine), hubness-corrected, RRF or linear with BM25+', grid(cross([1, 2], [0.3, 0.6, 1]), ([best, w]) => (s) => rrf(s.shipped, hubs(semantic(s, false, undefined, best)), w), ([best, w]) => `best ${best}, weight ${w}`), samples);
report('segment votes: each sentence or clause of the module ranked on its own, its leaders added (weight 0.2–0.7)', grid(cross([false, true], [0.2, 0.4, 0.7]), ([clauses, w]) => (s) => segments(s, clauses, w), ([clauses, w]) => `${clauses ? 'clauses' : 'sentences'}, weight ${w}`), samples);
