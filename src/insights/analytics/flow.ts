/**
 * Minimum-cost flow by successive shortest paths (Dijkstra with potentials), for networks where
 * every source sends one unit to the sink. Arcs may only point from a lower to a higher node number
 * when added (the graph starts as a DAG), which gives the first potentials in one pass.
 */
export class MinCostFlow {
  // Arc e and its residual twin e ^ 1, in growing typed arrays (`arcs` of them in use).
  private from = new Int32Array(256);
  private to = new Int32Array(256);
  private cap = new Int32Array(256);
  private cost = new Float64Array(256);
  private arcs = 0;

  constructor(readonly nodes: number) {}

  /** Adds an arc from → to (from < to) and its residual twin; returns the arc's number. */
  add(from: number, to: number, capacity: number, cost: number): number {
    if (from >= to) throw new RangeError('arcs must point to a higher node number');
    const e = this.arcs;
    if (e + 2 > this.to.length) this.grow();
    this.from[e] = from;
    this.to[e] = to;
    this.cap[e] = capacity;
    this.cost[e] = cost;
    this.from[e + 1] = to;
    this.to[e + 1] = from;
    this.cap[e + 1] = 0;
    this.cost[e + 1] = -cost;
    this.arcs = e + 2;
    return e;
  }

  private grow(): void {
    const size = this.to.length * 2;
    this.from = copiedInto(this.from, new Int32Array(size));
    this.to = copiedInto(this.to, new Int32Array(size));
    this.cap = copiedInto(this.cap, new Int32Array(size));
    this.cost = copiedInto(this.cost, new Float64Array(size));
  }

  /** Flow on an arc added by `add`. */
  flow(arc: number): number {
    return this.cap[arc + 1]!;
  }

  /**
   * Sends one unit from each source to t, one source at a time, each along a shortest path found by
   * Dijkstra from that source alone (stopped when t is settled). Every source must be able to reach t
   * (give each one a bypass arc to t). The result is the minimum-cost flow that routes every unit:
   * the order of the sources does not matter, because potentials keep every residual arc's reduced
   * cost non-negative (only the nodes a search settled move, by dist − dist(t), which shifts all
   * others by a constant). A search from one source touches its neighbourhood, not the whole graph.
   */
  assign(sources: readonly number[], t: number): number {
    const n = this.nodes;
    const m = this.arcs;
    // The arcs laid out node by node (compressed rows), each node's newest first: the order in which
    // the searches have always relaxed them (they were kept as lists, each new arc at the head), now
    // read from consecutive memory. `at[e]` is arc e's place, `twin[i]` the place of the residual
    // twin of the arc at place i.
    const first = new Int32Array(n + 1);
    for (let e = 0; e < m; e++) first[this.from[e]! + 1]! += 1;
    for (let v = 0; v < n; v++) first[v + 1]! += first[v]!;
    const fill = first.slice(0, n);
    const at = new Int32Array(m);
    for (let e = m - 1; e >= 0; e--) at[e] = fill[this.from[e]!]!++;
    const to = new Int32Array(m);
    const cost = new Float64Array(m);
    const cap = new Int32Array(m);
    const twin = new Int32Array(m);
    for (let e = 0; e < m; e++) {
      const i = at[e]!;
      to[i] = this.to[e]!;
      cost[i] = this.cost[e]!;
      cap[i] = this.cap[e]!;
      twin[i] = at[e ^ 1]!;
    }
    const pot = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    for (const s of sources) pot[s] = 0;
    for (let v = 0; v < n; v++) {
      if (pot[v] === Number.POSITIVE_INFINITY) continue;
      for (let i = first[v]!, end = first[v + 1]!; i < end; i++) if (cap[i]! > 0 && pot[v]! + cost[i]! < pot[to[i]!]!) pot[to[i]!] = pot[v]! + cost[i]!;
    }
    for (let v = 0; v < n; v++) if (pot[v] === Number.POSITIVE_INFINITY) pot[v] = 0;
    const dist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    const prev = new Int32Array(n).fill(-1);
    const done = new Uint8Array(n);
    const touched = new Int32Array(n);
    let touchedCount = 0;
    const heap = new Heap();
    for (const s of sources) {
      dist[s] = 0;
      touched[touchedCount++] = s;
      heap.push(s, 0);
      while (heap.size > 0) {
        // t is settled once nothing in the heap is nearer: nodes exactly as far as t are left alone
        // (they could not shorten t's path by the 1e-12 a relaxation needs, and their potential would not move).
        if (dist[t]! <= heap.topKey()) {
          done[t] = 1;
          break;
        }
        const v = heap.pop();
        if (done[v]) continue;
        done[v] = 1;
        if (v === t) break;
        const dv = dist[v]!;
        const pv = pot[v]!;
        for (let i = first[v]!, end = first[v + 1]!; i < end; i++) {
          if (cap[i]! <= 0) continue;
          const w = to[i]!;
          const d = dv + cost[i]! + pv - pot[w]!;
          if (d < dist[w]! - 1e-12) {
            if (dist[w] === Number.POSITIVE_INFINITY) touched[touchedCount++] = w;
            dist[w] = d;
            prev[w] = i;
            heap.push(w, d);
          }
        }
      }
      heap.clear();
      if (!done[t]) throw new RangeError(`node ${s} cannot reach the sink`);
      const dt = dist[t]!;
      for (let k = 0; k < touchedCount; k++) {
        const v = touched[k]!;
        if (done[v]) pot[v]! += dist[v]! - dt;
      }
      for (let v = t; v !== s; ) {
        const i = prev[v]!;
        cap[i]! -= 1;
        cap[twin[i]!]! += 1;
        v = to[twin[i]!]!;
      }
      for (let k = 0; k < touchedCount; k++) {
        const v = touched[k]!;
        dist[v] = Number.POSITIVE_INFINITY;
        prev[v] = -1;
        done[v] = 0;
      }
      touchedCount = 0;
    }
    for (let e = 0; e < m; e++) this.cap[e] = cap[at[e]!]!;
    let total = 0;
    for (let e = 0; e < m; e += 2) total += this.cap[e + 1]! * this.cost[e]!;
    return total;
  }
}

/** A binary min-heap of (node, key) with lazy deletion, in typed arrays that double when full. */
class Heap {
  private nodes = new Int32Array(1024);
  private keys = new Float64Array(1024);
  size = 0;
  topKey(): number {
    return this.keys[0]!;
  }
  clear(): void {
    this.size = 0;
  }
  push(node: number, key: number): void {
    if (this.size === this.nodes.length) {
      const nodes = new Int32Array(this.size * 2);
      nodes.set(this.nodes);
      this.nodes = nodes;
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      this.keys = keys;
    }
    const a = this.nodes;
    const k = this.keys;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (k[p]! <= key) break;
      a[i] = a[p]!;
      k[i] = k[p]!;
      i = p;
    }
    a[i] = node;
    k[i] = key;
  }
  pop(): number {
    const a = this.nodes;
    const k = this.keys;
    const top = a[0]!;
    const n = --this.size;
    const lastNode = a[n]!;
    const lastKey = k[n]!;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && k[c + 1]! < k[c]!) c++;
        if (k[c]! >= lastKey) break;
        a[i] = a[c]!;
        k[i] = k[c]!;
        i = c;
      }
      a[i] = lastNode;
      k[i] = lastKey;
    }
    return top;
  }
}

/** `larger` with `values` copied to its start. */
function copiedInto<T extends Int32Array | Float64Array>(values: T, larger: T): T {
  larger.set(values);
  return larger;
}
