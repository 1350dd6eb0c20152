/**
 * The first question without the engine. `pathway validate --write-stamp` and `pathway package`
 * precompute, for each way an assessment can start (current role, its usual target, rater), the
 * randomesque candidates of the first item and the progress shown with it (`firstQuestions` in
 * ./session.ts); the element shows that item at once, drawn as the engine draws it, and loads the engine
 * while the learner reads. Tiny on purpose: it is on the path to the first question.
 */
import { randomesqueDraw } from './random.js';

export interface FirstQuestion {
  /** The candidates of the first item, best first (ids). */
  items: string[];
  /** Expected number of questions, as `progress().expectedTotal` reports before the first answer. */
  expected: number;
  /** Seconds left, as `progress().secondsLeft` reports before the first answer. */
  seconds: number;
}

/** The lookup key of a starting configuration. */
export function firstQuestionKey(currentRole: string, targetRole: string, rater: string): string {
  return `${currentRole}|${targetRole}|${rater}`;
}

/** The first item's id for a session seed: the engine's own draw among the candidates. */
export function drawFirstItem(first: FirstQuestion, seed: number): string {
  return first.items[randomesqueDraw(seed, 0, first.items.length)]!;
}
