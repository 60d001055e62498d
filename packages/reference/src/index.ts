// @rfkit/reference: what rfkit's tests and the benchmark check against, kept apart from rfkit so
// that it never shares rfkit's code — the naive evaluator and the space expansion are written from
// the definitions alone — plus the random generators of spaces and models and the repository's
// structure checks.

export { comparable } from './compare.js';
export { type ModelArbOptions, modelArb } from './models.js';
export { naiveSearch } from './naive.js';
export {
  chain,
  choicesOf,
  coveredBy,
  decode,
  denseAtEveryLayer,
  type Evaluation,
  evaluate,
  expand,
} from './space.js';
export { spaceIdOf } from './space-id.js';
export { smallSweep, wideSweep } from './sweeps.js';
export type * from './types.js';
