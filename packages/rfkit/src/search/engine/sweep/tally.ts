// The accumulators of one run: rf buckets (histogram, and the best point per rf for the Pareto
// front) and the top-list entries the host finds itself (at unaligned range ends).

import { betterAtRf } from '../../result/rank.js';

export interface Bucket {
  count: number;
  cost: number;
  index: number;
}

/** Largest rf interval kept as flat arrays (indexed by rf) instead of a map. */
const DENSE_RF_SPAN = 2 ** 16;

/**
 * The accumulators of one run: rf buckets (histogram + cheapest per rf) and top candidates found
 * by the host. Draining adds one bucket update per (key, feasible suffix group), the bulk of a
 * short run's host time, so a bounded rf interval uses flat arrays rather than a map.
 */
export class Tally {
  /** (cost, rf, index) triples from partial leaves; the kernel keeps its own heap. */
  readonly extra: number[] = [];
  private readonly map = new Map<number, Bucket>();
  private readonly base: number;
  private readonly count: Float64Array | undefined;
  private readonly cost: Float64Array | undefined;
  private readonly index: Float64Array | undefined;

  constructor(rfMin: number, rfMax: number) {
    this.base = rfMin;
    const span = rfMax - rfMin + 1;
    if (span >= 1 && span <= DENSE_RF_SPAN) {
      this.count = new Float64Array(span);
      this.cost = new Float64Array(span).fill(Number.POSITIVE_INFINITY);
      this.index = new Float64Array(span);
    }
  }

  add(rf: number, count: number, cost: number, index: number): void {
    if (this.count !== undefined) {
      const i = rf - this.base;
      const c0 = this.cost![i]!;
      if (this.count[i] === 0 || betterAtRf(cost, index, c0, this.index![i]!)) {
        this.cost![i] = cost;
        this.index![i] = index;
      }
      this.count[i]! += count;
      return;
    }
    const b = this.map.get(rf);
    if (b === undefined) this.map.set(rf, { count, cost, index });
    else {
      b.count += count;
      if (betterAtRf(cost, index, b.cost, b.index)) {
        b.cost = cost;
        b.index = index;
      }
    }
  }

  /** The non-empty buckets by ascending rf. */
  sorted(): (Bucket & { rf: number })[] {
    if (this.count === undefined) {
      return [...this.map.entries()].sort((a, b) => a[0] - b[0]).map(([rf, b]) => ({ rf, ...b }));
    }
    const out: (Bucket & { rf: number })[] = [];
    for (let i = 0; i < this.count.length; i++) {
      if (this.count[i] !== 0) {
        out.push({ rf: this.base + i, count: this.count[i]!, cost: this.cost![i]!, index: this.index![i]! });
      }
    }
    return out;
  }
}
