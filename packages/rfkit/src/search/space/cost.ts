// The objectives: channels, the cost of one layer, and the cost-state machine every engine carries
// along a prefix. Engines and backends may restructure the arithmetic for speed (tables, SIMD), but
// take their numbers from here.
//
// Cost depends on a prefix only through a small "cost state": nothing (kernel-area), the number of
// strided layers so far capped where channels stop growing (params), and additionally H =
// ceil(inputSize / jump) (flops; ceil(ceil(n/a)/b) = ceil(n/(ab))).

import type { NormalizedSweep, Objective } from '../../types.js';

/**
 * `table[n]` = channels after a layer when n layers up to and including it have stride > 1:
 * `min(base · growth^n, max)`, for n = 0…depth. Iterating with the cap keeps every entry exact
 * (growth^n alone could overflow long before the cap applies).
 */
export function channelTable(sweep: Pick<NormalizedSweep, 'depth' | 'channels'>): number[] {
  const { base, growth, max } = sweep.channels;
  const table: number[] = [Math.min(base, max)];
  for (let n = 1; n <= sweep.depth; n++) table.push(Math.min(table[n - 1]! * growth, max));
  return table;
}

/**
 * Cost of one layer. `cPrev`/`cCur` are C_{l−1}/C_l, `h` is the layer's output size H_l
 * (only `flops` reads it).
 */
export function layerCost(
  objective: Objective,
  kernel: number,
  cPrev: number,
  cCur: number,
  h: number,
): number {
  const area = kernel * kernel;
  if (objective === 'kernel-area') return area;
  if (objective === 'params') return area * cPrev * cCur;
  return area * cPrev * cCur * h * h;
}

/** What the cost of the layers after a prefix depends on. */
export interface CostState {
  /** C_{l−1} entering the layer. */
  cPrev: number;
  /** Strided layers so far, capped where channels stop changing (0 for kernel-area). */
  n: number;
  /** Size entering the layer (flops only, else 0). */
  h: number;
}

export interface CostMachine {
  initial: CostState;
  /** The state after one more layer, and that layer's cost. */
  step(state: CostState, kernel: number, stride: number): { next: CostState; cost: number };
  /** Equal keys for states from which every suffix costs the same. */
  key(state: CostState): string;
}

/** The cost-state machine of a sweep's objective. */
export function costMachine(sweep: NormalizedSweep): CostMachine {
  const table = channelTable(sweep);
  const objective = sweep.objective;
  const last = table[table.length - 1]!;
  let nCap = 0;
  while (table[nCap] !== last) nCap++;
  const tracksN = objective !== 'kernel-area';
  const tracksH = objective === 'flops';
  return {
    initial: { cPrev: sweep.channels.in, n: 0, h: tracksH ? sweep.inputSize! : 0 },
    step(st, kernel, stride) {
      const n = tracksN ? Math.min(st.n + (stride > 1 ? 1 : 0), nCap) : 0;
      const cCur = table[n]!;
      const h = tracksH ? Math.ceil(st.h / stride) : 0;
      return { next: { cPrev: cCur, n, h }, cost: layerCost(objective, kernel, st.cPrev, cCur, h) };
    },
    // cPrev follows from n after the first layer, and the states of one layer are only compared
    // with each other.
    key: (st) => `${st.n},${st.h}`,
  };
}

/**
 * An upper bound of every combination's total cost, in O(depth): each layer's cost with its
 * largest kernel, the channels as if every layer so far had been strided (channels never shrink)
 * and the size as if every layer had taken its smallest stride.
 */
export function totalCostBound(sweep: NormalizedSweep): number {
  const table = channelTable(sweep);
  let cPrev = sweep.channels.in;
  let h = sweep.inputSize ?? 0;
  let total = 0;
  sweep.layers.forEach((layer, l) => {
    const cCur = table[l + 1]!;
    h = Math.ceil(h / minOf(layer.stride));
    total += layerCost(sweep.objective, maxOf(layer.kernel), cPrev, cCur, h);
    cPrev = cCur;
  });
  return total;
}

/** States the exact maximum keeps per layer before it settles for totalCostBound. */
const MAX_COST_STATES = 2 ** 14;

/**
 * The exact largest total cost over all combinations, or null where it would keep more than
 * MAX_COST_STATES states in a layer. A DP over the cost states that keeps the largest cost per
 * state (the largest kernel of a layer costs the most with any stride). A state is dropped when
 * another has at least its strided-layer count, size and cost: the cost still to come only grows
 * with the channels and the size, so it can never end above that one.
 */
export function maxTotalCost(sweep: NormalizedSweep): number | null {
  const machine = costMachine(sweep);
  let states: { state: CostState; cost: number }[] = [{ state: machine.initial, cost: 0 }];
  for (const layer of sweep.layers) {
    const kMax = maxOf(layer.kernel);
    const best = new Map<string, { state: CostState; cost: number }>();
    for (const { state, cost } of states) {
      for (const s of layer.stride) {
        const r = machine.step(state, kMax, s);
        const key = machine.key(r.next);
        const total = cost + r.cost;
        const prev = best.get(key);
        if (prev === undefined || prev.cost < total) best.set(key, { state: r.next, cost: total });
      }
    }
    states = undominated([...best.values()]);
    if (states.length > MAX_COST_STATES) return null;
  }
  let worst = 0;
  for (const { cost } of states) worst = Math.max(worst, cost);
  return worst;
}

/** The states no other state matches or beats in strided layers, size and cost. */
function undominated(states: { state: CostState; cost: number }[]): { state: CostState; cost: number }[] {
  // n descending, then h descending, then cost descending: a state's dominators all come before it.
  states.sort((a, b) => b.state.n - a.state.n || b.state.h - a.state.h || b.cost - a.cost);
  // Sizes in descending order; best[i] (a Fenwick tree of maxima) answers "the largest cost kept
  // so far with a size >= sizes[i]" in O(log).
  const sizes = [...new Set(states.map((x) => x.state.h))].sort((a, b) => b - a);
  const rank = new Map(sizes.map((h, i) => [h, i + 1]));
  const best = new Array<number>(sizes.length + 1).fill(Number.NEGATIVE_INFINITY);
  const kept: { state: CostState; cost: number }[] = [];
  for (const x of states) {
    const r = rank.get(x.state.h)!;
    let top = Number.NEGATIVE_INFINITY;
    for (let i = r; i > 0; i -= i & -i) top = Math.max(top, best[i]!);
    if (top >= x.cost) continue;
    kept.push(x);
    for (let i = r; i < best.length; i += i & -i) best[i] = Math.max(best[i]!, x.cost);
  }
  return kept;
}

function maxOf(list: readonly number[]): number {
  let m = Number.NEGATIVE_INFINITY;
  for (const x of list) if (x > m) m = x;
  return m;
}

function minOf(list: readonly number[]): number {
  let m = Number.POSITIVE_INFINITY;
  for (const x of list) if (x < m) m = x;
  return m;
}
