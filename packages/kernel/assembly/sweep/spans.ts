// Which suffix entries complete a leaf feasibly: one contiguous range of groups per stride block.
// A leaf of jump J takes the block whose stride product S makes J·S the required total stride (or
// every block with J·S ≤ jMax), and within a block the groups whose rf = leaf rf + J·R lies in
// [rfMin, rfMax] — R ascends within a block, so two binary searches find them. Of those, the groups
// whose density threshold T has J·T > rf would leave holes, and are skipped (groupDense).

import {
  CFG_BLOCK_G0,
  CFG_BLOCK_G1,
  CFG_BLOCK_S,
  CFG_G_R,
  CFG_G_T,
  CFG_JMAX,
  CFG_NB,
  CFG_RF_MAX,
  CFG_RF_MIN,
  CFG_STRIDE,
} from '../layout';
import { f64at, i32at, ptr } from '../memory';

// The feasibility bounds of the config (the walk prunes with them too).
export let rfMin: f64 = 1;
export let rfMax: f64 = Infinity;
export let target: f64 = 0;
export let jMax: f64 = Infinity;
let nb: i32 = 0;
let blockS: usize = 0;
let blockG0: usize = 0;
let blockG1: usize = 0;
let gR: usize = 0;
let gT: usize = 0;

// Outputs of blockSpan / groupSpan.
export let spanB0: i32 = 0;
export let spanB1: i32 = 0;
export let spanG0: i32 = 0;
export let spanG1: i32 = 0;

/** Reads the bounds and the block and group tables of the config at `cfg`. */
export function openSpans(cfg: usize): void {
  rfMin = f64at(cfg, CFG_RF_MIN);
  rfMax = f64at(cfg, CFG_RF_MAX);
  target = f64at(cfg, CFG_STRIDE);
  jMax = f64at(cfg, CFG_JMAX);
  nb = <i32>f64at(cfg, CFG_NB);
  blockS = ptr(cfg, CFG_BLOCK_S);
  blockG0 = ptr(cfg, CFG_BLOCK_G0);
  blockG1 = ptr(cfg, CFG_BLOCK_G1);
  gR = ptr(cfg, CFG_G_R);
  gT = ptr(cfg, CFG_G_T);
}

/** Blocks whose suffix stride can complete a leaf of jump J: [spanB0, spanB1). */
export function blockSpan(J: f64): void {
  if (target > jMax) {
    // The required stride leaves an output below minOutput: nothing completes any leaf.
    spanB0 = 0;
    spanB1 = 0;
  } else if (target > 0) {
    const need = target / J;
    let a: i32 = 0;
    let z: i32 = nb;
    while (a < z) {
      const mid = (a + z) >>> 1;
      if (f64at(blockS, mid) < need) a = mid + 1;
      else z = mid;
    }
    spanB0 = a;
    spanB1 = a < nb && f64at(blockS, a) === need ? a + 1 : a;
  } else {
    let b: i32 = 0;
    while (b < nb && J * f64at(blockS, b) <= jMax) b++;
    spanB0 = 0;
    spanB1 = b;
  }
}

/** Groups of block b whose rf = rfLeaf + J·R lies in [rfMin, rfMax]: [spanG0, spanG1). */
export function groupSpan(b: i32, rf: f64, J: f64): void {
  let a = i32at(blockG0, b);
  let z = i32at(blockG1, b);
  const end = z;
  while (a < z) {
    const mid = (a + z) >>> 1;
    if (rf + J * f64at(gR, mid) < rfMin) a = mid + 1;
    else z = mid;
  }
  spanG0 = a;
  z = end;
  while (a < z) {
    const mid = (a + z) >>> 1;
    if (rf + J * f64at(gR, mid) <= rfMax) a = mid + 1;
    else z = mid;
  }
  spanG1 = a;
}

/** R of group g. */
export function groupR(g: i32): f64 {
  return f64at(gR, g);
}

/** Whether group g's entries keep every layer dense after a leaf of rf and jump J. */
export function groupDense(g: i32, rf: f64, J: f64): bool {
  return J * f64at(gT, g) <= rf;
}
