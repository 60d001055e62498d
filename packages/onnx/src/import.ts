// The public entry point: bytes of an .onnx file → ModelSpec and warnings.

import type { ModelSpec, Warning } from 'rfkit';
import { isRfError, RfError } from 'rfkit';
import { convert } from './convert.js';
import { decodeModel } from './decode.js';
import { topology } from './graph.js';
import { DEFAULT_MAX_BYTES } from './limits.js';
import { isLayoutError } from './state.js';

export interface ImportOptions {
  /**
   * Unknown ops with one input path become `identity` layers, each listed in `warnings`
   * (code `unknown-op-as-identity`), instead of an `unsupported-op` error. Default false.
   */
  unknownAsIdentity?: boolean;
  /** Files larger than this many bytes are refused (`too-large`). Default 1 GiB. */
  maxBytes?: number;
  /** `ModelSpec.name`. Default: the ONNX graph's name, or `onnx-model`. */
  name?: string;
}

export interface ImportResult {
  model: ModelSpec;
  /** What the import could not represent exactly (see the README for the codes). */
  warnings: Warning[];
}

/**
 * Reads an ONNX model (the bytes of a `.onnx` file) into a ModelSpec for `analyze`.
 * Never touches the file system: tensors stored as external data are not read (their dims,
 * kept in the file, are all the importer needs). Throws `RfError` with code `invalid-onnx`,
 * `unsupported-op`, `too-large`, `cycle` or `invalid-argument`.
 */
export function importOnnx(bytes: Uint8Array, options: ImportOptions = {}): ImportResult {
  if (!(bytes instanceof Uint8Array)) {
    throw new RfError('invalid-argument', 'importOnnx expects the file contents as a Uint8Array');
  }
  checkImportOptions(options);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) {
    throw new RfError(
      'too-large',
      `the file has ${bytes.length} bytes, more than the limit of ${maxBytes} (ImportOptions.maxBytes)`,
    );
  }
  if (bytes.length === 0) throw new RfError('invalid-onnx', 'not a valid ONNX file: it is empty');
  try {
    const graph = decodeModel(bytes);
    const topo = topology(graph);
    const convertOptions = { unknownAsIdentity: options.unknownAsIdentity === true, name: options.name };
    try {
      return convert(graph, topo, 'channels-first', convertOptions);
    } catch (first) {
      if (!isLayoutError(first)) throw first;
      // The spatial axes did not line up with an NCHW input: try NHWC once (TensorFlow exports).
      let result: ImportResult;
      try {
        result = convert(graph, topo, 'channels-last', convertOptions);
      } catch {
        throw first;
      }
      result.warnings.unshift({
        code: 'channels-last-input',
        message: 'the model input was read as channels-last (N, spatial…, C)',
        layers: [],
      });
      return result;
    }
  } catch (e) {
    if (isRfError(e)) throw e;
    // A malformed file must end in an RfError, never in a raw TypeError/RangeError.
    const why = e instanceof Error ? e.message : String(e);
    throw new RfError('invalid-onnx', `internal error while importing the file (${why})`);
  }
}

const OPTION_KEYS = ['unknownAsIdentity', 'maxBytes', 'name'];

/** `options` is an object of known keys with values of the right types (misuse is an RfError). */
function checkImportOptions(options: unknown): asserts options is ImportOptions {
  const bad = (msg: string, path: string): never => {
    throw new RfError('invalid-argument', `importOnnx: ${msg}`, path);
  };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    bad(
      `options must be an object (${OPTION_KEYS.join(', ')}) or undefined, got ${describe(options)}`,
      'options',
    );
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!OPTION_KEYS.includes(key)) bad(`unknown option "${key}" (allowed: ${OPTION_KEYS.join(', ')})`, key);
  }
  const { maxBytes, name, unknownAsIdentity } = o;
  if (maxBytes !== undefined && (typeof maxBytes !== 'number' || !(maxBytes > 0))) {
    bad(`maxBytes must be a positive number, got ${describe(maxBytes)}`, 'maxBytes');
  }
  if (name !== undefined && typeof name !== 'string')
    bad(`name must be a string, got ${describe(name)}`, 'name');
  if (unknownAsIdentity !== undefined && typeof unknownAsIdentity !== 'boolean') {
    bad(`unknownAsIdentity must be a boolean, got ${describe(unknownAsIdentity)}`, 'unknownAsIdentity');
  }
}

function describe(v: unknown): string {
  if (v === null || Array.isArray(v)) return v === null ? 'null' : 'an array';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v.slice(0, 40));
  return typeof v === 'object' || typeof v === 'function' || typeof v === 'symbol'
    ? `a ${typeof v}`
    : String(v);
}
