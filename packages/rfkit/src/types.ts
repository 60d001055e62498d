// Public types of rfkit: the TypeScript form of the JSON formats described in docs/model-format.md,
// docs/search-space.md and docs/results.md, shared by the analysis, search, CLI, ONNX and web
// packages.

// ───────────────────────────── Model ─────────────────────────────

export type Op =
  | 'conv'
  | 'maxpool'
  | 'avgpool'
  | 'deconv'
  | 'upsample'
  | 'identity'
  | 'add'
  | 'concat'
  | 'mul'
  | 'global';

/** A scalar (same on every axis) or one value per spatial axis. */
export type PerAxis = number | number[];

/**
 * Padding as written in a model: an integer (both sides), per-axis integers,
 * `{ begin, end }` (asymmetric, per axis; negative crops), `"valid"`, `"same"` (TF/ONNX
 * SAME_UPPER) or `"same-lower"` (odd pixel on the left).
 */
export type PaddingSpec =
  | number
  | number[]
  | { begin: number[]; end: number[] }
  | 'valid'
  | 'same'
  | 'same-lower';

/** One layer as written in a model file (docs/model-format.md). */
export interface LayerSpec {
  /** Unique name; default `<op>_<index>`. */
  name?: string;
  op: Op;
  /** Required for conv, maxpool, avgpool, deconv. */
  kernel?: PerAxis;
  /** Default 1. */
  stride?: PerAxis;
  /** Default 1. */
  dilation?: PerAxis;
  /** Upsample factor (nearest); required for upsample. */
  scale?: PerAxis;
  /** Default 0. */
  padding?: PaddingSpec;
  /** Pools only: PyTorch ceil_mode output size. Default false. */
  ceilMode?: boolean;
  /** Deconv only: extra rows/cols on the end of the output. Default 0. */
  outputPadding?: PerAxis;
  /** Output channels (optional; used for cost only). */
  channels?: number;
  /** Names of earlier layers, or `"input"`. Default: the previous layer (the model input for the first). */
  inputs?: string[];
}

export interface ModelSpec {
  name?: string;
  input?: { size?: number[]; channels?: number };
  layers: LayerSpec[];
}

/** Padding after normalisation to the model's number of axes. */
export type NormalizedPadding =
  | { kind: 'explicit'; begin: number[]; end: number[] }
  | { kind: 'same'; lower: boolean };

/** A layer after validation: every per-axis field has exactly `axes` entries, defaults filled in. */
export interface NormalizedLayer {
  name: string;
  op: Op;
  /** Index in `Model.layers`. */
  index: number;
  kernel: number[];
  stride: number[];
  dilation: number[];
  scale: number[];
  padding: NormalizedPadding;
  ceilMode: boolean;
  outputPadding: number[];
  channels: number | null;
  /** Resolved input names; `"input"` is the model input. Always ≥ 1 entry. */
  inputs: string[];
}

/** A validated model: names unique, inputs resolved, acyclic, per-axis fields expanded. */
export interface Model {
  name: string;
  axes: number;
  input: { size: number[] | null; channels: number | null };
  layers: NormalizedLayer[];
}

// ─────────────────────────── Analysis ───────────────────────────

export type Axis<T> = (T | null)[];

export interface LayerReport {
  name: string;
  op: Op;
  inputs: string[];
  rf: Axis<number>;
  jump: Axis<number>;
  effectivePadding: Axis<number>;
  center: Axis<number>;
  outputSize: Axis<number>;
  covered: Axis<number>;
  global: boolean;
  /**
   * The smallest rf over the paths from the model input to this layer (a merge keeps its smallest
   * input's where `rf` takes the union); equals `rf` in a chain.
   */
  rfMin: Axis<number>;
  /** The effective receptive field of unit 0 (see ErfSummary); null on global layers. */
  erf: ErfSummary;
  /**
   * Present only when some axis repeats with a period > 1 (after deconv/upsample), so that
   * `regionOf` is exact: one phase table per axis (see PhaseTable; period 1 on plain axes).
   */
  phases?: PhaseTable[];
}

/**
 * The effective receptive field of unit 0: the influence of each input position when every op
 * spreads a unit's weight equally over what it reads. Per axis; null where rf is null, on global
 * layers, and where unit 0 reads no input.
 */
export interface ErfSummary {
  /** Standard deviation of the weights, in input pixels. */
  std: Axis<number>;
  /**
   * Positions from the first where the cumulative weight exceeds 2.5% to the first where it reaches
   * 97.5%, inclusive: the central 95% of the influence.
   */
  span: Axis<number>;
}

/** One axis of `erfOf`: unit 0's weights over input positions (padding positions included). */
export interface ErfAxis {
  /**
   * Input position of `weights[0]`: the first position of the unit's region (negative: padding).
   * Null when positions depend on an unknown input size (SAME padding); the weights do not.
   */
  start: number | null;
  /** Weight of positions `start, start + 1, …`, summing to 1 (0 in holes). */
  weights: Float64Array;
  /** Mean position (null with `start`). */
  mean: number | null;
  /** As `erf.std`. */
  std: number;
  /** The positions `erf.span` counts, as indices into `weights` (inclusive). */
  span: { first: number; last: number };
}

/** `erfOf(report, layer)`: the effective receptive field of unit 0 of a layer. */
export interface ErfDistribution {
  layer: string;
  /** Per axis; null where the report's `erf` is null. */
  axes: (ErfAxis | null)[];
  /**
   * With `options.map`: the joint weights over two axes, row-major (`weights[i·width + j]` is at
   * `start[0] + i` on the first axis and `start[1] + j` on the second). Null where either axis is null.
   */
  map?: ErfMap | null;
}

export interface ErfMap {
  axes: [number, number];
  start: [number | null, number | null];
  /** Rows (along the first axis) and columns (along the second). */
  height: number;
  width: number;
  weights: Float64Array;
}

export interface ErfOptions {
  /** Also compute the joint 2-D weights over these two axes (e.g. `[0, 1]`). Default: none. */
  map?: [number, number];
}

/**
 * Unit `o` of a layer reads input `[start[r] + m·shift, end[r] + m·shift]` with `r = o mod period`,
 * `m = floor(o / period)` (unclipped, inclusive); jump = shift / period. start/end are null for a
 * phase that reads no input, or whose region depends on an unknown input size.
 */
export interface PhaseTable {
  period: number;
  shift: number;
  start: (number | null)[];
  end: (number | null)[];
}

export interface Warning {
  /**
   * e.g. `misaligned-merge`, `rf-exceeds-input`, `same-padding-unknown-size`, `unproductive` (the
   * first layer whose rfMin exceeds the input on every axis), `erf-span-too-large`.
   */
  code: string;
  message: string;
  /** Names of the layers concerned. */
  layers: string[];
}

export interface Report {
  name: string;
  input: { size: number[] | null; channels: number | null };
  axes: number;
  layers: LayerReport[];
  output: LayerReport;
  warnings: Warning[];
}

/**
 * What the brute-force `oracle` reports: every field but `rfMin` and `erf` (the oracle's ERF is
 * `oracleErf`, layer by layer; the smallest rf over paths has no brute force short of listing the
 * paths, exponential in the number of merges).
 */
export type OracleLayerReport = Omit<LayerReport, 'rfMin' | 'erf'>;

export interface OracleReport extends Omit<Report, 'layers' | 'output'> {
  layers: OracleLayerReport[];
  output: OracleLayerReport;
}

export interface AnalyzeOptions {
  /** Misaligned merges are errors instead of warnings. Default false. */
  strict?: boolean;
  /** Overrides `input.size` (one value per axis, or a scalar for every axis). Default: the model's. */
  inputSize?: PerAxis;
  /**
   * Compute the effective receptive field (`erf`). Default true. It costs more than the rest of
   * the analysis together (its span needs the weights themselves); with false every `erf` entry is
   * null and the analysis runs at its plain speed.
   */
  erf?: boolean;
}

export interface Region {
  /** Inclusive first input index per axis (may be negative: padding). `null` where undetermined. */
  start: Axis<number>;
  /** Inclusive last input index per axis. */
  end: Axis<number>;
  /** The same box clipped to `[0, n)`; `null` without an input size. */
  clipped: { start: Axis<number>; end: Axis<number> } | null;
}

// ───────────────────────────── Search ─────────────────────────────

export type Objective = 'kernel-area' | 'params' | 'flops';

/** Whether a search admits combinations whose unit 0 skips pixels of its span. */
export type Holes = 'none' | 'allow';

export interface ChoiceLists {
  kernel: number[];
  stride: number[];
  /** Default [1]. */
  dilation?: number[];
}

export interface SweepSpec {
  depth: number;
  choices: ChoiceLists;
  /** Per-layer overrides, keyed by layer index as a decimal string; each key overrides `choices` key by key. */
  layers?: Record<string, Partial<ChoiceLists>>;
  constraints?: {
    rf?: { min?: number; max?: number };
    /** Required total stride (product of strides). */
    stride?: number;
    inputSize?: number;
    minOutput?: number;
    /**
     * `"none"` (default): only combinations whose every layer reads each pixel of its span (no
     * gridding from dilation, no pixel skipped by a stride); `"allow"`: every combination.
     */
    holes?: Holes;
  };
  /** Default `kernel-area`. */
  objective?: Objective;
  /** Default `{ in: 3, base: 32, growth: 2, max: 1024 }`. */
  channels?: { in?: number; base?: number; growth?: number; max?: number };
  /** Default 10. */
  top?: number;
}

/** A validated sweep: every layer's lists expanded, defaults filled in. */
export interface NormalizedSweep {
  depth: number;
  /** One entry per layer. */
  layers: { kernel: number[]; stride: number[]; dilation: number[] }[];
  rfMin: number | null;
  rfMax: number | null;
  stride: number | null;
  inputSize: number | null;
  minOutput: number | null;
  holes: Holes;
  objective: Objective;
  channels: { in: number; base: number; growth: number; max: number };
  top: number;
  /** Number of combinations: the product over layers of their distinct choices. */
  total: bigint;
}

export interface LayerChoice {
  kernel: number;
  stride: number;
  dilation: number;
}

export interface Candidate {
  /** Mixed-radix index, layer 0 most significant. */
  index: bigint;
  layers: LayerChoice[];
  rf: number;
  /** Total stride. */
  stride: number;
  /** Input pixels (per axis) unit 0 of the last layer depends on; equal to `rf` when it has no holes. */
  covered: number;
  cost: number;
}

export type Backend = 'wasm' | 'js';

/**
 * How a result was computed: `sweep` enumerates the combinations (prefixes with folded suffixes);
 * `dp` computes the same result by dynamic programming over prefix states, without enumerating.
 */
export type Engine = 'sweep' | 'dp';

/** The engine a search is asked to run: one of them, or `auto` (pick the faster one that applies). */
export type EngineChoice = 'auto' | Engine;

/**
 * Why a search found nothing — a constraint (or the holes rule) that no combination meets — or how
 * it ran: `wasm-unavailable` (the js backend ran instead) and `threads-unavailable` (it ran on the
 * calling thread) can come with any result.
 */
export interface SearchWarning {
  /** e.g. `rf-min-unreachable`, `stride-unreachable`, `holes-unreachable`, `threads-unavailable`. */
  code: string;
  message: string;
}

export interface SweepResult {
  /** Combinations covered, pruned ones included. */
  evaluated: bigint;
  feasible: bigint;
  top: Candidate[];
  pareto: Candidate[];
  histogram: { rf: number; count: bigint }[];
  /**
   * Empty unless no combination of the space can be feasible (then they say which constraint fails)
   * or the run fell back (the js backend for wasm, one thread for many).
   */
  warnings: SearchWarning[];
  engine: Engine;
  backend: Backend;
  elapsedMs: number;
  /** The index range `[start, end)` the run was asked to cover (the options' range and shard, or everything). */
  range: { start: bigint; end: bigint };
  /**
   * true only when the result covers the whole space (`range` is `[0, total)` and `nextIndex` is
   * `total`). A finished shard or range is not complete; a run stopped early has `nextIndex < range.end`.
   */
  complete: boolean;
  /** First index not yet covered: `range.end` once the run finished its range; indices `[range.start, nextIndex)` are done. */
  nextIndex: bigint;
  /** Total combinations in the whole space. */
  total: bigint;
  /** Fingerprint of the normalised space, so shards of different spaces are never merged. */
  spaceId: string;
}
