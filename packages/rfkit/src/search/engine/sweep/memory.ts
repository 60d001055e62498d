// Lays a plan out in a kernel's memory: the config block, the level records and every table, at
// the slots @rfkit/kernel/layout defines. Both backends read exactly these bytes.

import * as L from '@rfkit/kernel/layout';
import type { Kernel } from '../../backend/kernel.js';
import { placeRegions } from '../regions.js';
import type { Plan } from './plan.js';

/** Where the parts of a laid-out plan that the kernel writes lie (byte offsets). */
export interface Regions {
  cfg: number;
  heap: number;
  keys: number;
  keyCap: number;
  top: number;
}

/**
 * Where each kernel's key table was left empty by the last run ("" = unknown: that run did not
 * finish). A kernel absent here has fresh, zeroed memory. Worker threads reuse one kernel for many
 * runs, and a table laid out elsewhere would start on the previous plan's bytes.
 */
export const emptyKeys = new WeakMap<Kernel, string>();

/** Writes the plan into the kernel's memory; returns where the mutable parts are. */
export function layOut(kernel: Kernel, plan: Plan, top: number, keyCap: number): Regions {
  const P = plan.P;
  const ng = plan.gR.length;
  const nb = plan.blockS.length;
  const sizes: [string, number][] = [
    ['cfg', L.CFG_FIELDS * 8],
    ['levels', P * L.LV_FIELDS * 8],
    ['blockS', nb * 8],
    ['blockG0', nb * 4],
    ['blockG1', nb * 4],
    ['gR', ng * 8],
    ['gT', ng * 8],
    ['gP0', ng * 4],
    ['gP1', ng * 4],
    ['posE', plan.E * 4],
    ['costG', plan.leafStates * plan.E * 8],
    ['gMin', plan.leafStates * ng * 8],
    ['heap', top * L.HEAP_FIELDS * 8],
    ['keys', keyCap * L.KEY_FIELDS * 8],
    ['scratch', (P + 1) * (L.SCRATCH_F64_ROWS * 8 + L.SCRATCH_I32_ROWS * 4)],
  ];
  plan.levels.forEach((lv, l) => {
    sizes.push(
      [`a${l}`, lv.c * 8],
      [`s${l}`, lv.c * 8],
      [`g${l}`, lv.c * 8],
      [`t${l}`, lv.states * lv.c * 4],
      [`lc${l}`, lv.states * lv.c * 8],
    );
  });
  const at = placeRegions(kernel, sizes);
  const buffer = kernel.buffer();
  const f64 = new Float64Array(buffer);
  const i32 = new Int32Array(buffer);
  const putF = (name: string, data: ArrayLike<number>) => f64.set(data, at[name]! >> 3);
  const putI = (name: string, data: ArrayLike<number>) => i32.set(data, at[name]! >> 2);

  const keysAt = `${at.keys}:${keyCap}`;
  const known = emptyKeys.get(kernel);
  if (known !== undefined && known !== keysAt) {
    f64.fill(0, at.keys! >> 3, (at.keys! >> 3) + keyCap * L.KEY_FIELDS);
  }
  emptyKeys.set(kernel, '');

  const cfg = at.cfg! >> 3;
  f64[cfg + L.CFG_P] = P;
  f64[cfg + L.CFG_E] = plan.E;
  f64[cfg + L.CFG_RF_MIN] = plan.rfMin;
  f64[cfg + L.CFG_RF_MAX] = plan.rfMax;
  f64[cfg + L.CFG_STRIDE] = plan.target;
  f64[cfg + L.CFG_JMAX] = plan.jMax;
  f64[cfg + L.CFG_TOP] = top;
  f64[cfg + L.CFG_HEAP_SIZE] = 0;
  f64[cfg + L.CFG_KEY_CAP] = keyCap;
  f64[cfg + L.CFG_KEY_COUNT] = 0;
  f64[cfg + L.CFG_KEY_LIMIT] = keyCap / 2;
  f64[cfg + L.CFG_NB] = nb;
  f64[cfg + L.CFG_NG] = ng;
  f64[cfg + L.CFG_LEVELS] = at.levels!;
  f64[cfg + L.CFG_BLOCK_S] = at.blockS!;
  f64[cfg + L.CFG_BLOCK_G0] = at.blockG0!;
  f64[cfg + L.CFG_BLOCK_G1] = at.blockG1!;
  f64[cfg + L.CFG_G_R] = at.gR!;
  f64[cfg + L.CFG_G_T] = at.gT!;
  f64[cfg + L.CFG_G_P0] = at.gP0!;
  f64[cfg + L.CFG_G_P1] = at.gP1!;
  f64[cfg + L.CFG_POS_E] = at.posE!;
  f64[cfg + L.CFG_COST_G] = at.costG!;
  f64[cfg + L.CFG_G_MIN] = at.gMin!;
  f64[cfg + L.CFG_HEAP] = at.heap!;
  f64[cfg + L.CFG_KEYS] = at.keys!;
  f64[cfg + L.CFG_SCRATCH] = at.scratch!;
  putF('blockS', plan.blockS);
  putI('blockG0', plan.blockG0);
  putI('blockG1', plan.blockG1);
  putF('gR', plan.gR);
  putF('gT', plan.gT);
  putI('gP0', plan.gP0);
  putI('gP1', plan.gP1);
  putI('posE', plan.posE);
  putF('costG', plan.costG);
  putF('gMin', plan.gMin);
  plan.levels.forEach((lv, l) => {
    const r = (at.levels! >> 3) + l * L.LV_FIELDS;
    f64[r + L.LV_C] = lv.c;
    f64[r + L.LV_A] = at[`a${l}`]!;
    f64[r + L.LV_S] = at[`s${l}`]!;
    f64[r + L.LV_G] = at[`g${l}`]!;
    f64[r + L.LV_T] = at[`t${l}`]!;
    f64[r + L.LV_LC] = at[`lc${l}`]!;
    f64[r + L.LV_SUB] = lv.sub;
    f64[r + L.LV_REST_A] = lv.restA;
    f64[r + L.LV_REST_M] = lv.restM;
    f64[r + L.LV_REST_SMIN] = lv.restSmin;
    f64[r + L.LV_REST_SMAX] = lv.restSmax;
    putF(`a${l}`, lv.a);
    putF(`s${l}`, lv.s);
    putF(`g${l}`, lv.g);
    putI(`t${l}`, lv.t);
    putF(`lc${l}`, lv.lc);
  });
  return { cfg: at.cfg!, heap: at.heap!, keys: at.keys!, keyCap, top };
}
