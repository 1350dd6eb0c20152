/**
 * Display order of an item's options. Behavioural anchors and courses of action are shuffled, so the
 * most effective answer is not always in the same place (or last, as levels ascend); the order is
 * fixed by the session seed and the item id, so it is the same after a reload. Responses always use
 * the model's option indices.
 */
import type { Item } from '../../src/model/types.js';

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function optionOrder(item: Item, seed: string): number[] {
  const count = item.type === 'anchored' || item.type === 'situational' || item.type === 'forced-choice' ? item.options.length : 0;
  const order = Array.from({ length: count }, (_, i) => i);
  const random = generator(hash(`${seed}:${item.id}`));
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
