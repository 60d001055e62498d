// The memory layout shared by the sweep kernel (packages/kernel/assembly/index.ts) and its
// TypeScript twin (kernel-js.ts). Every slot here has the same meaning and number there; bump
// LAYOUT_VERSION in both when anything changes.

export const LAYOUT_VERSION = 1;

/** Config block: one f64 per slot. Pointers are byte offsets into the kernel's memory. */
export const CFG = {
  P: 0,
  E: 1,
  RF_MIN: 2,
  RF_MAX: 3,
  STRIDE: 4,
  JMAX: 5,
  TOP: 6,
  HEAP_SIZE: 7,
  KEY_CAP: 8,
  KEY_COUNT: 9,
  KEY_LIMIT: 10,
  NB: 11,
  NG: 12,
  LEVELS: 13,
  BLOCK_S: 14,
  BLOCK_G0: 15,
  BLOCK_G1: 16,
  G_R: 17,
  G_P0: 18,
  G_P1: 19,
  POS_E: 20,
  COST_G: 21,
  G_MIN: 22,
  HEAP: 23,
  KEYS: 24,
  SCRATCH: 25,
} as const;
export const CFG_FIELDS = 26;

/** Level record, one per prefix layer. */
export const LV = {
  C: 0,
  A: 1,
  S: 2,
  T: 3,
  LC: 4,
  SUB: 5,
  REST_A: 6,
  REST_M: 7,
  REST_SMIN: 8,
  REST_SMAX: 9,
} as const;
export const LV_FIELDS = 10;

/** Key record: one per distinct (leaf rf, leaf jump, cost state). */
export const KEY = {
  RF: 0,
  J: 1,
  ST: 2,
  LEAVES: 3,
  MIN_COST: 4,
  MIN_LEAF: 5,
  MIN_SUFFIX: 6,
  FEASIBLE: 7,
} as const;
export const KEY_FIELDS = 8;

/** Bytes of one top-heap entry: (cost, rf, index) as f64. */
export const HEAP_ENTRY_BYTES = 24;
