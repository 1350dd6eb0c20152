import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ALIGN_DEFAULTS, alignCatalogue, type Embedder, type Method, type SuggestionsFile } from '../../authoring/align.js';
import { readCatalogue } from '../../authoring/catalogue.js';
import { locatedLine } from '../../authoring/located.js';
import { acceptSuggestions, keepDecisions } from '../../authoring/review.js';
import { validateModel } from '../../model/load.js';
import { problemLine } from '../../model/problems.js';
import { fsMessage, modelOrReport, UsageError } from '../io.js';

export const usage = `pathway align <model.json> <catalogue.csv|json> --out <suggestions.json> [options]
pathway align --accept <suggestions.json> <model.json> --out <model.json>

Suggests which competencies, and which level range, each module of an untagged course catalogue
develops (catalogue columns: id, title, description, minutes, type, url). Ranking is BM25+ over each
competency's title, behavioural indicators, synonyms, description and item wording, in the
catalogue's language, offline; competencies that rank high for most modules are discounted. Each
suggestion has a score (its share of the module's top five, 0–1) and the words that matched, those
that counted most first, and its coverage (the share of the module's words the competency's texts
contain). Review the file: set "decision" to "accepted" or "rejected"; the first suggestion at or
above --auto-accept whose coverage reaches --min-coverage is marked "auto". When the catalogue's
words are mostly absent from the model's texts in --language (a catalogue in another language),
nothing is auto-accepted and a note says so. Running align again with the same --out keeps every
decision. --accept merges accepted and auto-accepted tags into the model (new modules are marked
extensions.align for review).

Options:
  --out FILE          suggestions file to write (align) or model to write (--accept)
  --suggest X         lowest score listed (default ${ALIGN_DEFAULTS.suggest})
  --auto-accept X     score from which the first suggestion is accepted (default ${ALIGN_DEFAULTS.autoAccept}; 1.1 = never)
  --min-coverage X    least coverage for an auto-accept (default ${ALIGN_DEFAULTS.minCoverage}; scores are relative, coverage is not)
  --top N             suggestions per module at most (default ${ALIGN_DEFAULTS.top})
  --method M          bm25 (default) or tfidf (the plain baseline)
  --language TAG      language of the catalogue's texts (default: the model's language)
  --embedder MODULE   a local ES module whose default export is an Embedder ({ embed(texts) }) or a
                      function returning one; its cosines are blended into the ranking (nothing is
                      downloaded; example: docs/examples/word-vector-embedder.mjs)
  --embedder-weight X what the embedder's cosine z-score adds to the lexical share (default ${ALIGN_DEFAULTS.embedderWeight})
  --accept FILE       merge the decisions of FILE into the model

Exit 0 on success, 1 when an input is invalid, 2 on a usage error.`;

function readJson(file: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(readFileSync(file, 'utf8')) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof SyntaxError ? `${file} is not valid JSON: ${error.message}` : fsMessage(file, error) };
  }
}

function isSuggestions(value: unknown): value is SuggestionsFile {
  return !!value && typeof value === 'object' && (value as SuggestionsFile).format === 'pathway-align/1' && Array.isArray((value as SuggestionsFile).modules);
}

function fraction(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const x = Number(value);
  if (!(x >= 0 && x <= 1.1)) throw new UsageError(`--${name} must be a number from 0 to 1 (1.1 = never), got "${value}"`);
  return x;
}

const isEmbedder = (value: unknown): value is Embedder => !!value && typeof (value as Embedder).embed === 'function';

/** The Embedder a local module exports (default or `embedder`), or a function returning one. */
async function loadEmbedder(file: string): Promise<{ ok: true; embedder: Embedder } | { ok: false; message: string }> {
  let exported: unknown;
  try {
    const module = (await import(pathToFileURL(resolve(file)).href)) as { default?: unknown; embedder?: unknown };
    exported = module.default ?? module.embedder;
    if (typeof exported === 'function') exported = await (exported as () => unknown)();
  } catch (error) {
    return { ok: false, message: `--embedder ${file}: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isEmbedder(exported)) return { ok: false, message: `--embedder ${file}: the module must export (as default or "embedder") an object with an embed(texts) method, or a function returning one` };
  return { ok: true, embedder: exported };
}

/** An embedder's vectors, checked: one per text, all of one length, finite numbers. */
function checked(embedder: Embedder, file: string): Embedder {
  let length: number | undefined;
  return {
    async embed(texts) {
      let vectors: readonly ArrayLike<number>[];
      try {
        vectors = await embedder.embed(texts);
      } catch (error) {
        throw new Error(`--embedder ${file}: embed() failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!Array.isArray(vectors) || vectors.length !== texts.length) throw new Error(`--embedder ${file}: embed() returned ${Array.isArray(vectors) ? vectors.length : 'no list of'} vectors for ${texts.length} texts`);
      for (const v of vectors) {
        length ??= v.length;
        if (v.length !== length || !v.length || !Array.from(v).every(Number.isFinite)) throw new Error(`--embedder ${file}: embed() returned vectors of different lengths or with non-numbers`);
      }
      return vectors;
    },
  };
}

export async function run(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' }, language: { type: 'string' }, suggest: { type: 'string' }, 'auto-accept': { type: 'string' }, top: { type: 'string' }, 'min-coverage': { type: 'string' }, method: { type: 'string' }, accept: { type: 'string' }, embedder: { type: 'string' }, 'embedder-weight': { type: 'string' } },
  });
  if (!values.out) throw new UsageError('align needs --out');
  if (values.accept) {
    if (positionals.length !== 1) throw new UsageError('align --accept <suggestions.json> takes exactly one model file');
    const source = modelOrReport(positionals[0]!, out);
    if (!source) return 1;
    const read = readJson(values.accept);
    if (!read.ok) return out(`error  ${read.message}`), 1;
    if (!isSuggestions(read.value)) return out(`error  ${values.accept}: not a suggestions file (expected "format": "pathway-align/1" and "modules")`), 1;
    const result = acceptSuggestions(source, read.value);
    const checked = validateModel(result.model);
    if (!checked.ok) {
      out('The model with the accepted tags does not validate (nothing written):');
      for (const p of checked.problems.filter((p) => p.severity === 'error')) out(problemLine(p));
      return 1;
    }
    writeFileSync(values.out, `${JSON.stringify(checked.model, null, 2)}\n`);
    out(`Wrote ${values.out}: ${result.added.length} modules added, ${result.updated.length} updated, ${result.undecided.length} with nothing accepted left out${result.undecided.length ? ` (${result.undecided.slice(0, 5).join(', ')}${result.undecided.length > 5 ? ', …' : ''})` : ''}.`);
    return 0;
  }
  if (positionals.length !== 2) throw new UsageError('align takes a model file and a catalogue file');
  const method = (values.method ?? 'bm25') as Method;
  if (method !== 'bm25' && method !== 'tfidf') throw new UsageError(`--method must be bm25 or tfidf, got "${values.method}"`);
  const top = values.top === undefined ? ALIGN_DEFAULTS.top : Number(values.top);
  if (!Number.isInteger(top) || top < 1 || top > 20) throw new UsageError(`--top must be a whole number from 1 to 20, got "${values.top}"`);
  const source = modelOrReport(positionals[0]!, out);
  if (!source) return 1;
  if (values.language !== undefined && values.language !== source.language && !source.competencies.some((c) => typeof c.title !== 'string' && values.language! in c.title)) {
    const known = [...new Set(source.competencies.flatMap((c) => (typeof c.title === 'string' ? [source.language] : Object.keys(c.title))))];
    throw new UsageError(`--language ${values.language}: the model has no texts in that language (it has ${known.join(', ')})`);
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(positionals[1]!);
  } catch (error) {
    return out(`error  ${fsMessage(positionals[1]!, error)}`), 1;
  }
  const catalogue = readCatalogue(positionals[1]!, bytes);
  for (const p of catalogue.problems) out(locatedLine(p));
  if (!catalogue.ok) return 1;
  let previous: SuggestionsFile | undefined;
  if (existsSync(values.out)) {
    const read = readJson(values.out);
    if (read.ok && isSuggestions(read.value)) previous = read.value;
    else return out(`error  ${values.out} exists and is not a suggestions file; nothing written (choose another --out)`), 1;
  }
  if (values['embedder-weight'] !== undefined && !values.embedder) throw new UsageError('--embedder-weight needs --embedder');
  const embedderWeight = values['embedder-weight'] === undefined ? ALIGN_DEFAULTS.embedderWeight : Number(values['embedder-weight']);
  if (!(embedderWeight >= 0 && embedderWeight <= 10)) throw new UsageError(`--embedder-weight must be a number from 0 to 10, got "${values['embedder-weight']}"`);
  let embedder: Embedder | undefined;
  if (values.embedder) {
    const loaded = await loadEmbedder(values.embedder);
    if (!loaded.ok) return out(`error  ${loaded.message}`), 1;
    embedder = checked(loaded.embedder, values.embedder);
  }
  let fresh: SuggestionsFile;
  try {
    fresh = await alignCatalogue(source, catalogue.entries, { method, top, ...(embedder ? { embedder, embedderWeight } : {}), ...(values.language ? { language: values.language } : {}), suggest: fraction(values.suggest, 'suggest', ALIGN_DEFAULTS.suggest), autoAccept: fraction(values['auto-accept'], 'auto-accept', ALIGN_DEFAULTS.autoAccept), minCoverage: fraction(values['min-coverage'], 'min-coverage', ALIGN_DEFAULTS.minCoverage) });
  } catch (error) {
    if (!embedder || error instanceof UsageError) throw error;
    return out(`error  ${error instanceof Error ? error.message : String(error)} (nothing written)`), 1;
  }
  const file = keepDecisions(fresh, previous, source);
  writeFileSync(values.out, `${JSON.stringify(file, null, 2)}\n`);
  const count = (d: string): number => file.modules.reduce((n, m) => n + m.suggestions.filter((s) => s.decision === d).length, 0);
  const none = file.modules.filter((m) => m.suggestions.length === 0).length;
  for (const note of file.notes ?? []) out(`note   ${note}`);
  out(`Wrote ${values.out}: ${file.modules.length} modules, ${count('auto')} auto-accepted, ${count('accepted')} accepted and ${count('rejected')} rejected kept from earlier, ${none} without a suggestion.`);
  return 0;
}
