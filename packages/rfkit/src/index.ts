// The public surface of rfkit. Everything else is internal.

export { RfError, isRfError } from './errors.js';
export type { RfErrorCode } from './errors.js';
export type * from './types.js';

// Model parsing (DESIGN §2)
export { parseModel, parseCompact, toCompact } from './model/parse.js';

// Analysis (DESIGN §1, §3)
export { analyze } from './analysis/analyze.js';
export { regionOf } from './analysis/region.js';

// The brute-force oracle: exact and slow, for tests and checking.
export { oracle, oracleRegion } from './oracle/oracle.js';

// Reference models
export { zoo, zooInfo, zooNames } from './zoo/index.js';
export type { ZooInfo } from './zoo/index.js';

// Search (DESIGN §4)
export { init } from './search/init.js';
export { normalizeSweep } from './search/normalize.js';
export { search } from './search/search.js';
export { count } from './search/count.js';
export { mergeResults } from './search/merge.js';
export { resultToJSON, resultFromJSON } from './search/json.js';
export type { SweepResultJSON } from './search/json.js';
