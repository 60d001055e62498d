// The tables both backends sweep with: the space is split into prefix layers, walked one prefix
// ("leaf") at a time, and suffix layers, folded into tables computed here once per search.
//
// Cost depends on a prefix only through a small cost state (space/cost.ts). The prefix layers carry
// that state through transition tables; the suffix tables hold one cost per (leaf state, suffix
// entry).
//
// Holes (space/holes.ts): a prefix layer is dense iff gap·J ≤ rf before it, so each level carries
// its choices' tap gaps (0 where holes are allowed) and the walk prunes a prefix at its first
// gridded layer. A suffix entry after a leaf (J, rf) is dense iff rf ≥ J·T, one threshold T per
// entry, so entries are grouped by (stride product, R, T) and a leaf skips the groups above its rf/J.

import type { LayerChoice, NormalizedSweep } from '../../../types.js';
import { choiceLists } from '../../space/choices.js';
import { type CostState, costMachine } from '../../space/cost.js';
import { largestJump } from '../../space/extremes.js';
import { reachOf, spread } from '../../space/geometry.js';
import { densityNeed, tapGap } from '../../space/holes.js';

/** Tuning knobs (tests shrink them to exercise every path on small spaces). */
export interface PlanOptions {
  /** Largest number of suffix combinations folded into the tables. Default 16384. */
  maxSuffixEntries?: number;
  /** Largest number of (leaf state × suffix entry) costs kept. Default 2^22. */
  maxCostCells?: number;
}

export const DEFAULT_MAX_SUFFIX_ENTRIES = 16384;
const DEFAULT_MAX_COST_CELLS = 2 ** 22;

/** One prefix layer: per-choice steps and the cost-state machine, plus bounds for pruning. */
export interface LevelPlan {
  /** Choices of this layer. */
  c: number;
  /** d·(k−1) per choice. */
  a: Float64Array;
  /** Stride per choice. */
  s: Float64Array;
  /** Tap gap per choice (d for k > 1, else 0; 0 for every choice where holes are allowed): dense iff g·J ≤ rf. */
  g: Float64Array;
  /** Cost states entering this layer. */
  states: number;
  /** Next cost state per (state, choice). */
  t: Int32Array;
  /** Layer cost per (state, choice). */
  lc: Float64Array;
  /** Leaves below one choice of this layer. */
  sub: number;
  /** Least rf growth of the later layers per unit of jump. */
  restA: number;
  /** Largest rf growth of the later layers per unit of jump. */
  restM: number;
  /** Smallest / largest stride product of the later layers. */
  restSmin: number;
  restSmax: number;
}

export interface Plan {
  sweep: NormalizedSweep;
  /** Choices per layer. */
  radix: number[];
  /** Prefix layers (walked) and suffix entries (tabulated); total = leaves · E. */
  P: number;
  E: number;
  leaves: number;
  levels: LevelPlan[];
  /** Cost states after the prefix. */
  leafStates: number;
  /** Distinct suffix stride products, ascending, with their group ranges. */
  blockS: Float64Array;
  blockG0: Int32Array;
  blockG1: Int32Array;
  /** Groups of suffix entries with equal (stride product, R, T), R then T ascending within a block. */
  gR: Float64Array;
  /** Density threshold of each group: dense after a leaf (J, rf) iff J·T ≤ rf (0: always). */
  gT: Float64Array;
  gCount: Float64Array;
  gP0: Int32Array;
  gP1: Int32Array;
  /** Suffix index at each position (positions sorted by stride, R, index) and the inverse. */
  posE: Int32Array;
  ePos: Int32Array;
  /** Per suffix index: rf growth factor R (rf = rf_leaf + J·R), stride product and density threshold. */
  eR: Float64Array;
  eS: Float64Array;
  eT: Float64Array;
  /** Suffix cost per (leaf state, position). */
  costG: Float64Array;
  /** Per (leaf state, group): cheapest suffix cost and the lowest suffix index with it. */
  gMin: Float64Array;
  gMinE: Int32Array;
  /**
   * The groups of one (stride product, R) — a run, T ascending — that a leaf keeps dense are a
   * prefix of the run. For the host's draining: the end of each group's run, and per group the
   * count and cheapest suffix (cost, then lowest index) of its run up to and including it.
   */
  gRunEnd: Int32Array;
  gCountUpTo: Float64Array;
  gMinUpTo: Float64Array;
  gMinEUpTo: Int32Array;
  rfMin: number;
  rfMax: number;
  /** Required total stride, 0 without. */
  target: number;
  /** Largest total stride with ceil(inputSize/stride) ≥ minOutput, Infinity without. */
  jMax: number;
}

/** Cost states reachable after each prefix layer, and the transitions between them. */
function prefixStates(sweep: NormalizedSweep, lists: LayerChoice[][], P: number) {
  const { initial, step, key: keyOf } = costMachine(sweep);
  let states: CostState[] = [initial];
  const trans: { t: Int32Array; lc: Float64Array; states: number }[] = [];
  for (let l = 0; l < P; l++) {
    const choices = lists[l]!;
    const c = choices.length;
    const next: CostState[] = [];
    const ids = new Map<string, number>();
    const t = new Int32Array(states.length * c);
    const lc = new Float64Array(states.length * c);
    states.forEach((st, i) => {
      for (let ch = 0; ch < c; ch++) {
        const { kernel, stride } = choices[ch]!;
        const r = step(st, kernel, stride);
        const key = keyOf(r.next);
        let id = ids.get(key);
        if (id === undefined) {
          id = next.length;
          ids.set(key, id);
          next.push(r.next);
        }
        t[i * c + ch] = id;
        lc[i * c + ch] = r.cost;
      }
    });
    trans.push({ t, lc, states: states.length });
    states = next;
  }
  return { trans, leafStates: states, step };
}

/** Builds the tables for a sweep. */
export function buildPlan(sweep: NormalizedSweep, options: PlanOptions = {}): Plan {
  const maxEntries = options.maxSuffixEntries ?? DEFAULT_MAX_SUFFIX_ENTRIES;
  const maxCells = options.maxCostCells ?? DEFAULT_MAX_COST_CELLS;
  const lists = choiceLists(sweep);
  const radix = lists.map((l) => l.length);
  const L = sweep.depth;

  // As many trailing layers as fit into the suffix tables.
  let m = 0;
  let E = 1;
  while (m < L && E * radix[L - 1 - m]! <= maxEntries) {
    E *= radix[L - 1 - m]!;
    m++;
  }
  let P = L - m;
  let ps = prefixStates(sweep, lists, P);
  while (m > 0 && ps.leafStates.length * E > maxCells) {
    m--;
    E /= radix[P]!;
    P++;
    ps = prefixStates(sweep, lists, P);
  }

  // Bounds over the layers after each layer (used to prune prefixes that cannot become feasible).
  const reach = reachOf(lists);

  const levels: LevelPlan[] = [];
  let sub = 1;
  const subs = new Array<number>(P).fill(1);
  for (let l = P - 1; l >= 0; l--) {
    subs[l] = sub;
    sub *= radix[l]!;
  }
  const leaves = sub;
  const holes = sweep.holes === 'none';
  for (let l = 0; l < P; l++) {
    const choices = lists[l]!;
    const c = choices.length;
    const a = Float64Array.from(choices, spread);
    const s = Float64Array.from(choices, (choice) => choice.stride);
    const g = Float64Array.from(choices, (choice) => (holes ? tapGap(choice) : 0));
    const tr = ps.trans[l]!;
    levels.push({
      c,
      a,
      s,
      g,
      states: tr.states,
      t: tr.t,
      lc: tr.lc,
      sub: subs[l]!,
      restA: reach.growLo[l + 1]!,
      restM: reach.growHi[l + 1]!,
      restSmin: reach.strideLo[l + 1]!,
      restSmax: reach.strideHi[l + 1]!,
    });
  }

  // Suffix entries: e in mixed radix over layers P…L−1 (layer P most significant).
  const eR = new Float64Array(E);
  const eS = new Float64Array(E);
  const eT = new Float64Array(E);
  const leafStates = ps.leafStates.length;
  const costE = new Float64Array(leafStates * E);
  // T: the largest density need of the entry's layers relative to the leaf (0 when holes are allowed).
  const walkGeometry = (l: number, e: number, r: number, j: number, t: number): void => {
    if (l === L) {
      eR[e] = r;
      eS[e] = j;
      eT[e] = t;
      return;
    }
    lists[l]!.forEach((choice, ch) => {
      const need = holes ? Math.max(t, densityNeed(choice, j, r)) : 0;
      walkGeometry(l + 1, e * radix[l]! + ch, r + spread(choice) * j, j * choice.stride, need);
    });
  };
  walkGeometry(P, 0, 0, 1, 0);
  ps.leafStates.forEach((state, st) => {
    const walkCost = (l: number, e: number, cs: typeof state, cost: number): void => {
      if (l === L) {
        costE[st * E + e] = cost;
        return;
      }
      lists[l]!.forEach((choice, ch) => {
        const r = ps.step(cs, choice.kernel, choice.stride);
        walkCost(l + 1, e * radix[l]! + ch, r.next, cost + r.cost);
      });
    };
    walkCost(P, 0, state, 0);
  });

  const order = Array.from({ length: E }, (_, i) => i);
  order.sort((x, y) => eS[x]! - eS[y]! || eR[x]! - eR[y]! || eT[x]! - eT[y]! || x - y);
  const posE = Int32Array.from(order);
  const ePos = new Int32Array(E);
  order.forEach((e, pos) => {
    ePos[e] = pos;
  });

  const gRList: number[] = [];
  const gTList: number[] = [];
  const gP0List: number[] = [];
  const blockSList: number[] = [];
  const blockG0List: number[] = [];
  for (let pos = 0; pos < E; pos++) {
    const e = order[pos]!;
    const prev = pos > 0 ? order[pos - 1]! : -1;
    const newBlock = prev < 0 || eS[prev] !== eS[e];
    if (newBlock) {
      blockSList.push(eS[e]!);
      blockG0List.push(gRList.length);
    }
    if (newBlock || eR[prev] !== eR[e] || eT[prev] !== eT[e]) {
      gRList.push(eR[e]!);
      gTList.push(eT[e]!);
      gP0List.push(pos);
    }
  }
  const ng = gRList.length;
  const nb = blockSList.length;
  const gP0 = Int32Array.from(gP0List);
  const gP1 = new Int32Array(ng);
  for (let g = 0; g < ng; g++) gP1[g] = g + 1 < ng ? gP0[g + 1]! : E;
  const gCount = new Float64Array(ng);
  for (let g = 0; g < ng; g++) gCount[g] = gP1[g]! - gP0[g]!;
  const blockG0 = Int32Array.from(blockG0List);
  const blockG1 = new Int32Array(nb);
  for (let b = 0; b < nb; b++) blockG1[b] = b + 1 < nb ? blockG0[b + 1]! : ng;

  const costG = new Float64Array(leafStates * E);
  const gMin = new Float64Array(leafStates * ng);
  const gMinE = new Int32Array(leafStates * ng);
  for (let st = 0; st < leafStates; st++) {
    for (let pos = 0; pos < E; pos++) costG[st * E + pos] = costE[st * E + order[pos]!]!;
    for (let g = 0; g < ng; g++) {
      let best = Number.POSITIVE_INFINITY;
      let bestE = 0;
      // Positions within a group ascend by suffix index, so the first minimum is the lowest index.
      for (let pos = gP0[g]!; pos < gP1[g]!; pos++) {
        const c = costG[st * E + pos]!;
        if (c < best) {
          best = c;
          bestE = order[pos]!;
        }
      }
      gMin[st * ng + g] = best;
      gMinE[st * ng + g] = bestE;
    }
  }

  const blockStart = new Uint8Array(ng + 1);
  for (const g of blockG0List) blockStart[g] = 1;
  const gRunEnd = new Int32Array(ng);
  const gCountUpTo = new Float64Array(ng);
  const gMinUpTo = new Float64Array(leafStates * ng);
  const gMinEUpTo = new Int32Array(leafStates * ng);
  for (let g = ng - 1; g >= 0; g--) {
    const sameRun = g + 1 < ng && gRList[g + 1] === gRList[g] && blockStart[g + 1] === 0;
    gRunEnd[g] = sameRun ? gRunEnd[g + 1]! : g + 1;
  }
  for (let g = 0; g < ng; g++) {
    const first = g === 0 || gRunEnd[g - 1] !== gRunEnd[g];
    gCountUpTo[g] = gCount[g]! + (first ? 0 : gCountUpTo[g - 1]!);
    for (let st = 0; st < leafStates; st++) {
      const i = st * ng + g;
      // The earlier groups' best stays unless this group's is cheaper, or as cheap at a lower index.
      const keep =
        !first &&
        (gMinUpTo[i - 1]! < gMin[i]! || (gMinUpTo[i - 1] === gMin[i] && gMinEUpTo[i - 1]! < gMinE[i]!));
      gMinUpTo[i] = keep ? gMinUpTo[i - 1]! : gMin[i]!;
      gMinEUpTo[i] = keep ? gMinEUpTo[i - 1]! : gMinE[i]!;
    }
  }

  const jMax = largestJump(sweep);

  return {
    sweep,
    radix,
    P,
    E,
    leaves,
    levels,
    leafStates,
    blockS: Float64Array.from(blockSList),
    blockG0,
    blockG1,
    gR: Float64Array.from(gRList),
    gT: Float64Array.from(gTList),
    gCount,
    gP0,
    gP1,
    posE,
    ePos,
    eR,
    eS,
    eT,
    costG,
    gMin,
    gMinE,
    gRunEnd,
    gCountUpTo,
    gMinUpTo,
    gMinEUpTo,
    rfMin: sweep.rfMin ?? 1,
    rfMax: sweep.rfMax ?? Number.POSITIVE_INFINITY,
    target: sweep.stride ?? 0,
    jMax,
  };
}
