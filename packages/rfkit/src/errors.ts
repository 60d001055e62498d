import { show } from './messages.js';

/** Machine-readable error categories. */
export type RfErrorCode =
  | 'invalid-model' // a field of a ModelSpec has a bad type or value
  | 'invalid-compact' // the compact text form does not parse
  | 'unknown-field'
  | 'unknown-op'
  | 'unknown-layer' // an `inputs` entry names no earlier layer
  | 'duplicate-name'
  | 'cycle'
  | 'axes-mismatch' // per-axis arrays of different lengths
  | 'empty-output' // an output size reaches zero
  | 'jump-mismatch' // paths merge at different jumps
  | 'size-mismatch' // paths merge with different known output sizes
  | 'misaligned' // a misaligned merge with `strict`
  | 'overflow' // a value leaves the range where arithmetic is exact
  | 'invalid-sweep' // a SweepSpec field has a bad type or value
  | 'space-too-large'
  | 'cost-overflow' // costs could pass 2^53
  | 'invalid-result' // a SweepResult (JSON) is malformed
  | 'merge-mismatch' // shards of different spaces, duplicates or gaps
  | 'invalid-argument'
  | 'wasm-unavailable'
  | 'invalid-onnx' // an ONNX file does not decode, or its graph is malformed (dangling input, bad attribute)
  | 'unsupported-op' // an ONNX node whose geometry rfkit cannot represent
  | 'too-large'; // a file above the size limit, or absurd dimensions

/** Why a search is refused as too large (RfError `space-too-large`). */
export type SpaceTooLargeDetails =
  /** The whole space has more combinations than indices can count exactly (2^53); no shard helps. */
  | { limit: 'exact-indices'; combinations: bigint; max: bigint }
  /** One run (a shard, a range or the whole space) would cover more combinations than it may. */
  | { limit: 'combinations-per-run'; combinations: bigint; max: bigint }
  /** One run would walk more prefixes than it may, even with the space's last layers folded. */
  | { limit: 'prefixes-per-run'; combinations: bigint; prefixes: number; max: number }
  /** The search tables do not fit into the WebAssembly memory the host allows. */
  | { limit: 'memory'; bytes: number }
  /** More layers than a space may have. */
  | { limit: 'depth'; depth: number; max: number }
  /** A layer (or a choice list) with more choices than a layer may have. */
  | { limit: 'layer-choices'; choices: number; max: number }
  /** More choices over all layers together than a space may have. */
  | { limit: 'space-choices'; choices: number; max: number }
  /** count(): more distinct total strides after `layer` than it tracks. */
  | { limit: 'count-strides'; layer: number; max: number }
  /** count(): a bound on the (total stride, rf) states after `layer` passes the limit. */
  | { limit: 'count-states'; layer: number; states: number; max: number }
  /** count(): a bound on its state updates over all layers passes the limit. */
  | { limit: 'count-work'; work: number; max: number }
  /** The sweep: some combination's total stride or rf (before the constraints prune it) passes 2^53. */
  | { limit: 'sweep-arithmetic'; value: number; max: number }
  /** The DP engine: a bound on the (jump, rf, cost state) states after `layer` passes the limit. */
  | { limit: 'dp-states'; layer: number; states: number; max: number }
  /** The DP engine: a bound on the memory its states and kept prefixes need passes the limit. */
  | { limit: 'dp-memory'; bytes: number; max: number }
  /** The DP engine: a bound on its state moves (states × choices, over the layers) passes the limit. */
  | { limit: 'dp-work'; work: number; max: number };

/**
 * Why the WebAssembly kernel cannot run (RfError `wasm-unavailable`): the host has no WebAssembly;
 * it forbids compiling code (a page's Content-Security-Policy without 'wasm-unsafe-eval', a
 * Cloudflare Worker); its engine lacks SIMD; the kernel could not be fetched; what init() was
 * given is not a WebAssembly module; or it is the kernel of another rfkit version.
 */
export type WasmUnavailableReason =
  | 'no-webassembly'
  | 'forbidden'
  | 'no-simd'
  | 'fetch-failed'
  | 'invalid-kernel'
  | 'layout-mismatch';

/** The `details` of an RfError, per code. Codes not listed here carry an empty object. */
export interface RfErrorDetailsMap {
  'space-too-large': SpaceTooLargeDetails;
  /** The largest total cost of the space. */
  'cost-overflow': { cost: number; max: number };
  'wasm-unavailable': { reason: WasmUnavailableReason };
}

export type RfErrorDetails<C extends RfErrorCode = RfErrorCode> = C extends keyof RfErrorDetailsMap
  ? RfErrorDetailsMap[C]
  : Record<string, never>;

/**
 * The one error type for misuse and bad input. `path` locates the offending field, e.g.
 * `layers[3] (conv2).stride`; `details` carries the numbers behind the message for the codes of
 * RfErrorDetailsMap, so that callers never parse messages (narrow with `isRfError(e, code)`).
 */
export class RfError<C extends RfErrorCode = RfErrorCode> extends Error {
  readonly code: C;
  readonly path: string | undefined;
  readonly details: RfErrorDetails<C>;

  constructor(
    code: C,
    message: string,
    path?: string,
    ...details: C extends keyof RfErrorDetailsMap ? [RfErrorDetails<C>] : []
  ) {
    // Never throws, whatever it is given (a message that is not a string is quoted).
    super(typeof message === 'string' ? message : show(message));
    this.name = 'RfError';
    this.code = code;
    this.path = typeof path === 'string' || path === undefined ? path : show(path);
    this.details = (details[0] ?? {}) as RfErrorDetails<C>;
  }
}

/** Whether `e` is an RfError (of `code`, when given). Works across bundles and worker threads. */
export function isRfError<C extends RfErrorCode = RfErrorCode>(e: unknown, code?: C): e is RfError<C> {
  return (
    e instanceof Error &&
    (e as { name?: string }).name === 'RfError' &&
    'code' in e &&
    (code === undefined || (e as { code: unknown }).code === code)
  );
}

/** Throws RfError `invalid-argument` for the option or argument at `path`. */
export function invalidArgument(path: string, message: string): never {
  throw new RfError('invalid-argument', `${path}: ${message}`, path);
}

/** RfError `wasm-unavailable` with its reason. */
export function wasmUnavailable(reason: WasmUnavailableReason, message: string): RfError<'wasm-unavailable'> {
  return new RfError('wasm-unavailable', message, undefined, { reason });
}
