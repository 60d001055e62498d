// The result of a DP run from its last layer, whose states are exactly the feasible final states:
// the histogram from their counts, the Pareto front from the best entry of each rf, the top list
// from their entries, and the indices of the candidates it reports — the keys themselves, or in
// ranked mode rebuilt through the layers' backpointers.

import type { Candidate, SweepResult } from '../../../types.js';
import type { Kernel } from '../../backend/kernel.js';
import { candidateMaker } from '../../result/build.js';
import { compareRanked, frontOf } from '../../result/rank.js';
import { spaceId } from '../../space/space-id.js';
import { currentLayer, type DpRegions } from './memory.js';
import type { DpPlan } from './plan.js';

interface Entry {
  cost: number;
  rf: number;
  /** The entry's key: its index, or its rank among the final prefixes. */
  index: number;
}

/** The index of the final prefix with key `key`. */
function indexOf(plan: DpPlan, backs: readonly Float64Array[], key: number): bigint {
  if (!plan.ranked) return BigInt(key);
  const digits: number[] = new Array(plan.layers.length);
  let rank = key;
  for (let l = plan.layers.length - 1; l >= 0; l--) {
    const C = plan.layers[l]!.c;
    const k = backs[l]![rank]!;
    const choice = k % C;
    digits[l] = choice;
    rank = (k - choice) / C;
  }
  let index = 0n;
  digits.forEach((d, l) => {
    index = index * BigInt(plan.layers[l]!.c) + BigInt(d);
  });
  return index;
}

/** The `k` best entries of per-state lists (each sorted by cost, then key), in ranking order. */
function bestEntries(lists: Iterable<Entry[]>, k: number): Entry[] {
  let pool: Entry[] = [];
  let worst: Entry | undefined;
  for (const list of lists) {
    for (const e of list) {
      // The rest of a list ranks after e (same rf, cost no lower, larger key).
      if (worst !== undefined && compareRanked(e, worst) >= 0) break;
      pool.push(e);
      if (pool.length >= 2 * k) {
        pool = pool.sort(compareRanked).slice(0, k);
        worst = pool[k - 1];
      }
    }
  }
  return pool.sort(compareRanked).slice(0, k);
}

export function assembleDp(
  plan: DpPlan,
  kernel: Kernel,
  regions: DpRegions,
  backs: readonly Float64Array[],
  t0: number,
): SweepResult {
  const { sweep, K, limbs } = plan;
  const layer = currentLayer(kernel, plan, regions);
  const scale = BigInt(plan.bits);
  const byRf = new Map<number, { count: bigint; best: Entry }>();
  const lists: Entry[][] = [];
  for (let s = 0; s < layer.states; s++) {
    const rf = layer.rf[s]!;
    let count = 0n;
    for (let i = limbs - 1; i >= 0; i--) count = (count << scale) + BigInt(layer.count[s * limbs + i]!);
    const list: Entry[] = [];
    for (let i = 0; i < layer.size[s]!; i++) {
      list.push({ cost: layer.cost[s * K + i]!, rf, index: layer.key[s * K + i]! });
    }
    lists.push(list);
    const head = list[0]!;
    const bin = byRf.get(rf);
    if (bin === undefined) byRf.set(rf, { count, best: head });
    else {
      bin.count += count;
      if (compareRanked(head, bin.best) < 0) bin.best = head;
    }
  }
  const bins = [...byRf.entries()].sort((a, b) => a[0] - b[0]);
  let feasible = 0n;
  const histogram = bins.map(([rf, bin]) => {
    feasible += bin.count;
    return { rf, count: bin.count };
  });
  const make = candidateMaker(sweep);
  const candidate = (e: Entry): Candidate => make(e.cost, e.rf, indexOf(plan, backs, e.index));
  const top = bestEntries(lists, sweep.top).map(candidate);
  const pareto = frontOf(bins.map(([, bin]) => bin.best)).map(candidate);
  return {
    evaluated: sweep.total,
    feasible,
    top,
    pareto,
    histogram,
    warnings: [],
    engine: 'dp',
    backend: kernel.backend,
    elapsedMs: performance.now() - t0,
    range: { start: 0n, end: sweep.total },
    complete: true,
    nextIndex: sweep.total,
    total: sweep.total,
    spaceId: spaceId(sweep),
  };
}
