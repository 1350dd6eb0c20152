/** A seeded generator, uniform in [0, 1). */
export function seededRandom(seed: number): () => number;
