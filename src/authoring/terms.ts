/**
 * Words to index terms for catalogue alignment, per language: lower case, the language's stop words
 * out, and a stemmer so "delegating", "delegates" and "delegation" meet. English has a light suffix
 * stemmer of its own; German the Snowball stemmer (which also folds umlauts: "Gespräche" and
 * "Gespräch" meet); other languages are matched by lower-cased word only — better than applying
 * English rules to them. The same analyzer serves the BM25 index, its queries and the TF-IDF baseline,
 * so the comparison is of ranking, not of text handling.
 */
import { stemmer as germanStemmer } from '@orama/stemmers/german';

const ENGLISH_STOP = new Set(
  ('a about above after again all also an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our ours out over own same she should so some such than that the their theirs them then there these they this those through to too under until up very was we were what when where which while who whom why will with you your yours yourself via per using use used new one two three way ways e g eg ie etc').split(' '),
);

// Articles, pronouns, prepositions, conjunctions, auxiliaries and fillers; written for this purpose.
const GERMAN_STOP = new Set(
  ('aber alle allem allen aller alles als also am an ander andere anderen anderer anderes auch auf aus bei beim bereits bin bis bist da dabei dadurch dafür dagegen daher damit dann dar daran darauf darin darum das dass davon dazu dein deine dem den denen denn der deren des deshalb dessen die dies diese diesem diesen dieser dieses doch dort du durch ein eine einem einen einer eines einige einmal er es etwa euch euer eure für gegen hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im in indem ins ist ja je jede jedem jeden jeder jedes jetzt kann kein keine können könnte man manche mehr mein meine mich mir mit muss müssen nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner seit sich sie sind so solche soll sollen sollte sondern sowie über um und uns unser unsere unter viel vom von vor während war waren was weil welche welchem welchen welcher welches wenn wer werden wie wir wird wo wurde wurden zu zum zur zwar zwischen z b bzw usw etc etwas statt gibt wohl meist meisten schon immer oft ganz eher zwei drei vier fünf sechs sieben acht neun zehn').split(' '),
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

/** A light English stemmer: enough to join word forms, never a dictionary. */
export function englishStem(word: string): string {
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

/** Index terms of one language. */
export interface Analyzer {
  /** One word (without apostrophes or hyphens) to its term; null drops it (MiniSearch's processTerm). */
  term(word: string): string | null;
  /** Index terms of a text, in order (repeats kept: term frequency matters). */
  terms(text: string): string[];
}

const LANGUAGES: Record<string, { stop: ReadonlySet<string>; stem: (word: string) => string }> = {
  en: { stop: ENGLISH_STOP, stem: englishStem },
  de: { stop: GERMAN_STOP, stem: germanStemmer },
};
const NONE: ReadonlySet<string> = new Set();
const analyzers = new Map<string, Analyzer>();

/** The analyzer of a language tag ("de-CH" uses German's); unknown languages are matched word by word. */
export function analyzerFor(language: string): Analyzer {
  const base = language.toLowerCase().split('-')[0]!;
  let analyzer = analyzers.get(base);
  if (!analyzer) {
    const { stop, stem } = LANGUAGES[base] ?? { stop: NONE, stem: (w: string) => w };
    // Memoised: catalogues repeat words.
    const stems = new Map<string, string>();
    const term = (word: string): string | null => {
      const t = word.toLowerCase();
      if (t.length < 2 || stop.has(t) || /^\d+$/.test(t)) return null;
      let known = stems.get(t);
      if (known === undefined) {
        known = t.length <= 3 ? t : stem(t);
        if (stems.size < 200_000) stems.set(t, known);
      }
      return known;
    };
    const terms = (text: string): string[] => {
      const out: string[] = [];
      for (const word of words(text)) {
        for (const part of word.split(/['’-]/)) {
          const t = term(part);
          if (t !== null) out.push(t);
        }
      }
      return out;
    };
    analyzer = { term, terms };
    analyzers.set(base, analyzer);
  }
  return analyzer;
}
