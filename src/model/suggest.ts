/** Spelling suggestions, to turn a typo into a fix ("did you mean …?"). */

/**
 * Work allowed for suggestions in one validation, in edit-distance table cells (about 50 ms). A
 * suggestion is a courtesy: a model with many misspelt references among thousands of ids gets
 * suggestions for the first ones and plain messages for the rest, instead of minutes of work.
 */
export const SUGGESTION_BUDGET = 5_000_000;

/** What is left of a validation's suggestion work; shared by every `closest` call of that validation. */
export interface SuggestionBudget {
  cells: number;
}

/** The most similar known id, to turn a typo into a fix; undefined when none is close or the budget is spent. */
export function closest(target: string, candidates: Iterable<string>, budget: SuggestionBudget = { cells: SUGGESTION_BUDGET }): string | undefined {
  if (budget.cells <= 0) return undefined;
  const lower = target.toLowerCase();
  const list = [...candidates];
  const prefixed = list.find((c) => c.toLowerCase().startsWith(lower) || lower.startsWith(c.toLowerCase()));
  budget.cells -= list.length;
  if (prefixed !== undefined && Math.min(prefixed.length, target.length) >= 3) return prefixed;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(target.length / 3)) + 1;
  for (const candidate of list) {
    if (budget.cells <= 0) return undefined;
    if (Math.abs(candidate.length - target.length) >= bestDistance) continue;
    budget.cells -= (target.length + 1) * (candidate.length + 1);
    const d = editDistance(lower, candidate.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best;
}

function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, current[j]!);
    }
    // Every later row is at least this row's minimum: stop once the cap is out of reach.
    if (rowMin >= cap) return cap;
    previous = current;
  }
  return previous[b.length]!;
}
