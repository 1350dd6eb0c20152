/**
 * Short grid vectors carved out of shared blocks. Fusing one person makes hundreds of vectors of a
 * few dozen numbers that live briefly; a typed array of its own keeps its memory outside the JS heap,
 * which costs about five times as much to make and to collect as a view into a block (fusing
 * thousands of people for `pathway insights` was mostly that). Blocks are never reused: a vector is
 * zeroed when handed out and stays valid for as long as it is referenced.
 */
const BLOCK = 8192;
let block = new Float64Array(BLOCK);
let used = 0;

/** A zeroed vector of `n` numbers. */
export function vector(n: number): Float64Array {
  if (n > BLOCK / 8) return new Float64Array(n);
  if (used + n > BLOCK) {
    block = new Float64Array(BLOCK);
    used = 0;
  }
  const v = block.subarray(used, used + n);
  used += n;
  return v;
}

/** A copy of `values` as a vector. */
export function vectorOf(values: Float64Array): Float64Array {
  const v = vector(values.length);
  v.set(values);
  return v;
}
