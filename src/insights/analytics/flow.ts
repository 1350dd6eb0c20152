/**
 * Minimum-cost flow by successive shortest paths (Dijkstra with potentials), for networks where
 * every source sends one unit to the sink. Arcs may only point from a lower to a higher node number
 * when added (the graph starts as a DAG), which gives the first potentials in one pass.
 */
export class MinCostFlow {
  private to: number[] = [];
  private cap: number[] = [];
  private cost: number[] = [];
  private next: number[] = [];
  private head: Int32Array;

  constructor(readonly nodes: number) {
    this.head = new Int32Array(nodes).fill(-1);
  }

  /** Adds an arc from → to (from < to) and its residual twin; returns the arc's number. */
  add(from: number, to: number, capacity: number, cost: number): number {
    if (from >= to) throw new RangeError('arcs must point to a higher node number');
    const e = this.to.length;
    this.to.push(to, from);
    this.cap.push(capacity, 0);
    this.cost.push(cost, -cost);
    this.next.push(this.head[from]!, this.head[to]!);
    this.head[from] = e;
    this.head[to] = e + 1;
    return e;
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
    // Typed copies for the searches: the arrays were only grown while arcs were added.
    const to = Int32Array.from(this.to);
    const next = Int32Array.from(this.next);
    const cost = Float64Array.from(this.cost);
    const cap = Int32Array.from(this.cap);
    const head = this.head;
    const pot = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    for (const s of sources) pot[s] = 0;
    for (let v = 0; v < n; v++) {
      if (pot[v] === Number.POSITIVE_INFINITY) continue;
      for (let e = head[v]!; e >= 0; e = next[e]!) if (cap[e]! > 0 && pot[v]! + cost[e]! < pot[to[e]!]!) pot[to[e]!] = pot[v]! + cost[e]!;
    }
    for (let v = 0; v < n; v++) if (pot[v] === Number.POSITIVE_INFINITY) pot[v] = 0;
    const dist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    const prev = new Int32Array(n).fill(-1);
    const done = new Uint8Array(n);
    const touched: number[] = [];
    const heap = new Heap();
    for (const s of sources) {
      dist[s] = 0;
      touched.push(s);
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
        for (let e = head[v]!; e >= 0; e = next[e]!) {
          if (cap[e]! <= 0) continue;
          const w = to[e]!;
          const d = dist[v]! + cost[e]! + pot[v]! - pot[w]!;
          if (d < dist[w]! - 1e-12) {
            if (dist[w] === Number.POSITIVE_INFINITY) touched.push(w);
            dist[w] = d;
            prev[w] = e;
            heap.push(w, d);
          }
        }
      }
      heap.clear();
      if (!done[t]) throw new RangeError(`node ${s} cannot reach the sink`);
      const dt = dist[t]!;
      for (const v of touched) if (done[v]) pot[v]! += dist[v]! - dt;
      for (let v = t; v !== s; v = to[prev[v]! ^ 1]!) {
        cap[prev[v]!]! -= 1;
        cap[prev[v]! ^ 1]! += 1;
      }
      for (const v of touched) {
        dist[v] = Number.POSITIVE_INFINITY;
        prev[v] = -1;
        done[v] = 0;
      }
      touched.length = 0;
    }
    this.cap = Array.from(cap);
    let total = 0;
    for (let e = 0; e < to.length; e += 2) total += cap[e + 1]! * cost[e]!;
    return total;
  }
}

/** A binary min-heap of (node, key) with lazy deletion. */
class Heap {
  private nodes: number[] = [];
  private keys: number[] = [];
  get size(): number {
    return this.nodes.length;
  }
  topKey(): number {
    return this.keys[0]!;
  }
  clear(): void {
    this.nodes.length = 0;
    this.keys.length = 0;
  }
  push(node: number, key: number): void {
    const a = this.nodes;
    const k = this.keys;
    let i = a.length;
    a.push(node);
    k.push(key);
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
    const lastNode = a.pop()!;
    const lastKey = k.pop()!;
    const n = a.length;
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
