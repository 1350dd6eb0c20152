/**
 * Words to index terms for catalogue alignment: lower case, English stop words out, a light suffix
 * stemmer so "delegating", "delegates" and "delegation" meet. The same function serves the BM25 index,
 * its queries and the TF-IDF baseline, so the comparison is of ranking, not of text handling.
 */

const STOP = new Set(
  ('a about above after again all also an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our ours out over own same she should so some such than that the their theirs them then there these they this those through to too under until up very was we were what when where which while who whom why will with you your yours yourself via per using use used new one two three way ways e g eg ie etc').split(' '),
);

const RULES: [RegExp, string][] = [
  [/ational$/, 'ate'],
  [/isation$|ization$/, 'ise'],
  [/ations?$/, 'ate'],
  [/(ss|sh|ch|x|z)es$/, '$1'],
  [/ies$/, 'y'],
  [/([^su])s$/, '$1'],
  [/ingly$|edly$/, ''],
  [/([aeiouy][^aeiouy]*)(ing|ed)$/, '$1'],
  [/(ness|ment|ments|fully|ful|ly|ity|ive|ively)$/, ''],
];

const stems = new Map<string, string>();

/** A light English stemmer: enough to join word forms, never a dictionary. Memoised: catalogues repeat words. */
export function stem(word: string): string {
  let known = stems.get(word);
  if (known === undefined) {
    known = stemOnce(word);
    if (stems.size < 200_000) stems.set(word, known);
  }
  return known;
}

function stemOnce(word: string): string {
  if (word.length <= 3) return word;
  let w = word;
  for (const [pattern, replacement] of RULES) {
    const next = w.replace(pattern, replacement);
    if (next !== w && next.length >= 3) w = next;
  }
  return w.length > 4 ? w.replace(/e$/, '').replace(/([bdfglmnprt])\1$/, '$1') : w;
}

export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];
}

/** Index terms of a text, in order (repeats kept: term frequency matters). */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const word of words(text)) {
    for (const part of word.split(/['’-]/)) {
      if (part.length < 2 || STOP.has(part) || /^\d+$/.test(part)) continue;
      out.push(stem(part));
    }
  }
  return out;
}

/** One term for MiniSearch's processTerm (null drops it). */
export function processTerm(term: string): string | null {
  const t = term.toLowerCase();
  if (t.length < 2 || STOP.has(t) || /^\d+$/.test(t)) return null;
  return stem(t);
}
