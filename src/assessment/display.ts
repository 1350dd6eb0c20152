/**
 * Display order of an item's options. Unordered choices (behavioural anchors, situational options,
 * the two behaviours of a forced choice) are shuffled so that position gives nothing away; ordered
 * scales (frequency, rubric levels) keep their order. Deterministic for an item and a seed, so a
 * resumed session shows the same order. Responses always use the model's option indices.
 */
import type { Item } from '../model/types.js';
import { hash32, mixSeed, Random } from './random.js';

/** Model option indices in the order to show them (`frequencyLabels`: the model's frequency scale length). */
export function displayOrder(item: Item, seed: number, frequencyLabels = 5): number[] {
  const n = item.type === 'anchored' || item.type === 'situational' || item.type === 'forced-choice' ? item.options.length : 0;
  if (n === 0) {
    const length = item.type === 'evidence' ? item.rubric.length : frequencyLabels;
    return Array.from({ length }, (_, k) => k);
  }
  const order = Array.from({ length: n }, (_, k) => k);
  const rng = new Random(mixSeed(seed, hash32(item.id)));
  for (let k = n - 1; k > 0; k--) {
    const j = rng.below(k + 1);
    [order[k], order[j]] = [order[j]!, order[k]!];
  }
  return order;
}
