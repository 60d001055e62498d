// One search over an index range with one backend: lays the plan out in the kernel's memory, sweeps
// it chunk by chunk (progress and cancellation happen between chunks), and turns what the kernel
// leaves behind — the top heap and the per-key records — into a SweepResult. The parts that are not
// hot (partial leaves at unaligned range ends, expanding key records into rf buckets, assembling
// the result) run here for both backends, so they agree by construction.

import { RfError } from '../errors.js';
import type { Candidate, NormalizedSweep, SweepResult } from '../types.js';
import { compareCandidates, decodeIndex } from './cost.js';
import type { Kernel } from './kernel.js';
import { CFG, CFG_FIELDS, HEAP_ENTRY_BYTES, KEY, KEY_FIELDS, LV, LV_FIELDS } from './layout.js';
import { spaceId } from './normalize.js';
import { buildPlan, type Plan, type PlanOptions } from './plan.js';

/**
 * The most combinations one run may cover (a shard or the whole space). Beyond this a sweep would
 * take hours even with the folding; `count()` answers "how many are feasible" for any size.
 */
export const MAX_RUN_COMBINATIONS = 1e14;
/** The most prefixes ("leaves") one run may walk, whatever the folding. */
export const MAX_RUN_LEAVES = 2 ** 34;
/** The largest `top` the engine keeps (its heap lives in the kernel's memory). */
export const MAX_TOP = 2 ** 22;

export interface EngineOptions extends PlanOptions {
  signal?: AbortSignal;
  /** Polled like `signal` between chunks (worker threads read a shared flag through it). */
  shouldStop?: () => boolean;
  /** Called after every chunk with the combinations of this run done so far. */
  onProgress?: (done: number) => void;
  /** Leaves per kernel call. Default: one subtree of the first layers, at most 2^16 leaves. */
  chunkLeaves?: number;
  /**
   * Key table slots (a power of two); the kernel is drained when half are used. Default 2^16, or
   * less for a range of few leaves (a leaf adds at most one key, and every run scans the table).
   */
  keyCapacity?: number;
}

const CHUNK_MAX_LEAVES = 2 ** 16;
const DEFAULT_KEY_CAPACITY = 2 ** 16;
const MIN_KEY_CAPACITY = 16;
/** Give the event loop a turn at least this often, so an abort from a timer or UI lands. */
const YIELD_MS = 20;

interface Bucket {
  count: number;
  cost: number;
  index: number;
}

interface Regions {
  cfg: number;
  heap: number;
  keys: number;
  keyCap: number;
  top: number;
}

function align(n: number): number {
  return Math.ceil(n / 16) * 16;
}

/**
 * Where each kernel's key table was left empty by the last run ("" = unknown: that run did not
 * finish). A kernel absent here has fresh, zeroed memory. Worker threads reuse one kernel for many
 * runs, and a table laid out elsewhere would start on the previous plan's bytes.
 */
const emptyKeys = new WeakMap<Kernel, string>();

/** Writes the plan into the kernel's memory; returns where the mutable parts are. */
function layOut(kernel: Kernel, plan: Plan, top: number, keyCap: number): Regions {
  const P = plan.P;
  const ng = plan.gR.length;
  const nb = plan.blockS.length;
  const sizes: [string, number][] = [
    ['cfg', CFG_FIELDS * 8],
    ['levels', P * LV_FIELDS * 8],
    ['blockS', nb * 8],
    ['blockG0', nb * 4],
    ['blockG1', nb * 4],
    ['gR', ng * 8],
    ['gP0', ng * 4],
    ['gP1', ng * 4],
    ['posE', plan.E * 4],
    ['costG', plan.leafStates * plan.E * 8],
    ['gMin', plan.leafStates * ng * 8],
    ['heap', top * HEAP_ENTRY_BYTES],
    ['keys', keyCap * KEY_FIELDS * 8],
    ['scratch', (P + 1) * 8 * 3 + (P + 1) * 4 * 2],
  ];
  plan.levels.forEach((lv, l) => {
    sizes.push(
      [`a${l}`, lv.c * 8],
      [`s${l}`, lv.c * 8],
      [`t${l}`, lv.states * lv.c * 4],
      [`lc${l}`, lv.states * lv.c * 8],
    );
  });
  const at: Record<string, number> = {};
  let total = 0;
  for (const [name, bytes] of sizes) {
    at[name] = total;
    total = align(total + bytes);
  }
  const base = kernel.prepare(total);
  for (const name of Object.keys(at)) at[name]! += base;
  const buffer = kernel.buffer();
  const f64 = new Float64Array(buffer);
  const i32 = new Int32Array(buffer);
  const putF = (name: string, data: ArrayLike<number>) => f64.set(data, at[name]! >> 3);
  const putI = (name: string, data: ArrayLike<number>) => i32.set(data, at[name]! >> 2);

  const keysAt = `${at.keys}:${keyCap}`;
  const known = emptyKeys.get(kernel);
  if (known !== undefined && known !== keysAt) {
    f64.fill(0, at.keys! >> 3, (at.keys! >> 3) + keyCap * KEY_FIELDS);
  }
  emptyKeys.set(kernel, '');

  const cfg = at.cfg! >> 3;
  f64[cfg + CFG.P] = P;
  f64[cfg + CFG.E] = plan.E;
  f64[cfg + CFG.RF_MIN] = plan.rfMin;
  f64[cfg + CFG.RF_MAX] = plan.rfMax;
  f64[cfg + CFG.STRIDE] = plan.target;
  f64[cfg + CFG.JMAX] = plan.jMax;
  f64[cfg + CFG.TOP] = top;
  f64[cfg + CFG.HEAP_SIZE] = 0;
  f64[cfg + CFG.KEY_CAP] = keyCap;
  f64[cfg + CFG.KEY_COUNT] = 0;
  f64[cfg + CFG.KEY_LIMIT] = keyCap / 2;
  f64[cfg + CFG.NB] = nb;
  f64[cfg + CFG.NG] = ng;
  f64[cfg + CFG.LEVELS] = at.levels!;
  f64[cfg + CFG.BLOCK_S] = at.blockS!;
  f64[cfg + CFG.BLOCK_G0] = at.blockG0!;
  f64[cfg + CFG.BLOCK_G1] = at.blockG1!;
  f64[cfg + CFG.G_R] = at.gR!;
  f64[cfg + CFG.G_P0] = at.gP0!;
  f64[cfg + CFG.G_P1] = at.gP1!;
  f64[cfg + CFG.POS_E] = at.posE!;
  f64[cfg + CFG.COST_G] = at.costG!;
  f64[cfg + CFG.G_MIN] = at.gMin!;
  f64[cfg + CFG.HEAP] = at.heap!;
  f64[cfg + CFG.KEYS] = at.keys!;
  f64[cfg + CFG.SCRATCH] = at.scratch!;
  putF('blockS', plan.blockS);
  putI('blockG0', plan.blockG0);
  putI('blockG1', plan.blockG1);
  putF('gR', plan.gR);
  putI('gP0', plan.gP0);
  putI('gP1', plan.gP1);
  putI('posE', plan.posE);
  putF('costG', plan.costG);
  putF('gMin', plan.gMin);
  plan.levels.forEach((lv, l) => {
    const r = (at.levels! >> 3) + l * LV_FIELDS;
    f64[r + LV.C] = lv.c;
    f64[r + LV.A] = at[`a${l}`]!;
    f64[r + LV.S] = at[`s${l}`]!;
    f64[r + LV.T] = at[`t${l}`]!;
    f64[r + LV.LC] = at[`lc${l}`]!;
    f64[r + LV.SUB] = lv.sub;
    f64[r + LV.REST_A] = lv.restA;
    f64[r + LV.REST_M] = lv.restM;
    f64[r + LV.REST_SMIN] = lv.restSmin;
    f64[r + LV.REST_SMAX] = lv.restSmax;
    putF(`a${l}`, lv.a);
    putF(`s${l}`, lv.s);
    putI(`t${l}`, lv.t);
    putF(`lc${l}`, lv.lc);
  });
  return { cfg: at.cfg!, heap: at.heap!, keys: at.keys!, keyCap, top };
}

/** Largest rf interval kept as flat arrays (indexed by rf) instead of a map. */
const DENSE_RF_SPAN = 2 ** 16;

/**
 * The accumulators of one run: rf buckets (histogram + cheapest per rf) and top candidates found
 * by the host. Draining adds one bucket update per (key, feasible suffix group), the bulk of a
 * short run's host time, so a bounded rf interval uses flat arrays rather than a map.
 */
class Tally {
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
      if (this.count[i] === 0 || cost < c0 || (cost === c0 && index < this.index![i]!)) {
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
      if (cost < b.cost || (cost === b.cost && index < b.index)) {
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

/**
 * The first group of [g0, g1) whose rf (rf + J·R, R ascending in a block) is above `bound`
 * (or reaches it, when `reach`); g1 if none.
 */
function firstGroup(
  gR: Float64Array,
  g0: number,
  g1: number,
  rf: number,
  J: number,
  bound: number,
  reach: boolean,
) {
  let lo = g0;
  let hi = g1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const r = rf + J * gR[mid]!;
    if (r < bound || (!reach && r === bound)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Feasible group ranges [g0, g1) for a leaf of (rf, J), one per feasible block — the kernel's
 * blockSpan/groupSpan.
 */
function forEachGroupRange(plan: Plan, rf: number, J: number, visit: (g0: number, g1: number) => void): void {
  const { blockS, blockG0, blockG1, gR, rfMin, rfMax, target, jMax } = plan;
  const nb = blockS.length;
  let b0 = 0;
  let b1 = 0;
  if (target > 0) {
    const need = target / J;
    while (b0 < nb && blockS[b0]! < need) b0++;
    b1 = b0 < nb && blockS[b0] === need ? b0 + 1 : b0;
  } else {
    while (b1 < nb && J * blockS[b1]! <= jMax) b1++;
  }
  for (let b = b0; b < b1; b++) {
    const g0 = firstGroup(gR, blockG0[b]!, blockG1[b]!, rf, J, rfMin, true);
    const g1 = firstGroup(gR, g0, blockG1[b]!, rf, J, rfMax, false);
    if (g0 < g1) visit(g0, g1);
  }
}

/**
 * Expands the kernel's key records into rf buckets and empties the key table. A slot is empty iff
 * its rf is 0 (both kernels write every field of a new key), so only used slots are cleared.
 */
function drain(kernel: Kernel, plan: Plan, regions: Regions, tally: Tally): void {
  const f64 = new Float64Array(kernel.buffer());
  const { gR, gCount, gMin, gMinE, E } = plan;
  const ng = gR.length;
  const keys = regions.keys >> 3;
  for (let slot = 0; slot < regions.keyCap; slot++) {
    const k = keys + slot * KEY_FIELDS;
    const rf = f64[k + KEY.RF]!;
    if (rf === 0) continue;
    f64[k + KEY.RF] = 0;
    if (f64[k + KEY.FEASIBLE] === 0) continue;
    const J = f64[k + KEY.J]!;
    const row = f64[k + KEY.ST]! * ng;
    const leaves = f64[k + KEY.LEAVES]!;
    const minCost = f64[k + KEY.MIN_COST]!;
    const firstIndex = f64[k + KEY.MIN_LEAF]! * E;
    if (leaves === 0) continue;
    forEachGroupRange(plan, rf, J, (g0, g1) => {
      for (let g = g0; g < g1; g++) {
        tally.add(
          rf + J * gR[g]!,
          leaves * gCount[g]!,
          minCost + gMin[row + g]!,
          firstIndex + gMinE[row + g]!,
        );
      }
    });
  }
  f64[(regions.cfg >> 3) + CFG.KEY_COUNT] = 0;
}

function keyCountOf(kernel: Kernel, regions: Regions): number {
  return new Float64Array(kernel.buffer())[(regions.cfg >> 3) + CFG.KEY_COUNT]!;
}

/** rf, jump, cost and cost state after the prefix of `leaf`. */
function leafState(plan: Plan, leaf: number) {
  let rf = 1;
  let J = 1;
  let cost = 0;
  let st = 0;
  let rest = leaf;
  for (let l = 0; l < plan.P; l++) {
    const lv = plan.levels[l]!;
    const ch = Math.floor(rest / lv.sub);
    rest -= ch * lv.sub;
    rf += lv.a[ch]! * J;
    J *= lv.s[ch]!;
    cost += lv.lc[st * lv.c + ch]!;
    st = lv.t[st * lv.c + ch]!;
  }
  return { rf, J, cost, st };
}

/** Suffix entries [e0, e1) of one leaf, one by one (only at unaligned range ends). */
function partialLeaf(plan: Plan, leaf: number, e0: number, e1: number, tally: Tally): void {
  const { rf, J, cost, st } = leafState(plan, leaf);
  for (let e = e0; e < e1; e++) {
    const jump = J * plan.eS[e]!;
    if (plan.target > 0 && jump !== plan.target) continue;
    if (jump > plan.jMax) continue;
    const r = rf + J * plan.eR[e]!;
    if (r < plan.rfMin || r > plan.rfMax) continue;
    const c = cost + plan.costG[st * plan.E + plan.ePos[e]!]!;
    const index = leaf * plan.E + e;
    tally.add(r, 1, c, index);
    tally.extra.push(c, r, index);
  }
}

/** The candidate at `index` (its layers decoded). */
export function candidate(sweep: NormalizedSweep, cost: number, rf: number, index: number): Candidate {
  const layers = decodeIndex(sweep, BigInt(index));
  let stride = 1;
  for (const l of layers) stride *= l.stride;
  return { index: BigInt(index), layers, rf, stride, cost };
}

function assemble(
  sweep: NormalizedSweep,
  kernel: Kernel,
  regions: Regions,
  tally: Tally,
  run: { start: number; end: number; next: number; t0: number },
): SweepResult {
  const f64 = new Float64Array(kernel.buffer());
  const heapSize = f64[(regions.cfg >> 3) + CFG.HEAP_SIZE]!;
  const triples: [number, number, number][] = [];
  const h = regions.heap >> 3;
  for (let i = 0; i < heapSize; i++)
    triples.push([f64[h + 3 * i]!, f64[h + 3 * i + 1]!, f64[h + 3 * i + 2]!]);
  for (let i = 0; i < tally.extra.length; i += 3) {
    triples.push([tally.extra[i]!, tally.extra[i + 1]!, tally.extra[i + 2]!]);
  }
  triples.sort((a, b) => a[0] - b[0] || b[1] - a[1] || a[2] - b[2]);
  const top = triples.slice(0, sweep.top).map(([c, r, i]) => candidate(sweep, c, r, i));

  const buckets = tally.sorted();
  let feasible = 0n;
  const histogram = buckets.map(({ rf, count: n }) => {
    const count = BigInt(n);
    feasible += count;
    return { rf, count };
  });
  const pareto: Candidate[] = [];
  let cheapest = Number.POSITIVE_INFINITY;
  for (let i = buckets.length - 1; i >= 0; i--) {
    const b = buckets[i]!;
    if (b.cost < cheapest) {
      cheapest = b.cost;
      pareto.push(candidate(sweep, b.cost, b.rf, b.index));
    }
  }
  pareto.reverse();
  top.sort(compareCandidates);

  return {
    evaluated: BigInt(run.next - run.start),
    feasible,
    top,
    pareto,
    histogram,
    backend: kernel.backend,
    elapsedMs: performance.now() - run.t0,
    range: { start: BigInt(run.start), end: BigInt(run.end) },
    complete: run.next >= run.end,
    nextIndex: BigInt(run.next),
    total: sweep.total,
    spaceId: spaceId(sweep),
  };
}

const tick: () => Promise<void> =
  typeof setImmediate === 'function'
    ? () => new Promise((resolve) => setImmediate(resolve))
    : () => new Promise((resolve) => setTimeout(resolve, 0));

/** Throws `space-too-large` when a run over [start, end) could not finish in reasonable time. */
export function checkRunSize(sweep: NormalizedSweep, start: bigint, end: bigint, plan?: Plan): void {
  const size = end - start;
  const hint =
    'use count() for the number of feasible combinations, or narrow the choices, depth or shard the space';
  if (sweep.total > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RfError(
      'space-too-large',
      `the space has ${sweep.total} combinations, more than 2^53 where indices stay exact; ${hint}`,
    );
  }
  if (size > BigInt(MAX_RUN_COMBINATIONS)) {
    throw new RfError(
      'space-too-large',
      `this search covers ${size} combinations, more than the ${MAX_RUN_COMBINATIONS} one run sweeps; ${hint} (shard it over several runs)`,
    );
  }
  if (plan !== undefined && Number(size) / plan.E > MAX_RUN_LEAVES) {
    throw new RfError(
      'space-too-large',
      `this search covers ${size} combinations in ${Math.ceil(Number(size) / plan.E)} prefixes, more than the ${MAX_RUN_LEAVES} one run walks; ${hint}`,
    );
  }
}

/** Plans at most this large (cost cells) are kept for the next run of the same space. */
const PLAN_CACHE_MAX_CELLS = 2 ** 20;
let cachedPlan: { key: string; plan: Plan } | undefined;

/**
 * The plan of a space, reusing the last one: shards, resumed runs and worker tasks of one space
 * (several per worker) then build the tables once. Only small plans are kept, to bound memory.
 */
function planFor(sweep: NormalizedSweep, options: PlanOptions): Plan {
  const key = `${spaceId(sweep)}|${options.maxSuffixEntries ?? ''}|${options.maxCostCells ?? ''}`;
  if (cachedPlan?.key === key) return cachedPlan.plan;
  const plan = buildPlan(sweep, options);
  cachedPlan = plan.leafStates * plan.E <= PLAN_CACHE_MAX_CELLS ? { key, plan } : undefined;
  return plan;
}

/**
 * The most keys one run of a plan held at once (at a drain). Every drain scans the whole table, so
 * later runs of the plan (worker tasks, shards) size it from this instead of the default.
 */
const peakKeys = new WeakMap<Plan, number>();
/** Runs over fewer leaves leave peakKeys alone. */
const PEAK_MIN_LEAVES = 1024;

/**
 * A power of two with room for twice the keys expected — at most 2 × the leaves of the range
 * (a leaf adds at most one key), and about 4 × the peak of the plan's last run — within
 * [MIN_KEY_CAPACITY, DEFAULT_KEY_CAPACITY].
 */
function defaultKeyCapacity(plan: Plan, leaves: number): number {
  const peak = peakKeys.get(plan);
  const want = Math.min(2 * leaves, peak === undefined ? DEFAULT_KEY_CAPACITY : 4 * peak);
  let cap = MIN_KEY_CAPACITY;
  while (cap < want && cap < DEFAULT_KEY_CAPACITY) cap *= 2;
  return cap;
}

/** Searches indices [start, end) of a space with one kernel. */
export async function runRange(
  sweep: NormalizedSweep,
  kernel: Kernel,
  start: bigint,
  end: bigint,
  options: EngineOptions = {},
): Promise<SweepResult> {
  const steps = rangeSteps(sweep, kernel, start, end, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await tick();
  }
}

/** runRange without yielding to the event loop (searchSync): progress and stops still work between chunks. */
export function runRangeSync(
  sweep: NormalizedSweep,
  kernel: Kernel,
  start: bigint,
  end: bigint,
  options: EngineOptions = {},
): SweepResult {
  const steps = rangeSteps(sweep, kernel, start, end, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The sweep of [start, end) as a generator that yields where the caller may give the event loop a turn. */
function* rangeSteps(
  sweep: NormalizedSweep,
  kernel: Kernel,
  start: bigint,
  end: bigint,
  options: EngineOptions,
): Generator<void, SweepResult, void> {
  const t0 = performance.now();
  checkRunSize(sweep, start, end);
  const plan = planFor(sweep, options);
  checkRunSize(sweep, start, end, plan);
  const lo = Number(start);
  const hi = Number(end);
  const top = Math.min(sweep.top, Math.max(hi - lo, 1));
  if (top > MAX_TOP) {
    throw new RfError(
      'invalid-argument',
      `top ${sweep.top} is more than the ${MAX_TOP} a search keeps`,
      'top',
    );
  }
  const { E } = plan;
  const keyCap = options.keyCapacity ?? defaultKeyCapacity(plan, Math.ceil((hi - lo) / E) + 1);
  const regions = layOut(kernel, plan, top, keyCap);
  const tally = new Tally(plan.rfMin, plan.rfMax);
  let peak = 0;
  const drainAll = () => {
    peak = Math.max(peak, keyCountOf(kernel, regions));
    drain(kernel, plan, regions, tally);
  };

  let chunk = options.chunkLeaves ?? 0;
  if (chunk <= 0) {
    chunk = 1;
    for (const lv of plan.levels) {
      if (lv.sub <= CHUNK_MAX_LEAVES) {
        chunk = lv.sub;
        break;
      }
    }
  }

  const stopped = () => options.signal?.aborted === true || options.shouldStop?.() === true;
  let pos = lo;
  let lastYield = performance.now();
  // After each chunk: report progress, and say whether the event loop is due a turn.
  const afterChunk = (): boolean => {
    options.onProgress?.(pos - lo);
    if (performance.now() - lastYield <= YIELD_MS) return false;
    lastYield = performance.now();
    return true;
  };

  let aborted = stopped();
  // Head: the rest of a leaf the range starts inside.
  if (!aborted && pos < hi && pos % E !== 0) {
    const leaf = Math.floor(pos / E);
    const stop = Math.min(hi, (leaf + 1) * E);
    partialLeaf(plan, leaf, pos - leaf * E, stop - leaf * E, tally);
    pos = stop;
    if (afterChunk()) yield;
    aborted = stopped();
  }
  // Whole leaves, in chunks aligned to `chunk`.
  const lastLeaf = Math.floor(hi / E);
  while (!aborted && pos < lastLeaf * E) {
    const leaf = pos / E;
    const chunkEnd = Math.min(lastLeaf, (Math.floor(leaf / chunk) + 1) * chunk);
    let next = leaf;
    while (next < chunkEnd) {
      next = kernel.sweep(regions.cfg, next, chunkEnd);
      // The kernel stops early when the key table is half full; drain before it fills up.
      if (keyCountOf(kernel, regions) >= keyCap / 2) drainAll();
    }
    pos = chunkEnd * E;
    if (afterChunk()) yield;
    aborted = stopped();
  }
  // Tail: the start of the leaf the range ends inside.
  if (!aborted && pos < hi) {
    partialLeaf(plan, lastLeaf, 0, hi - pos, tally);
    pos = hi;
    if (afterChunk()) yield;
  }
  drainAll();
  // Only runs over many leaves say how many keys the plan has; a table that filled up says nothing.
  if (peak >= keyCap / 2) peakKeys.set(plan, DEFAULT_KEY_CAPACITY);
  else if (hi - lo >= PEAK_MIN_LEAVES * E) peakKeys.set(plan, Math.max(peak, peakKeys.get(plan) ?? 0));
  emptyKeys.set(kernel, `${regions.keys}:${keyCap}`);
  return assemble(sweep, kernel, regions, tally, { start: lo, end: hi, next: pos, t0 });
}
