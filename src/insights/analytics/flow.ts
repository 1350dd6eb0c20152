/**
 * Minimum-cost flow by successive shortest paths (Dijkstra with potentials), stopping when no path
 * lowers the cost any more: the maximum-weight flow. Arcs may only point from a lower to a higher
 * node number when added (the graph starts as a DAG), which gives the first potentials in one pass.
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

  /** Arcs leaving a node with flow on them: [arc, head node]. */
  *used(from: number): Generator<[number, number]> {
    for (let e = this.head[from]!; e >= 0; e = this.next[e]!) if (e % 2 === 0 && this.cap[e + 1]! > 0) yield [e, this.to[e]!];
  }

  /** Sends flow from s to t while that lowers the total cost; returns the total cost. */
  run(s: number, t: number): number {
    const n = this.nodes;
    const pot = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    pot[s] = 0;
    for (let v = 0; v < n; v++) {
      if (pot[v] === Number.POSITIVE_INFINITY) continue;
      for (let e = this.head[v]!; e >= 0; e = this.next[e]!) if (this.cap[e]! > 0 && pot[v]! + this.cost[e]! < pot[this.to[e]!]!) pot[this.to[e]!] = pot[v]! + this.cost[e]!;
    }
    for (let v = 0; v < n; v++) if (pot[v] === Number.POSITIVE_INFINITY) pot[v] = 0;
    const dist = new Float64Array(n);
    const prev = new Int32Array(n);
    const done = new Uint8Array(n);
    const heap = new Heap();
    let total = 0;
    for (;;) {
      dist.fill(Number.POSITIVE_INFINITY);
      done.fill(0);
      prev.fill(-1);
      dist[s] = 0;
      heap.push(s, 0);
      while (heap.size > 0) {
        const v = heap.pop();
        if (done[v]) continue;
        done[v] = 1;
        if (v === t) break;
        for (let e = this.head[v]!; e >= 0; e = this.next[e]!) {
          if (this.cap[e]! <= 0) continue;
          const w = this.to[e]!;
          const d = dist[v]! + this.cost[e]! + pot[v]! - pot[w]!;
          if (d < dist[w]! - 1e-12) {
            dist[w] = d;
            prev[w] = e;
            heap.push(w, d);
          }
        }
      }
      heap.clear();
      if (!done[t]) break;
      const pathCost = dist[t]! + pot[t]! - pot[s]!;
      if (pathCost >= -1e-9) break;
      const dt = dist[t]!;
      for (let v = 0; v < n; v++) pot[v]! += done[v] ? dist[v]! : dt;
      let bottleneck = Number.POSITIVE_INFINITY;
      for (let v = t; v !== s; v = this.to[prev[v]! ^ 1]!) bottleneck = Math.min(bottleneck, this.cap[prev[v]!]!);
      for (let v = t; v !== s; v = this.to[prev[v]! ^ 1]!) {
        this.cap[prev[v]!]! -= bottleneck;
        this.cap[prev[v]! ^ 1]! += bottleneck;
      }
      total += bottleneck * pathCost;
    }
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
