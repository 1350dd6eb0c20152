// How an embedder's cosine similarities are best combined with the lexical ranking, measured with
// local word vectors (docs/examples/word-vector-embedder.mjs) on the sample models with their modules'
// tags removed: `PATHWAY_WORD_VECTORS=<json> nice -n 10 node --import tsx bench/support/align-embedder.ts`.
// Each design's in-sample figure is its best setting on all three models; held out, the setting is
// chosen on two models (top-1 hits plus tags found) and scored on the third.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Aligner, discountHubs, RANKING, type Embedder, type Ranked } from '../../src/authoring/align.js';
import { catalogueOf } from '../../src/authoring/align-eval.js';
import type { Model } from '../../src/model/types.js';

type Scores = Float64Array[];
const load = (name: string): Model => JSON.parse(readFileSync(new URL(`../../demo/models/${name}.json`, import.meta.url), 'utf8')) as Model;
const path = process.env['PATHWAY_WORD_VECTORS'];
if (!path) throw new Error('set PATHWAY_WORD_VECTORS');
const example = (await import(pathToFileURL(new URL('../../docs/examples/word-vector-embedder.mjs', import.meta.url).pathname).href)) as {
  loadWordVectors(path: string): unknown;
  wordVectorEmbedder(vectors: unknown, options?: { a?: number }): Embedder;
};
const vectors = example.loadWordVectors(path);

const vec = (ranked: readonly Ranked[], n: number): Float64Array => {
  const v = new Float64Array(n);
  for (const r of ranked) v[r.competency] = r.raw;
  return v;
};
const toRanked = (v: Float64Array): Ranked[] => [...v.keys()].filter((c) => v[c]! > 0).map((c) => ({ competency: c, raw: v[c]! })).sort((a, b) => b.raw - a.raw);
const hubs = (scores: Scores): Scores => {
  const n = scores[0]!.length;
  const r = scores.map(toRanked);
  discountHubs(r, RANKING, n);
  return r.map((x) => vec(x, n));
};

interface Sample { truth: Set<number>[]; shipped: Scores; cos: Map<string, Scores> }

function cosines(mods: readonly ArrayLike<number>[], comps: readonly ArrayLike<number>[], centre: boolean): Scores {
  const d = comps[0]!.length;
  const mean = new Float64Array(d);
  if (centre) {
    for (const v of [...mods, ...comps]) for (let i = 0; i < d; i++) mean[i]! += v[i]! / (mods.length + comps.length);
  }
  const norm = (v: ArrayLike<number>): Float64Array => {
    const out = Float64Array.from({ length: d }, (_, i) => v[i]! - mean[i]!);
    const n = Math.sqrt(out.reduce((s, x) => s + x * x, 0)) || 1;
    return out.map((x) => x / n);
  };
  const C = comps.map(norm);
  return mods.map(norm).map((m) => Float64Array.from(C, (c) => c.reduce((s, x, i) => s + x * m[i]!, 0)));
}

async function sample(model: Model): Promise<Sample> {
  const aligner = new Aligner({ ...model, modules: [] });
  const catalogue = catalogueOf(model);
  const n = model.competencies.length;
  const shipped = aligner.suggestAll(catalogue, { suggest: 0, top: n }).map((list) => {
    const v = new Float64Array(n);
    list.forEach((s) => (v[model.competencies.findIndex((c) => c.id === s.competency)] = s.score));
    return v;
  });
  const cos = new Map<string, Scores>();
  for (const a of [1e-3, 1e-4]) {
    const e = example.wordVectorEmbedder(vectors, { a });
    const comps = await e.embed(aligner.competencyTexts());
    const mods = await e.embed(catalogue.map((m) => `${m.title}\n${m.description}`));
    for (const centre of [false, true]) cos.set(`a ${a}${centre ? ', centred' : ''}`, cosines(mods, comps, centre));
    // Each competency text on its own (title, description, each indicator): the competency's best piece.
    const pieces = model.competencies.flatMap((_, k) => aligner.competencyTexts()[k]!.split('\n').filter((t) => t.trim()).map((t) => ({ k, t })));
    const pieceCos = cosines(mods, await e.embed(pieces.map((p) => p.t)), false);
    cos.set(`a ${a}, best piece`, pieceCos.map((row) => { const v = new Float64Array(n).fill(-1); row.forEach((x, j) => (v[pieces[j]!.k] = Math.max(v[pieces[j]!.k]!, x))); return v; }));
  }
  const ids = model.competencies.map((c) => c.id);
  return { truth: model.modules.map((m) => new Set(m.develops.map((d) => ids.indexOf(d.competency)))), shipped, cos };
}

function ranks(v: Float64Array): Float64Array {
  const order = [...v.keys()].sort((a, b) => v[b]! - v[a]! || a - b);
  const r = new Float64Array(v.length);
  order.forEach((c, i) => (r[c] = i + 1));
  return r;
}
const rowMax = (v: Float64Array): number => v.reduce((a, b) => Math.max(a, b), 0) || 1;
const z = (v: Float64Array): Float64Array => {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length) || 1;
  return v.map((x) => (x - m) / sd);
};
/** The blend align.ts shipped: half the lexical share of the best, half the clipped cosine. */
const naive = (lex: Scores, cos: Scores): Scores => lex.map((v, m) => v.map((x, c) => 0.5 * (x / rowMax(v)) + 0.5 * Math.max(0, cos[m]![c]!)));
const zBlend = (lex: Scores, cos: Scores, w: number): Scores => lex.map((v, m) => {
  const zc = z(cos[m]!);
  return v.map((x, c) => x / rowMax(v) + w * zc[c]!);
});
const rrf = (lex: Scores, cos: Scores, w: number, k = 10): Scores => lex.map((v, m) => {
  const a = ranks(v);
  const b = ranks(cos[m]!);
  return v.map((x, c) => (x > 0 ? 1 / (k + a[c]!) : 0) + w / (k + b[c]!));
});

interface Counts { modules: number; top1: number; tags: number; found: number }
function counts(s: Sample, scores: Scores): Counts {
  const c: Counts = { modules: 0, top1: 0, tags: 0, found: 0 };
  s.truth.forEach((truth, m) => {
    const r = ranks(scores[m]!);
    c.modules++;
    c.top1 += Number([...truth].some((k) => r[k] === 1));
    c.tags += truth.size;
    c.found += [...truth].filter((k) => r[k]! <= 3).length;
  });
  return c;
}
const sum = (cs: readonly Counts[]): Counts => cs.reduce((a, b) => ({ modules: a.modules + b.modules, top1: a.top1 + b.top1, tags: a.tags + b.tags, found: a.found + b.found }), { modules: 0, top1: 0, tags: 0, found: 0 });
const fmt = (c: Counts): string => `${(c.top1 / c.modules).toFixed(3)} / ${(c.found / c.tags).toFixed(3)}`;
const value = (c: Counts): number => c.top1 + c.found;

function report(name: string, settings: Record<string, (s: Sample) => Scores>, samples: readonly Sample[]): void {
  const table = Object.entries(settings).map(([label, run]) => ({ label, per: samples.map((s) => counts(s, run(s))) }));
  const best = table.reduce((a, b) => (value(sum(b.per)) > value(sum(a.per)) ? b : a));
  const chosen = samples.map((_, out) => table.reduce((a, b) => (value(sum(b.per.filter((_, i) => i !== out))) > value(sum(a.per.filter((_, i) => i !== out))) ? b : a)));
  const heldOut = sum(chosen.map((t, out) => t.per[out]!));
  console.log(`| ${name} | best ${fmt(sum(best.per))} (${best.label}); range ${table.map((t) => fmt(sum(t.per))).join(', ')} | ${fmt(heldOut)} (${chosen.map((t) => t.label).join('; ')}) |`);
}

const samples = await Promise.all(['customer-success', 'people-leader', 'software-engineer'].map((n) => sample(load(n))));
console.log(`shipped lexical: ${fmt(sum(samples.map((s) => counts(s, s.shipped))))}`);
const variants = [...samples[0]!.cos.keys()];
const grid = <T,>(values: readonly T[], run: (v: T) => (s: Sample) => Scores, label: (v: T) => string): Record<string, (s: Sample) => Scores> => Object.fromEntries(values.map((v) => [label(v), run(v)]));
const cross = <A, B>(as: readonly A[], bs: readonly B[]): [A, B][] => as.flatMap((a) => bs.map((b): [A, B] => [a, b]));
report('cosine alone', grid(variants, (k) => (s) => s.cos.get(k)!, (k) => k), samples);
report('cosine alone, hubness-corrected', grid(variants, (k) => (s) => hubs(s.cos.get(k)!.map((v) => v.map((x) => Math.max(0, x)))), (k) => k), samples);
report('naive: half the lexical share, half the cosine (as shipped)', grid(variants, (k) => (s) => naive(s.shipped, s.cos.get(k)!), (k) => k), samples);
report('lexical share + w × the cosine\'s z-score across the module\'s competencies', grid(cross(variants, [0.01, 0.02, 0.05, 0.1, 0.2]), ([k, w]) => (s) => zBlend(s.shipped, s.cos.get(k)!, w), ([k, w]) => `${k}, w ${w}`), samples);
report('reciprocal rank fusion (k 10)', grid(cross(variants, [0.3, 0.5, 1]), ([k, w]) => (s) => rrf(s.shipped, s.cos.get(k)!, w), ([k, w]) => `${k}, w ${w}`), samples);
report('as shipped: the adapter\'s defaults (a 0.001, whole texts), z-score blend by weight', grid([0.01, 0.02, 0.05, 0.1], (w) => (s) => zBlend(s.shipped, s.cos.get('a 0.001')!, w), (w) => `w ${w}`), samples);
