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
 * The exact largest total cost over all combinations: a DP over the cost states that keeps the
 * largest cost per state (the largest kernel of a layer costs the most with any stride).
 */
export function maxTotalCost(sweep: NormalizedSweep): number {
  const machine = costMachine(sweep);
  let states = new Map<string, { state: CostState; cost: number }>([
    [machine.key(machine.initial), { state: machine.initial, cost: 0 }],
  ]);
  for (const layer of sweep.layers) {
    const kMax = Math.max(...layer.kernel);
    const next = new Map<string, { state: CostState; cost: number }>();
    for (const { state, cost } of states.values()) {
      for (const s of layer.stride) {
        const r = machine.step(state, kMax, s);
        const key = machine.key(r.next);
        const total = cost + r.cost;
        const prev = next.get(key);
        if (prev === undefined || prev.cost < total) next.set(key, { state: r.next, cost: total });
      }
    }
    states = next;
  }
  let worst = 0;
  for (const { cost } of states.values()) worst = Math.max(worst, cost);
  return worst;
}
