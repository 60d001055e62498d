// Lays the DP out in a kernel's memory: the config block, the layer records and their tables, two
// arenas of `cap` states and the work arrays, at the slots @rfkit/kernel/layout defines; reads
// the current layer back; and moves it into larger arenas when a layer does not fit.

import * as L from '@rfkit/kernel/layout';
import type { Kernel } from '../../backend/kernel.js';
import { placeRegions } from '../regions.js';
import { hashSlots, maxChoices } from './bounds.js';
import type { DpPlan } from './plan.js';

/** Where the config block lies, and how large the arenas are. */
export interface DpRegions {
  cfg: number;
  cap: number;
}

/** A layer as the host reads it: states and their sorted entries (entries of state s at s·K…). */
export interface DpLayerData {
  states: number;
  entries: number;
  J: Float64Array;
  rf: Float64Array;
  cs: Int32Array;
  count: Float64Array;
  size: Int32Array;
  cost: Float64Array;
  key: Float64Array;
}

const ARENA_SLOTS = [L.AR_J, L.AR_RF, L.AR_CS, L.AR_COUNT, L.AR_SIZE, L.AR_COST, L.AR_KEY] as const;

/**
 * Writes the plan into the kernel's memory with arenas of `cap` states, and `layer` (or the initial
 * state: one prefix, the empty one, at rf 1 and jump 1) as the current layer.
 */
export function layOutDp(
  kernel: Kernel,
  plan: DpPlan,
  cap: number,
  layer: { index: number; data: DpLayerData } | undefined,
): DpRegions {
  const { K, limbs, layers } = plan;
  const entries = cap * K;
  const hashCap = hashSlots(cap);
  const sizes: [string, number][] = [
    ['cfg', L.DP_FIELDS * 8],
    ['layers', layers.length * L.DL_FIELDS * 8],
  ];
  layers.forEach((lv, l) => {
    sizes.push(
      [`delta${l}`, lv.c * 8],
      [`stride${l}`, lv.c * 8],
      [`gap${l}`, lv.c * 8],
      [`next${l}`, lv.costStates * lv.c * 4],
      [`cost${l}`, lv.costStates * lv.c * 8],
    );
  });
  for (const a of [0, 1]) {
    sizes.push(
      [`arena${a}`, L.AR_FIELDS * 8],
      [`a${a}.J`, cap * 8],
      [`a${a}.rf`, cap * 8],
      [`a${a}.cs`, cap * 4],
      [`a${a}.count`, cap * limbs * 8],
      [`a${a}.size`, cap * 4],
      [`a${a}.cost`, entries * 8],
      [`a${a}.key`, entries * 8],
    );
  }
  sizes.push(['hash', hashCap * 4]);
  if (plan.ranked) {
    sizes.push(
      ['order', entries * 4],
      ['tmp', entries * 4],
      ['bucket', (Math.max(entries, maxChoices(plan)) + 1) * 4],
      ['back', entries * 8],
    );
  }
  const at = placeRegions(kernel, sizes);
  const buffer = kernel.buffer();
  const f64 = new Float64Array(buffer);
  const i32 = new Int32Array(buffer);

  const cfg = at.cfg! >> 3;
  f64.fill(0, cfg, cfg + L.DP_FIELDS);
  f64[cfg + L.DP_DEPTH] = layers.length;
  f64[cfg + L.DP_LAYERS] = at.layers!;
  f64[cfg + L.DP_K] = K;
  f64[cfg + L.DP_LIMBS] = limbs;
  f64[cfg + L.DP_BASE] = 2 ** plan.bits;
  f64[cfg + L.DP_RF_MIN] = plan.rfMin;
  f64[cfg + L.DP_RF_MAX] = plan.rfMax;
  f64[cfg + L.DP_STRIDE] = plan.target;
  f64[cfg + L.DP_JMAX] = plan.jMax;
  f64[cfg + L.DP_RANKED] = plan.ranked ? 1 : 0;
  f64[cfg + L.DP_CAP] = cap;
  f64[cfg + L.DP_HASH_CAP] = hashCap;
  f64[cfg + L.DP_CUR] = 0;
  f64[cfg + L.DP_ARENA_0] = at.arena0!;
  f64[cfg + L.DP_ARENA_1] = at.arena1!;
  f64[cfg + L.DP_HASH] = at.hash!;
  if (plan.ranked) {
    f64[cfg + L.DP_ORDER] = at.order!;
    f64[cfg + L.DP_TMP] = at.tmp!;
    f64[cfg + L.DP_BUCKET] = at.bucket!;
    f64[cfg + L.DP_BACK] = at.back!;
  }
  layers.forEach((lv, l) => {
    const r = (at.layers! >> 3) + l * L.DL_FIELDS;
    f64[r + L.DL_C] = lv.c;
    f64[r + L.DL_DELTA] = at[`delta${l}`]!;
    f64[r + L.DL_STRIDE] = at[`stride${l}`]!;
    f64[r + L.DL_GAP] = at[`gap${l}`]!;
    f64[r + L.DL_NEXT] = at[`next${l}`]!;
    f64[r + L.DL_COST] = at[`cost${l}`]!;
    f64[r + L.DL_GROW_LO] = lv.growLo;
    f64[r + L.DL_GROW_HI] = lv.growHi;
    f64[r + L.DL_STRIDE_LO] = lv.strideLo;
    f64[r + L.DL_STRIDE_HI] = lv.strideHi;
    f64.set(lv.delta, at[`delta${l}`]! >> 3);
    f64.set(lv.stride, at[`stride${l}`]! >> 3);
    f64.set(lv.gap, at[`gap${l}`]! >> 3);
    i32.set(lv.next, at[`next${l}`]! >> 2);
    f64.set(lv.cost, at[`cost${l}`]! >> 3);
  });
  const names = ['J', 'rf', 'cs', 'count', 'size', 'cost', 'key'];
  for (const a of [0, 1]) {
    const r = at[`arena${a}`]! >> 3;
    ARENA_SLOTS.forEach((slot, i) => {
      f64[r + slot] = at[`a${a}.${names[i]}`]!;
    });
  }

  // The current layer goes into arena 0.
  const arena = arenaOf(f64, at.cfg!, 0, cap, K, limbs);
  if (layer === undefined) {
    f64[cfg + L.DP_LAYER] = 0;
    f64[cfg + L.DP_STATES] = 1;
    f64[cfg + L.DP_ENTRIES] = 1;
    arena.J[0] = 1;
    arena.rf[0] = 1;
    arena.cs[0] = 0;
    arena.count.fill(0, 0, limbs);
    arena.count[0] = 1;
    arena.size[0] = 1;
    arena.cost[0] = 0;
    arena.key[0] = 0;
  } else {
    const d = layer.data;
    f64[cfg + L.DP_LAYER] = layer.index;
    f64[cfg + L.DP_STATES] = d.states;
    f64[cfg + L.DP_ENTRIES] = d.entries;
    arena.J.set(d.J);
    arena.rf.set(d.rf);
    arena.cs.set(d.cs);
    arena.count.set(d.count);
    arena.size.set(d.size);
    arena.cost.set(d.cost);
    arena.key.set(d.key);
  }
  return { cfg: at.cfg!, cap };
}

/** Views of arena `which` (0 or 1) of the config at byte `cfg`, `cap` states long. */
function arenaOf(
  f64: Float64Array,
  cfg: number,
  which: number,
  cap: number,
  K: number,
  limbs: number,
): Omit<DpLayerData, 'states' | 'entries'> {
  const buffer = f64.buffer;
  const r = f64[(cfg >> 3) + (which === 0 ? L.DP_ARENA_0 : L.DP_ARENA_1)]! >> 3;
  return {
    J: new Float64Array(buffer, f64[r + L.AR_J]!, cap),
    rf: new Float64Array(buffer, f64[r + L.AR_RF]!, cap),
    cs: new Int32Array(buffer, f64[r + L.AR_CS]!, cap),
    count: new Float64Array(buffer, f64[r + L.AR_COUNT]!, cap * limbs),
    size: new Int32Array(buffer, f64[r + L.AR_SIZE]!, cap),
    cost: new Float64Array(buffer, f64[r + L.AR_COST]!, cap * K),
    key: new Float64Array(buffer, f64[r + L.AR_KEY]!, cap * K),
  };
}

/** The current layer, as views into the kernel's memory (valid until the next kernel call or layout). */
export function currentLayer(kernel: Kernel, plan: DpPlan, regions: DpRegions): DpLayerData {
  const buffer = kernel.buffer();
  const f64 = new Float64Array(buffer);
  const c = regions.cfg >> 3;
  const states = f64[c + L.DP_STATES]!;
  const entries = f64[c + L.DP_ENTRIES]!;
  const views = arenaOf(f64, regions.cfg, f64[c + L.DP_CUR]!, regions.cap, plan.K, plan.limbs);
  return {
    states,
    entries,
    J: views.J.subarray(0, states),
    rf: views.rf.subarray(0, states),
    cs: views.cs.subarray(0, states),
    count: views.count.subarray(0, states * plan.limbs),
    size: views.size.subarray(0, states),
    cost: views.cost.subarray(0, states * plan.K),
    key: views.key.subarray(0, states * plan.K),
  };
}

/** A copy of a layer that survives a new layout. */
export function copyLayer(layer: DpLayerData): DpLayerData {
  return {
    ...layer,
    J: layer.J.slice(),
    rf: layer.rf.slice(),
    cs: layer.cs.slice(),
    count: layer.count.slice(),
    size: layer.size.slice(),
    cost: layer.cost.slice(),
    key: layer.key.slice(),
  };
}

/** The layer the next kernel call processes. */
export function layerIndex(kernel: Kernel, regions: DpRegions): number {
  return new Float64Array(kernel.buffer())[(regions.cfg >> 3) + L.DP_LAYER]!;
}

/** The backpointers the last call wrote (ranked mode): a copy, one per entry of the new layer. */
export function backpointers(kernel: Kernel, regions: DpRegions): Float64Array {
  const f64 = new Float64Array(kernel.buffer());
  const c = regions.cfg >> 3;
  const at = f64[c + L.DP_BACK]! >> 3;
  return f64.slice(at, at + f64[c + L.DP_ENTRIES]!);
}
