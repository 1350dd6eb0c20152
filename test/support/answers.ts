// Test helpers for the assessment engine: answers at a chosen height, and running a session to its end.
import type { AssessmentSession, Response } from '../../src/assessment/types.js';
import type { Item, Model } from '../../src/model/types.js';

/** An answer at relative height `x` (0 = lowest level / least effective option, 1 = highest / most effective). */
export function answerAt(model: Model, itemId: string, x: number): Response {
  const item = model.items.find((i) => i.id === itemId)!;
  const pick = (n: number): number => Math.round(x * (n - 1));
  const byValue = (values: number[]): number[] =>
    values
      .map((v, k) => [v, k] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, k]) => k);
  switch (item.type) {
    case 'frequency':
      return { item: itemId, choice: pick(model.frequencyScale?.length ?? 5) };
    case 'anchored':
      return { item: itemId, choice: byValue(item.options.map((o) => o.level))[pick(item.options.length)]! };
    case 'evidence':
      return { item: itemId, choice: byValue(item.rubric.map((r) => r.level))[pick(item.rubric.length)]! };
    case 'forced-choice':
      // The option of the item's own competency when x ≥ 0.5.
      return { item: itemId, choice: (x >= 0.5) === ((item.options[0].competency ?? item.competency) === item.competency) ? 0 : 1 };
    case 'situational': {
      const order = byValue(item.options.map((o) => o.effectiveness));
      if (item.format === 'best') return { item: itemId, choice: order[pick(order.length)]! };
      if (item.format === 'most-least') {
        return x >= 0.5 ? { item: itemId, most: order[order.length - 1]!, least: order[0]! } : { item: itemId, most: order[0]!, least: order[order.length - 1]! };
      }
      const effective = item.options.map((o) => o.effectiveness);
      const mean = effective.reduce((s, e) => s + e, 0) / effective.length;
      return { item: itemId, ratings: effective.map((e) => Math.min(5, Math.max(1, Math.round(3 + (x - 0.5) * 2 * (e - mean))))) };
    }
  }
}

/** Runs a session to the end with answers at the height `policy` gives; returns the items asked in order. */
export function runAll(session: AssessmentSession, model: Model, policy: (item: Item, n: number) => number): string[] {
  const asked: string[] = [];
  for (let step = session.next(); step; step = session.next()) {
    asked.push(step.itemId);
    session.answer(answerAt(model, step.itemId, policy(model.items.find((i) => i.id === step.itemId)!, asked.length)));
  }
  return asked;
}
