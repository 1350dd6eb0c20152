/**
 * Turning a behavioural indicator ("Gives specific feedback within a day of the event.") into item
 * wording for the learner ("How often do you give specific feedback within a day of the event?") and
 * for an observer ("How often does this person give …?"). English only: indicators in other languages
 * are wrapped, not conjugated, and every draft is marked for an author to review.
 */

const IRREGULAR: Record<string, string> = { is: 'be', has: 'have', does: 'do', goes: 'go', says: 'say' };
// Only pronouns that always mean the person described ("their" alone may mean anyone's).
const SELF_PRONOUNS: [RegExp, string][] = [
  [/\btheir own\b/gi, 'your own'],
  [/\bthemselves\b/gi, 'yourself'],
  [/\bhis or her own\b/gi, 'your own'],
];

/** Verbs that often continue an indicator after "and" or a comma ("…, and asks the author …"). */
const COMMON_VERBS = ['asks', 'makes', 'takes', 'gives', 'keeps', 'checks', 'runs', 'marks', 'catches', 'explains', 'shares', 'sets', 'writes', 'uses', 'leads', 'helps', 'tells', 'plans', 'reviews', 'says', 'follows', 'invites', 'adjusts', 'agrees', 'brings', 'builds', 'chooses', 'admits', 'acts', 'names', 'notices', 'offers', 'owns', 'raises', 'seeks', 'spots', 'states', 'suggests', 'listens', 'learns', 'looks', 'changes', 'confirms', 'records', 'updates', 'escalates', 'recognises', 'recognizes', 'delegates', 'coaches', 'teaches', 'documents', 'measures', 'points', 'sets', 'works', 'prepares', 'reports'];

/** Third-person singular verb → base form ("gives" → "give", "tries" → "try", "coaches" → "coach"). */
export function baseForm(word: string): string {
  const lower = word.toLowerCase();
  if (IRREGULAR[lower]) return IRREGULAR[lower]!;
  if (/[^aeiou]ies$/.test(lower)) return lower.slice(0, -3) + 'y';
  if (/(ss|sh|ch|x|z|o)es$/.test(lower)) return lower.slice(0, -2);
  if (/[^su]s$/.test(lower)) return lower.slice(0, -1);
  return lower;
}

/**
 * Verbs of a model's indicators: their first words (third person, by construction of indicators) and
 * common ones, so verbs joined by "and" or a comma are conjugated too.
 */
export function verbsOf(texts: readonly string[]): Set<string> {
  const verbs = new Set(COMMON_VERBS);
  for (const t of texts) {
    const first = /^\s*([A-Za-z]+)/.exec(t)?.[1]?.toLowerCase();
    if (first && /[^s]s$/.test(first)) verbs.add(first);
  }
  return verbs;
}

/** The indicator as a verb phrase in base form, without its final full stop. */
function phrase(text: string, verbs: ReadonlySet<string>): string | undefined {
  const trimmed = text.trim().replace(/[.!;:]+$/, '');
  const m = /^([A-Za-z]+)(\b.*)$/s.exec(trimmed);
  if (!m) return undefined;
  const verb = m[1]!;
  // Only a third-person verb can be turned into a question; anything else is wrapped as a quote.
  if (!/s$/i.test(verb) || /ss$/i.test(verb)) return undefined;
  const rest = m[2]!.replace(/(,\s+and\s+|,?\s+then\s+|[,;:]\s+|\s+and\s+|\s+or\s+)([A-Za-z]+)\b/g, (all, joint: string, word: string) => (verbs.has(word.toLowerCase()) ? joint + baseForm(word) : all));
  return baseForm(verb) + rest;
}

export function selfStem(text: string, english: boolean, verbs: ReadonlySet<string> = verbsOf([])): string {
  const p = english ? phrase(text, verbs) : undefined;
  if (p === undefined) return english ? `How often does this describe you: “${text.trim()}”?` : text.trim();
  let out = p;
  for (const [pattern, replacement] of SELF_PRONOUNS) out = out.replace(pattern, replacement);
  return `How often do you ${out}?`;
}

export function observerStem(text: string, english: boolean, verbs: ReadonlySet<string> = verbsOf([])): string {
  const p = english ? phrase(text, verbs) : undefined;
  if (p === undefined) return english ? `How often does this describe this person: “${text.trim()}”?` : text.trim();
  return `How often does this person ${p}?`;
}

/** Anchored-choice stems; in languages other than English the competency's title alone. */
export function anchoredStems(title: string, english = true): { self: string; observer: string } {
  if (!english) return { self: title, observer: title };
  return {
    self: `Think of the last time “${title}” mattered in your work. Which description comes closest to what you did?`,
    observer: `Think of the last time “${title}” mattered in this person's work. Which description comes closest to what they did?`,
  };
}
