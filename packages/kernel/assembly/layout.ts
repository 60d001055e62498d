// The memory layout shared by the sweep kernel and its host: the one definition of every slot.
//
// The kernel (AssemblyScript, this folder) and rfkit's TypeScript host (packages/rfkit/src/search,
// through the package export `@rfkit/kernel/layout`) both import this file, so it is written in
// the subset the two languages share: untyped integer constants and nothing else (each one is an
// i32 in the kernel, a number in the host). The kernel also exports every constant as a
// WebAssembly global; the host compares them all with its own copy of this file whenever it
// instantiates a kernel, so a kernel built from another layout is refused, slot by slot.
//
// Every record is a run of f64 slots (exact for every integer below 2^53). "→" marks a slot that
// holds a byte offset into the kernel's memory, followed by what lies there.

/** Bump when the meaning of a slot changes without its number changing. */
export const LAYOUT_VERSION = 2;

// ── Config block: at the byte offset passed to `sweep`, one f64 per slot ──
/** Number of prefix layers (walked one combination at a time). */
export const CFG_P = 0;
/** Suffix entries per leaf (the combinations of the layers folded into tables). */
export const CFG_E = 1;
/** Smallest feasible rf; 1 when unconstrained. */
export const CFG_RF_MIN = 2;
/** Largest feasible rf; +Infinity when unconstrained. */
export const CFG_RF_MAX = 3;
/** Required total stride; 0 when unconstrained. */
export const CFG_STRIDE = 4;
/** Largest total stride that still meets minOutput; +Infinity when unconstrained. */
export const CFG_JMAX = 5;
/** Capacity of the top heap. */
export const CFG_TOP = 6;
/** Entries in the top heap (read and written by the kernel). */
export const CFG_HEAP_SIZE = 7;
/** Key table slots, a power of two. */
export const CFG_KEY_CAP = 8;
/** Used key slots (read and written by the kernel). */
export const CFG_KEY_COUNT = 9;
/** `sweep` returns early once this many key slots are used (the host then drains them). */
export const CFG_KEY_LIMIT = 10;
/** Stride blocks of the suffix tables. */
export const CFG_NB = 11;
/** (stride, R) groups of the suffix tables. */
export const CFG_NG = 12;
/** → P level records. */
export const CFG_LEVELS = 13;
/** → f64[NB] suffix stride product of each block, ascending. */
export const CFG_BLOCK_S = 14;
/** → i32[NB] first group of each block. */
export const CFG_BLOCK_G0 = 15;
/** → i32[NB] end group of each block. */
export const CFG_BLOCK_G1 = 16;
/** → f64[NG] R of each group (rf = leaf rf + J·R), ascending within a block. */
export const CFG_G_R = 17;
/** → i32[NG] first entry position of each group. */
export const CFG_G_P0 = 18;
/** → i32[NG] end entry position of each group. */
export const CFG_G_P1 = 19;
/** → i32[E] suffix index at each position (ascending within a group). */
export const CFG_POS_E = 20;
/** → f64[states·E] suffix cost per leaf cost state, by position. */
export const CFG_COST_G = 21;
/** → f64[states·NG] cheapest suffix cost per leaf cost state and group. */
export const CFG_G_MIN = 22;
/** → f64[HEAP_FIELDS·TOP] the top heap, worst entry first. */
export const CFG_HEAP = 23;
/** → f64[KEY_FIELDS·KEY_CAP] the key table. */
export const CFG_KEYS = 24;
/** → the walk's state: SCRATCH_F64_ROWS·(P+1) f64, then SCRATCH_I32_ROWS·(P+1) i32. */
export const CFG_SCRATCH = 25;
/** → f64[NG] density threshold T of each group: dense after a leaf (rf, J) iff J·T ≤ rf. */
export const CFG_G_T = 26;
export const CFG_FIELDS = 27;

// ── Level record: one per prefix layer, f64 slots ──
/** Choices of the layer. */
export const LV_C = 0;
/** → f64[C] rf growth per unit of jump of each choice, d·(k−1). */
export const LV_A = 1;
/** → f64[C] stride of each choice. */
export const LV_S = 2;
/** → i32[states·C] next cost state per (cost state, choice). */
export const LV_T = 3;
/** → f64[states·C] layer cost per (cost state, choice). */
export const LV_LC = 4;
/** Leaves below one choice of this layer. */
export const LV_SUB = 5;
/** Least rf growth per unit of jump of all later layers. */
export const LV_REST_A = 6;
/** Most rf growth per unit of jump of all later layers. */
export const LV_REST_M = 7;
/** Smallest stride product of the later layers. */
export const LV_REST_SMIN = 8;
/** Largest stride product of the later layers. */
export const LV_REST_SMAX = 9;
/** → f64[C] tap gap of each choice (d for k > 1, else 0; all 0 where holes are allowed): dense iff gap·J ≤ rf. */
export const LV_G = 10;
export const LV_FIELDS = 11;

// ── Key record: one per distinct (leaf rf, leaf jump, cost state), f64 slots ──
/** rf of the leaves; 0 marks an empty slot (rf ≥ 1). */
export const KEY_RF = 0;
/** Jump of the leaves. */
export const KEY_J = 1;
/** Cost state of the leaves. */
export const KEY_ST = 2;
/** Feasible leaves with this key. */
export const KEY_LEAVES = 3;
/** Cheapest prefix cost among them. */
export const KEY_MIN_COST = 4;
/** First leaf with that cost. */
export const KEY_MIN_LEAF = 5;
/** Cheapest feasible suffix cost of the key. */
export const KEY_MIN_SUFFIX = 6;
/** 1 if some suffix entry completes the key feasibly, else 0. */
export const KEY_FEASIBLE = 7;
export const KEY_FIELDS = 8;

// ── Top heap entry: f64 slots ──
export const HEAP_COST = 0;
export const HEAP_RF = 1;
/** The combination's index. */
export const HEAP_INDEX = 2;
export const HEAP_FIELDS = 3;

// ── Walk state (scratch), P+1 entries per row: the state before layer l at entry l ──
/** f64 rows: rf, jump, cost. */
export const SCRATCH_F64_ROWS = 3;
/** i32 rows: the choice (digit) at each layer, the cost state. */
export const SCRATCH_I32_ROWS = 2;
