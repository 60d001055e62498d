// The public surface of rfkit. Everything else is internal.

// Analysis (DESIGN §1, §3)
export { analyze } from './analysis/analyze.js';
export { regionOf } from './analysis/region.js';
export type { RfErrorCode } from './errors.js';
export { isRfError, RfError } from './errors.js';
// Model parsing (DESIGN §2)
export { parseCompact, parseModel, toCompact } from './model/parse.js';
// The brute-force oracle: exact and slow, for tests and checking.
export { oracle, oracleRegion } from './oracle/oracle.js';
export { count } from './search/count.js';
// Search (DESIGN §4)
export { init } from './search/init.js';
export type { SweepResultJSON } from './search/json.js';
export { resultFromJSON, resultToJSON } from './search/json.js';
export { mergeResults } from './search/merge.js';
export { normalizeSweep } from './search/normalize.js';
export { search } from './search/search.js';
export type * from './types.js';
export type { ZooInfo } from './zoo/index.js';
// Reference models
export { zoo, zooInfo, zooNames } from './zoo/index.js';
