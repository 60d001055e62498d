// Reading a SweepResult field by field, from its JSON form (counts as decimal strings) or as an
// object handed to the library (counts as BigInts): types and ranges of every field, into a fresh
// copy. Only the fixed schema is walked — never the value generically — so cycles, getters, deep
// nesting or huge values elsewhere cost nothing, and every error names its field. What the fields
// must say about each other is checked in verify.ts.

import { RfError } from '../../errors.js';
import { show } from '../../messages.js';
import type { Backend, Candidate, Engine, LayerChoice, SearchWarning, SweepResult } from '../../types.js';
import { MAX_RESULT_ENTRIES } from '../space/limits.js';

/** How counts and indices are written: BigInts in memory, decimal strings (or safe integers) in JSON. */
export type CountForm = 'bigint' | 'json';

/** `prefix.name`, or just `name` at the top of a JSON file. */
export function fieldPath(prefix: string, name: string): string {
  if (prefix === '') return name;
  return name.startsWith('[') ? `${prefix}${name}` : `${prefix}.${name}`;
}

export function invalidResult(path: string, message: string): never {
  throw new RfError('invalid-result', `${path}: ${message}`, path);
}

/** show(), but a long string by its length: a megabyte of digits in a file is no use in a message. */
function quote(x: unknown): string {
  return typeof x === 'string' && x.length > 60 ? `a string of ${x.length} characters` : show(x);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Reads `o[key]`; a getter that throws counts as a bad field, not as a crash. */
function get(o: Record<string, unknown>, key: string, path: string): unknown {
  try {
    return o[key];
  } catch {
    invalidResult(path, 'could not be read');
  }
}

export function object(x: unknown, path: string): Record<string, unknown> {
  if (!isRecord(x)) invalidResult(path, `expected an object, got ${quote(x)}`);
  return x;
}

/** A dense copy of the array at `x`: holes read as undefined (and are refused as such). */
export function array(x: unknown, path: string): unknown[] {
  if (!Array.isArray(x)) invalidResult(path, `expected an array, got ${quote(x)}`);
  if (x.length > MAX_RESULT_ENTRIES) {
    invalidResult(
      path,
      `has ${x.length} entries, more than the ${MAX_RESULT_ENTRIES} a result list may have`,
    );
  }
  return Array.from(x);
}

export function count(x: unknown, path: string, form: CountForm): bigint {
  if (form === 'bigint') {
    if (typeof x !== 'bigint' || x < 0n) invalidResult(path, `expected a BigInt >= 0n, got ${quote(x)}`);
    return x;
  }
  // Strings as the format says; safe integers too, as hand-written JSON may have them.
  if (typeof x === 'number' && Number.isSafeInteger(x) && x >= 0) return BigInt(x);
  // The length bound keeps BigInt() from parsing a megabyte of digits; no count has 40.
  if (typeof x !== 'string' || x.length > 40 || !/^(0|[1-9][0-9]*)$/.test(x)) {
    invalidResult(path, `expected a non-negative integer as a decimal string, got ${quote(x)}`);
  }
  return BigInt(x);
}

export function int(x: unknown, path: string, min: number): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < min)
    invalidResult(path, `expected an integer >= ${min}, got ${quote(x)}`);
  return x;
}

function finite(x: unknown, path: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < 0)
    invalidResult(path, `expected a finite number >= 0, got ${quote(x)}`);
  return x;
}

function layerOf(x: unknown, path: string): LayerChoice {
  const o = object(x, path);
  return {
    kernel: int(get(o, 'kernel', path), fieldPath(path, 'kernel'), 1),
    stride: int(get(o, 'stride', path), fieldPath(path, 'stride'), 1),
    dilation: int(get(o, 'dilation', path), fieldPath(path, 'dilation'), 1),
  };
}

function candidateOf(x: unknown, path: string, form: CountForm): Candidate {
  const o = object(x, path);
  const index = count(get(o, 'index', path), fieldPath(path, 'index'), form);
  const layersPath = fieldPath(path, 'layers');
  const list = array(get(o, 'layers', path), layersPath);
  if (list.length === 0) invalidResult(layersPath, 'expected at least one layer');
  const layers = list.map((l, i) => layerOf(l, `${layersPath}[${i}]`));
  return {
    index,
    layers,
    rf: int(get(o, 'rf', path), fieldPath(path, 'rf'), 1),
    stride: int(get(o, 'stride', path), fieldPath(path, 'stride'), 1),
    covered: int(get(o, 'covered', path), fieldPath(path, 'covered'), 1),
    cost: finite(get(o, 'cost', path), fieldPath(path, 'cost')),
  };
}

/** A short non-empty string (a warning's code or message). */
function text(x: unknown, path: string, max: number): string {
  if (typeof x !== 'string' || x === '' || x.length > max)
    invalidResult(path, `expected a non-empty string of at most ${max} characters, got ${quote(x)}`);
  return x;
}

function warningOf(x: unknown, path: string): SearchWarning {
  const o = object(x, path);
  return {
    code: text(get(o, 'code', path), fieldPath(path, 'code'), 100),
    message: text(get(o, 'message', path), fieldPath(path, 'message'), 2000),
  };
}

/**
 * The result at `x`, every field type-checked, as a fresh object. `prefix` is prepended to the
 * field paths of errors (`parts[2]`, `resume`; '' for a JSON file). Throws RfError
 * `invalid-result` naming the field.
 */
export function readResult(x: unknown, prefix: string, form: CountForm): SweepResult {
  const root = prefix === '' ? 'result' : prefix;
  if (!isRecord(x)) {
    const what = form === 'json' ? 'the JSON form of a search result' : 'a SweepResult';
    invalidResult(root, `expected ${what} (an object), got ${quote(x)}`);
  }
  const at = (name: string) => fieldPath(prefix, name);
  const field = (name: string) => get(x, name, at(name));
  const range = object(field('range'), at('range'));
  const backend = field('backend');
  if (backend !== 'wasm' && backend !== 'js') {
    invalidResult(at('backend'), `expected "wasm" or "js", got ${quote(backend)}`);
  }
  const engine = field('engine');
  if (engine !== 'sweep' && engine !== 'dp') {
    invalidResult(at('engine'), `expected "sweep" or "dp", got ${quote(engine)}`);
  }
  const complete = field('complete');
  if (typeof complete !== 'boolean')
    invalidResult(at('complete'), `expected true or false, got ${quote(complete)}`);
  const spaceId = field('spaceId');
  if (typeof spaceId !== 'string' || spaceId === '' || spaceId.length > 200) {
    invalidResult(at('spaceId'), `expected the space's fingerprint (a short string), got ${quote(spaceId)}`);
  }
  const histogram = array(field('histogram'), at('histogram')).map((h, i) => {
    const path = at(`histogram[${i}]`);
    const o = object(h, path);
    return {
      rf: int(get(o, 'rf', path), fieldPath(path, 'rf'), 1),
      count: count(get(o, 'count', path), fieldPath(path, 'count'), form),
    };
  });
  return {
    evaluated: count(field('evaluated'), at('evaluated'), form),
    feasible: count(field('feasible'), at('feasible'), form),
    top: array(field('top'), at('top')).map((c, i) => candidateOf(c, at(`top[${i}]`), form)),
    pareto: array(field('pareto'), at('pareto')).map((c, i) => candidateOf(c, at(`pareto[${i}]`), form)),
    histogram,
    warnings: array(field('warnings'), at('warnings')).map((w, i) => warningOf(w, at(`warnings[${i}]`))),
    engine: engine as Engine,
    backend: backend as Backend,
    elapsedMs: finite(field('elapsedMs'), at('elapsedMs')),
    range: {
      start: count(get(range, 'start', at('range')), at('range.start'), form),
      end: count(get(range, 'end', at('range')), at('range.end'), form),
    },
    complete,
    nextIndex: count(field('nextIndex'), at('nextIndex'), form),
    total: count(field('total'), at('total'), form),
    spaceId,
  };
}
