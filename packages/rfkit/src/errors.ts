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

/** The one error type for misuse and bad input. `path` locates the offending field, e.g. `layers[3] (conv2).stride`. */
export class RfError extends Error {
  readonly code: RfErrorCode;
  readonly path: string | undefined;

  constructor(code: RfErrorCode, message: string, path?: string) {
    // Never throws, whatever it is given (a message that is not a string is quoted).
    super(typeof message === 'string' ? message : show(message));
    this.name = 'RfError';
    this.code = code;
    this.path = typeof path === 'string' || path === undefined ? path : show(path);
  }
}

export function isRfError(e: unknown): e is RfError {
  return e instanceof Error && (e as { name?: string }).name === 'RfError' && 'code' in e;
}
