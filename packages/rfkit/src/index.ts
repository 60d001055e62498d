// The public surface of rfkit (named exports only; everything else is internal).
// Analysis: the closed form, and the input box of any output unit.
export { analyze } from './analysis/analyze.js';
// The effective receptive field behind a report's `erf`: per-axis weights (and a 2-D map) to draw.
export { erfOf } from './analysis/erf-of.js';
// The exact n-D set of input positions of one unit (the union over merged paths), and its slices.
export type { Footprint, FootprintOptions } from './analysis/footprint.js';
export { footprintOf } from './analysis/footprint.js';
export type { FootprintSliceOptions } from './analysis/footprint-slice.js';
export { footprintSize, footprintSlice } from './analysis/footprint-slice.js';
export { regionOf } from './analysis/region.js';
// The output-size formulas analyze uses, one axis at a time, for tools that track tensor shapes
// themselves (the ONNX importer) and must agree with analyze to the pixel.
export { deconvOutputSize, samePadding, splitPadding, windowOutputSize } from './analysis/sizes.js';
// Misuse and bad input: one error type with a `code`, the offending field's `path` and `details`.
export type {
  RfErrorCode,
  RfErrorDetails,
  RfErrorDetailsMap,
  SpaceTooLargeDetails,
  WasmUnavailableReason,
} from './errors.js';
export { isRfError, RfError } from './errors.js';
// Models: JSON validation, the compact text form, and the list of ops.
export { toCompact } from './model/compact-write.js';
export { OPS, parseCompact, parseModel } from './model/parse.js';
// The brute-force oracle: exact and slow, for tests and checking.
export type { OracleErfAxis } from './oracle/oracle.js';
export { oracle, oracleErf, oracleFootprint, oracleRegion } from './oracle/oracle.js';
// Search: exact count, the sweep (wasm + js), index ranges and shards, results and their JSON form.
export { init } from './search/backend/compile.js';
export type {
  InitOptions,
  KernelSource,
  ResponseLike,
  WasmModuleLike,
} from './search/backend/init-options.js';
export { count } from './search/count/count.js';
export type { SweepResultJSON } from './search/result/json.js';
export { resultFromJSON, resultToJSON } from './search/result/json.js';
export { mergeResults } from './search/result/merge.js';
export { search, searchSync } from './search/search.js';
export type { SearchOptions } from './search/search-options.js';
export { normalizeSweep } from './search/space/normalize.js';
export type { IndexRange } from './search/space/range.js';
export { shardRange } from './search/space/range.js';
export type * from './types.js';
// The reference models are the separate entry `rfkit/zoo` (src/zoo/index.ts), so that apps that
// do not use them do not ship them.
