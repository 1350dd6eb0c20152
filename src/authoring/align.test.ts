import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { validateModel } from '../model/load.js';
import type { Model } from '../model/types.js';
import { alignCatalogue, RANKING, type Embedder, type SuggestionsFile } from './align.js';
import { catalogueOf, evaluateAlignment } from './align-eval.js';
import { readCatalogue } from './catalogue.js';
import { locatedLine } from './located.js';
import { acceptSuggestions, keepDecisions } from './review.js';

const load = (name: string): Model => JSON.parse(readFileSync(new URL(`../../demo/models/${name}.json`, import.meta.url), 'utf8')) as Model;
const SAMPLES = ['customer-success', 'people-leader', 'software-engineer'].map(load);
const untagged = (model: Model): Model => ({ ...model, modules: [] });
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('align', () => {
  let fetchCalls = 0;
  const realFetch = globalThis.fetch;
  beforeEach(() => {
    fetchCalls = 0;
    globalThis.fetch = (() => {
      fetchCalls++;
      throw new Error('no network');
    }) as typeof fetch;
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('puts a true competency first for most modules of the sample models, and ranks them better than chance', () => {
    const bm25 = evaluateAlignment(SAMPLES, 'bm25');
    assert.ok(bm25.top1 >= 0.9, `top-1 ${bm25.top1}`);
    assert.ok(bm25.recallTop3 >= 0.86, `recall at 3 ${bm25.recallTop3}`);
    // The same text ranked by plain TF-IDF finds fewer.
    const tfidf = evaluateAlignment(SAMPLES, 'tfidf');
    assert.ok(bm25.top1 > tfidf.top1 && bm25.recallTop3 > tfidf.recallTop3, `BM25+ ${bm25.top1}/${bm25.recallTop3}, TF-IDF ${tfidf.top1}/${tfidf.recallTop3}`);
    // A ranking that ignores the text would find the true competency first about 1 time in 12.
    assert.ok(bm25.top1 > 3 / 12);
    assert.equal(fetchCalls, 0);
  });

  it('discounts competencies that rank high for most modules, so a module\'s second competency gets into its first three', () => {
    const without = evaluateAlignment(SAMPLES, 'bm25', { ...RANKING, hubness: 0 });
    const withIt = evaluateAlignment(SAMPLES, 'bm25');
    assert.ok(withIt.recallTop3 > without.recallTop3 + 0.02, `${withIt.recallTop3} vs ${without.recallTop3}`);
  });

  it('does not take a small catalogue\'s competencies for hubs: one unrelated module beside "Giving feedback" leaves feedback first', async () => {
    const model = SAMPLES[1]!;
    const feedback = { id: 'm1', title: 'Giving feedback', description: 'Give specific feedback on behaviour' };
    const alone = await alignCatalogue(untagged(model), [feedback]);
    assert.equal(alone.modules[0]!.suggestions[0]!.competency, 'feedback');
    const beside = await alignCatalogue(untagged(model), [{ id: 'm0', title: 'The and of', description: 'it is what it is' }, feedback]);
    assert.equal(beside.modules[1]!.suggestions[0]!.competency, 'feedback');
    const three = await alignCatalogue(untagged(model), [feedback, { id: 'm2', title: 'Delegating work', description: 'Hand over a whole task with the authority to decide' }, { id: 'm3', title: 'Calm under pressure', description: 'Stay steady when the stakes rise' }]);
    assert.deepEqual(three.modules.map((m) => m.suggestions[0]?.competency), ['feedback', 'delegation', 'composure']);
  });

  it('indexes the catalogue\'s language only: a German catalogue is matched against the German texts', async () => {
    const model = SAMPLES[1]!;
    const german = model.modules.map((m) => ({ id: m.id, title: (m.title as Record<string, string>)['de']!, description: (m.what as Record<string, string>)['de']! }));
    const top1 = (file: SuggestionsFile): number => file.modules.filter((m, i) => model.modules[i]!.develops.some((d) => d.competency === m.suggestions[0]?.competency)).length / german.length;
    const inGerman = await alignCatalogue(untagged(model), german, { language: 'de', suggest: 0 });
    const inEnglish = await alignCatalogue(untagged(model), german, { suggest: 0 });
    // Against the German texts (German stop words and stemmer) it ranks; against the English texts it barely ranks at all.
    assert.ok(top1(inGerman) >= 0.5 && top1(inGerman) > top1(inEnglish) + 0.2, `German top-1 ${top1(inGerman)}, against English texts ${top1(inEnglish)}`);
    assert.ok(inGerman.modules.some((m) => m.suggestions[0]?.matched.some((w) => /[äöüß]/.test(w))), 'German words matched');
  });

  it('auto-accepts nothing when the catalogue is in another language than --language, and says so', async () => {
    const model = SAMPLES[1]!;
    const english = catalogueOf(model);
    const autos = (file: SuggestionsFile): number => file.modules.filter((m) => m.suggestions[0]?.decision === 'auto').length;
    const right = await alignCatalogue(untagged(model), english);
    assert.ok(autos(right) >= 10, `${autos(right)} auto-accepted in the right language`);
    assert.equal(right.notes, undefined);
    // Relative scores alone would auto-accept many of these: the best of several weak matches still tops its five.
    const wrong = await alignCatalogue(untagged(model), english, { language: 'de' });
    const relativeOnly = wrong.modules.filter((m) => (m.suggestions[0]?.score ?? 0) >= wrong.thresholds.autoAccept).length;
    assert.ok(relativeOnly >= 10, `${relativeOnly} pass the relative threshold`);
    assert.equal(autos(wrong), 0);
    assert.match(wrong.notes?.join('\n') ?? '', /Only \d+% of a module's words \(median\) occur in the model's texts in "de": the catalogue seems to be in another language\. Nothing was auto-accepted/);
    // Weak matches are still proposed for review.
    assert.ok(wrong.modules.filter((m) => m.suggestions.length > 0).length > english.length / 2);
    // The same the other way round: a German catalogue aligned against the English texts.
    const german = model.modules.map((m) => ({ id: m.id, title: (m.title as Record<string, string>)['de']!, description: (m.what as Record<string, string>)['de']! }));
    const backwards = await alignCatalogue(untagged(model), german);
    assert.equal(autos(backwards), 0);
    assert.equal(backwards.notes?.length, 1);
    assert.equal(fetchCalls, 0);
  });

  it('auto-accepts only a first suggestion that covers enough of its module\'s words, whatever its relative score', async () => {
    const model = SAMPLES[2]!;
    const file = await alignCatalogue(untagged(model), catalogueOf(model), { minCoverage: 0.5 });
    let held = 0;
    for (const m of file.modules) {
      const first = m.suggestions[0];
      if (!first) continue;
      assert.ok(first.coverage !== undefined && first.coverage > 0 && first.coverage <= 1);
      if (first.decision === 'auto') assert.ok(first.coverage >= 0.5 && first.score >= file.thresholds.autoAccept);
      else if (first.score >= file.thresholds.autoAccept) held++;
    }
    assert.ok(held > 0, 'some first suggestions above the score threshold were held back');
    assert.match(file.notes?.join('\n') ?? '', new RegExp(`^${held} first suggestions scored above the auto-accept threshold but matched less than 50% of their module's words`));
  });

  it('suggests levels, words that matched and best first; auto-accepts only the first above the threshold', async () => {
    const model = SAMPLES[2]!;
    const file = await alignCatalogue(untagged(model), catalogueOf(model), { autoAccept: 0.5 });
    for (const m of file.modules) {
      const scores = m.suggestions.map((s) => s.score);
      assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
      m.suggestions.forEach((s, k) => {
        assert.ok(s.matched.length > 0, `${m.id}: no matched words`);
        if (s.decision === 'auto') assert.ok(k === 0 && s.score >= 0.5);
        if (s.to !== undefined && s.from !== undefined) assert.ok(s.from < s.to);
      });
    }
    const review = file.modules.find((m) => m.id === 'review-basics')!;
    assert.equal(review.suggestions[0]!.competency, 'code-review');
    assert.ok(review.suggestions[0]!.matched.includes('review'));
  });

  it('keeps accepted and rejected decisions on a re-run, and merges accepted tags into a model that validates', async () => {
    const model = SAMPLES[0]!;
    const bare = untagged(model);
    const catalogue = catalogueOf(model);
    const first = await alignCatalogue(bare, catalogue);
    const [a, b] = first.modules;
    a!.suggestions[0]!.decision = 'rejected';
    b!.suggestions[0]!.decision = 'accepted';
    const again = keepDecisions(await alignCatalogue(bare, catalogue), first, bare);
    assert.equal(again.modules[0]!.suggestions.find((s) => s.competency === a!.suggestions[0]!.competency)!.decision, 'rejected');
    assert.equal(again.modules[1]!.suggestions[0]!.decision, 'accepted');
    const accepted = acceptSuggestions(bare, again);
    const checked = validateModel(accepted.model);
    assert.ok(checked.ok, checked.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
    const added = accepted.model.modules.find((m) => m.id === b!.id)!;
    assert.deepEqual(added.develops.map((d) => d.competency), [b!.suggestions[0]!.competency]);
    assert.ok(!accepted.model.modules.some((m) => m.id === a!.id && m.develops.some((d) => d.competency === a!.suggestions[0]!.competency)));
    // After accepting, a fresh run (no earlier file) still knows what the model holds.
    const rerun = keepDecisions(await alignCatalogue(accepted.model, catalogue), undefined, accepted.model);
    assert.equal(rerun.modules[1]!.suggestions[0]!.decision, 'accepted');
  });

  it('blends an organisation\'s own embedder into the ranking without any network access', async () => {
    const model = SAMPLES[1]!;
    const catalogue = catalogueOf(model).slice(0, 10);
    // A stand-in for a local embedding model: competencies one-hot, every module close to the last one.
    const n = model.competencies.length;
    let call = 0;
    const embedder: Embedder = {
      embed: async (texts) => (call++ === 0 ? texts.map((_, i) => Array.from({ length: n }, (_, k) => Number(k === i))) : texts.map(() => Array.from({ length: n }, (_, k) => Number(k === n - 1)))),
    };
    const lexical = await alignCatalogue(untagged(model), catalogue);
    const blended = await alignCatalogue(untagged(model), catalogue, { embedder, embedderWeight: 0.5 });
    call = 0;
    const unweighted = await alignCatalogue(untagged(model), catalogue, { embedder, embedderWeight: 0 });
    const last = model.competencies[n - 1]!.id;
    const firstLast = (f: typeof lexical): number => f.modules.filter((m) => m.suggestions[0]?.competency === last).length;
    assert.ok(firstLast(blended) > firstLast(lexical), `${firstLast(blended)} vs ${firstLast(lexical)}`);
    // Weight 0: the cosines change nothing (they are z-scores added to the lexical share, not raw cosines).
    assert.deepEqual(unweighted.modules.map((m) => m.suggestions.map((s) => s.competency)), lexical.modules.map((m) => m.suggestions.map((s) => s.competency)));
    assert.equal(fetchCalls, 0);
  });

  it('reads a catalogue and names the row and column of each problem', () => {
    const good = readCatalogue('cat.csv', utf8('id,title,description,minutes,type,url\r\nm1,Feedback basics,"Giving, and receiving",30,course,https://lms.example/m1\r\n'));
    assert.ok(good.ok);
    assert.deepEqual(good.entries[0], { id: 'm1', title: 'Feedback basics', description: 'Giving, and receiving', minutes: 30, type: 'course', url: 'https://lms.example/m1' });
    const bad = readCatalogue('cat.csv', utf8('id;title;minutes\r\nm1;A;soon\r\nm1;B;10\r\n'));
    assert.equal(bad.ok, false);
    const lines = bad.problems.map(locatedLine).join('\n');
    assert.match(lines, /cat\.csv, row 2, column C "minutes": expected a number of minutes/);
    assert.match(lines, /cat\.csv, row 3, column A "id": id "m1" is already used \(row 2\)/);
    const json = readCatalogue('cat.json', utf8('{"modules": [{"id": "x"}]}'));
    assert.equal(json.ok, false);
    assert.match(json.problems.map(locatedLine).join('\n'), /cat\.json, modules\[0\]\.title: expected the module title/);
  });
});
