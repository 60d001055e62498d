// Which feasible combinations a result keeps: the ranking of the top list and the Pareto front of
// rf against cost. Engines, merging and JSON validation all rank through these functions (the
// kernels' top heaps apply the same order in their own code).

import type { Candidate } from '../../types.js';

/** What ranking looks at. `index` is a BigInt in results, a number inside the engines. */
export interface Ranked {
  cost: number;
  rf: number;
  index: bigint | number;
}

/** Ranking order: lower cost, then larger rf, then lower index. Negative when `a` ranks first. */
export function compareRanked(a: Ranked, b: Ranked): number {
  if (a.cost !== b.cost) return a.cost - b.cost;
  if (a.rf !== b.rf) return b.rf - a.rf;
  return a.index < b.index ? -1 : a.index > b.index ? 1 : 0;
}

/** compareRanked for candidates. */
export const compareCandidates: (a: Candidate, b: Candidate) => number = compareRanked;

/**
 * Whether (cost, index) is the better representative of an rf than (otherCost, otherIndex): the
 * cheaper, and of equal cost the lower index. The Pareto front and the histogram buckets keep, per
 * rf, the best point by this rule.
 */
export function betterAtRf(
  cost: number,
  index: number | bigint,
  otherCost: number,
  otherIndex: number | bigint,
) {
  return cost < otherCost || (cost === otherCost && index < otherIndex);
}

/**
 * The Pareto front from the best point of each rf (betterAtRf), sorted by rf ascending: the points
 * no larger rf reaches at a cost as low, rf ascending.
 */
export function frontOf<T extends { rf: number; cost: number }>(bestPerRf: readonly T[]): T[] {
  const front: T[] = [];
  let cheapest = Number.POSITIVE_INFINITY;
  for (let i = bestPerRf.length - 1; i >= 0; i--) {
    const p = bestPerRf[i]!;
    // Dominated iff some larger rf costs no more.
    if (p.cost < cheapest) {
      front.push(p);
      cheapest = p.cost;
    }
  }
  return front.reverse();
}

/**
 * The Pareto front of a set of feasible candidates: those no other candidate beats in larger rf and
 * lower cost (at least as good in both, better in one); one per (rf, cost) pair — the lowest
 * index — sorted by rf ascending. The union of the fronts of disjoint parts has the same front as
 * the whole, which is what makes shard results merge exactly.
 */
export function paretoFront(points: Iterable<Candidate>): Candidate[] {
  const best = new Map<number, Candidate>();
  for (const p of points) {
    const b = best.get(p.rf);
    if (b === undefined || betterAtRf(p.cost, p.index, b.cost, b.index)) best.set(p.rf, p);
  }
  return frontOf([...best.values()].sort((a, b) => a.rf - b.rf));
}
