// Validation and normalisation of a ModelSpec into a Model; the field checks are in fields.ts.
import { show } from '../messages.js';
import { checkOptions } from '../options.js';
import type {
  LayerSpec,
  Model,
  ModelSpec,
  NormalizedLayer,
  NormalizedPadding,
  Op,
  PerAxis,
} from '../types.js';

import {
  AxesTracker,
  checkInt,
  checkPadding,
  checkPerAxis,
  Expander,
  fail,
  isObject,
  type RawPadding,
  Where,
} from './fields.js';

export { parseCompact } from './compact.js';

export const OPS: readonly Op[] = Object.freeze<Op[]>([
  'conv',
  'maxpool',
  'avgpool',
  'deconv',
  'upsample',
  'identity',
  'add',
  'concat',
  'mul',
  'global',
]);

export const MERGE_OPS: ReadonlySet<Op> = new Set<Op>(['add', 'concat', 'mul']);

const COMMON_FIELDS = ['name', 'op', 'inputs', 'channels'];
const WINDOW_FIELDS = ['kernel', 'stride', 'dilation', 'padding'];

/** Fields each op accepts; anything else is a mistake worth reporting (e.g. `scale` on a conv). */
export const OP_FIELDS: Readonly<Record<Op, readonly string[]>> = {
  conv: [...COMMON_FIELDS, ...WINDOW_FIELDS],
  maxpool: [...COMMON_FIELDS, ...WINDOW_FIELDS, 'ceilMode'],
  avgpool: [...COMMON_FIELDS, ...WINDOW_FIELDS, 'ceilMode'],
  deconv: [...COMMON_FIELDS, ...WINDOW_FIELDS, 'outputPadding'],
  upsample: [...COMMON_FIELDS, 'scale'],
  identity: COMMON_FIELDS,
  add: COMMON_FIELDS,
  concat: COMMON_FIELDS,
  mul: COMMON_FIELDS,
  global: COMMON_FIELDS,
};

const DEFAULT_AXES = 2;

export interface ParseModelOptions {
  /** Overrides `input.size` (a scalar means every axis). Default: the model's own. */
  inputSize?: PerAxis;
}

interface Pending {
  where: Where;
  name: string;
  op: Op;
  kernel?: number | number[];
  stride?: number | number[];
  dilation?: number | number[];
  scale?: number | number[];
  padding?: RawPadding;
  outputPadding?: number | number[];
  ceilMode: boolean;
  channels: number | null;
  inputs: string[] | null;
}

/**
 * Validates a ModelSpec and returns the normalised Model: every per-axis field expanded,
 * defaults filled in, names unique, inputs resolved to earlier layers. Throws RfError on any problem.
 * Per-axis arrays expanded from scalars are frozen and shared between layers (treat the Model as
 * read-only); arrays given in the spec are copied.
 */
export function parseModel(spec: unknown, options?: ParseModelOptions): Model {
  return seal(normalizeSpec(spec, checkOptions<ParseModelOptions>('parseModel', options, ['inputSize'])));
}

/**
 * parseModel without the seal, for rfkit's own use: a model that never leaves the library (analyze
 * of a spec) need not be frozen, which saves a third of the parsing time of a long chain.
 */
export function normalizeSpec(spec: unknown, options: ParseModelOptions = {}): Model {
  const top = new Where('');
  if (!isObject(spec))
    fail('invalid-model', top, `a model must be an object with "layers", got ${show(spec)}`);
  if (looksLikeModel(spec)) {
    fail(
      'invalid-model',
      top,
      'this object has the shape of a parsed Model but was not made by parseModel in this program (a copy, or JSON); pass the ModelSpec it came from',
    );
  }
  for (const key of Object.keys(spec)) {
    if (key !== 'name' && key !== 'input' && key !== 'layers') {
      fail('unknown-field', top.at(key), `unknown field "${key}" (allowed: name, input, layers)`);
    }
  }
  if (spec.name !== undefined && typeof spec.name !== 'string') {
    fail('invalid-model', top.at('name'), `name must be a string, got ${show(spec.name)}`);
  }
  const axesT = new AxesTracker();

  let size: number[] | null = null;
  let channels: number | null = null;
  if (spec.input !== undefined) {
    const w = new Where('input');
    if (!isObject(spec.input)) fail('invalid-model', w, `input must be an object, got ${show(spec.input)}`);
    for (const key of Object.keys(spec.input)) {
      if (key !== 'size' && key !== 'channels') {
        fail('unknown-field', w, `unknown field "input.${key}" (allowed: size, channels)`);
      }
    }
    if (spec.input.size !== undefined) {
      const s = spec.input.size;
      if (!Array.isArray(s))
        fail(
          'invalid-model',
          w.at('size'),
          `input.size must be an array (one entry per axis), got ${show(s)}`,
        );
      size = checkPerAxis(s, 1, w, 'input.size') as number[];
    }
    if (spec.input.channels !== undefined) channels = checkInt(spec.input.channels, 1, w, 'input.channels');
  }
  // A scalar override is expanded once the number of axes is known.
  let scalarSize: number | null = null;
  if (options.inputSize !== undefined) {
    const w = new Where('options');
    const v = checkPerAxis(options.inputSize, 1, w, 'inputSize');
    if (Array.isArray(v)) {
      axesT.see(v, w.at('inputSize'));
      size = v;
    } else {
      scalarSize = v;
      if (size) size = size.map(() => v);
    }
  }
  if (size) axesT.see(size, new Where('input', null, 'size'));

  if (!Array.isArray(spec.layers) || spec.layers.length === 0) {
    fail('invalid-model', top.at('layers'), `layers must be a non-empty array, got ${show(spec.layers)}`);
  }
  const rawLayers = spec.layers as unknown[];
  const pending: Pending[] = [];
  for (let i = 0; i < rawLayers.length; i++) {
    pending.push(checkLayer(rawLayers[i], i, axesT));
  }

  const axes = axesT.axes ?? DEFAULT_AXES;
  if (scalarSize !== null) size = new Array<number>(axes).fill(scalarSize);

  const index = new Map<string, number>();
  for (let i = 0; i < pending.length; i++) {
    const p = pending[i]!;
    if (p.name === 'input')
      fail('duplicate-name', p.where, 'the name "input" is reserved for the model input');
    const prev = index.get(p.name);
    if (prev !== undefined) {
      fail('duplicate-name', p.where, `duplicate name "${p.name}" (also layers[${prev}])`);
    }
    index.set(p.name, i);
  }

  const x = new Expander(axes);
  const layers: NormalizedLayer[] = pending.map((p, i) => normalizeLayer(p, i, x, index, pending));
  return {
    name: typeof spec.name === 'string' ? spec.name : 'model',
    axes,
    input: { size, channels },
    layers,
  };
}

const WINDOW_OPS: ReadonlySet<string> = new Set(['conv', 'maxpool', 'avgpool', 'deconv']);
const OP_FIELD_SETS = new Map<string, ReadonlySet<string>>(OPS.map((op) => [op, new Set(OP_FIELDS[op])]));

function checkLayer(raw: unknown, i: number, axesT: AxesTracker): Pending {
  const bare = new Where(i);
  if (!isObject(raw)) fail('invalid-model', bare, `a layer must be an object, got ${show(raw)}`);
  const rawName = raw.name;
  if (rawName !== undefined && (typeof rawName !== 'string' || rawName.length === 0)) {
    fail('invalid-model', bare.at('name'), `name must be a non-empty string, got ${show(rawName)}`);
  }
  const op = raw.op;
  const allowed = typeof op === 'string' ? OP_FIELD_SETS.get(op) : undefined;
  if (allowed === undefined) {
    const w = new Where(i, (rawName as string | undefined) ?? null, 'op');
    if (op === undefined) fail('invalid-model', w, `missing "op" (one of: ${OPS.join(', ')})`);
    fail('unknown-op', w, `unknown op ${show(op)} (allowed: ${OPS.join(', ')})`);
  }
  const name = (rawName as string | undefined) ?? `${op}_${i}`;
  const where = new Where(i, name);
  for (const key in raw) {
    // A field set to undefined says nothing (as if absent), whatever the op.
    if (!allowed.has(key) && raw[key] !== undefined) {
      fail(
        'unknown-field',
        where.at(key),
        `unknown field "${key}" for op ${op} (allowed: ${OP_FIELDS[op as Op].join(', ')})`,
      );
    }
  }
  const p: Pending = { where, name, op: op as Op, ceilMode: false, channels: null, inputs: null };
  if (raw.kernel !== undefined) p.kernel = perAxis(raw.kernel, 1, where, 'kernel', axesT);
  if (raw.stride !== undefined) p.stride = perAxis(raw.stride, 1, where, 'stride', axesT);
  if (raw.dilation !== undefined) p.dilation = perAxis(raw.dilation, 1, where, 'dilation', axesT);
  if (raw.scale !== undefined) p.scale = perAxis(raw.scale, 1, where, 'scale', axesT);
  if (raw.outputPadding !== undefined)
    p.outputPadding = perAxis(raw.outputPadding, 0, where, 'outputPadding', axesT);
  if (raw.padding !== undefined) {
    const pad = checkPadding(raw.padding, where.at('padding'));
    p.padding = pad;
    if (pad.kind === 'int') axesT.see(pad.value, where.at('padding'));
    if (pad.kind === 'pair') {
      axesT.see(pad.begin, where.at('padding.begin'));
      axesT.see(pad.end, where.at('padding.end'));
    }
    if (pad.kind === 'same' && op === 'deconv') {
      fail(
        'invalid-model',
        where.at('padding'),
        '"same" padding is not defined for deconv; give explicit padding',
      );
    }
  }
  if (raw.ceilMode !== undefined) {
    if (typeof raw.ceilMode !== 'boolean') {
      fail('invalid-model', where.at('ceilMode'), `ceilMode must be a boolean, got ${show(raw.ceilMode)}`);
    }
    p.ceilMode = raw.ceilMode;
  }
  if (raw.channels !== undefined) p.channels = checkInt(raw.channels, 1, where.at('channels'), 'channels');
  if (p.kernel === undefined && WINDOW_OPS.has(op as string)) {
    fail('invalid-model', where.at('kernel'), `kernel is required for ${op}`);
  }
  if (op === 'upsample' && p.scale === undefined)
    fail('invalid-model', where.at('scale'), 'scale is required for upsample');
  if (raw.inputs !== undefined) {
    const ins = raw.inputs;
    if (!Array.isArray(ins) || !allStrings(ins)) {
      fail('invalid-model', where.at('inputs'), `inputs must be an array of layer names, got ${show(ins)}`);
    }
    p.inputs = ins as string[];
  }
  const n = p.inputs?.length;
  if (MERGE_OPS.has(op as Op)) {
    if (n === undefined || n < 2) {
      fail(
        'invalid-model',
        where.at('inputs'),
        `${op} needs at least 2 inputs, got ${n === undefined ? 'none' : show(p.inputs)}`,
      );
    }
  } else if (n !== undefined && n !== 1) {
    fail('invalid-model', where.at('inputs'), `${op} takes exactly 1 input, got ${show(p.inputs)}`);
  }
  return p;
}

function perAxis(
  value: unknown,
  min: number,
  where: Where,
  field: string,
  axesT: AxesTracker,
): number | number[] {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min) return value + 0;
  const w = where.at(field);
  const checked = checkPerAxis(value, min, w, field);
  axesT.see(checked, w);
  return checked;
}

function normalizePadding(pad: RawPadding | undefined, x: Expander): NormalizedPadding {
  if (!pad) return { kind: 'explicit', begin: x.get(0), end: x.get(0) };
  if (pad.kind === 'same') return { kind: 'same', lower: pad.lower };
  if (pad.kind === 'int') return { kind: 'explicit', begin: x.get(pad.value), end: x.get(pad.value) };
  return { kind: 'explicit', begin: x.get(pad.begin), end: x.get(pad.end) };
}

function normalizeLayer(
  p: Pending,
  i: number,
  x: Expander,
  index: Map<string, number>,
  all: Pending[],
): NormalizedLayer {
  let inputs: string[];
  if (p.inputs === null) {
    inputs = [i === 0 ? 'input' : all[i - 1]!.name];
  } else {
    inputs = p.inputs.map((name) => {
      if (name === 'input') return name;
      const j = index.get(name);
      if (j === undefined) {
        fail('unknown-layer', p.where.at('inputs'), `input "${name}" names no layer (nor "input")`);
      }
      if (j >= i) {
        fail(
          'cycle',
          p.where.at('inputs'),
          j === i
            ? `layer "${p.name}" takes itself as input (a cycle)`
            : `input "${name}" is layers[${j}], not an earlier layer: "${p.name}" → "${name}" would form a cycle (inputs must name earlier layers)`,
        );
      }
      return name;
    });
  }
  return {
    name: p.name,
    op: p.op,
    index: i,
    kernel: x.get(p.kernel ?? 1),
    stride: x.get(p.stride ?? 1),
    dilation: x.get(p.dilation ?? 1),
    scale: x.get(p.scale ?? 1),
    padding: normalizePadding(p.padding, x),
    ceilMode: p.ceilMode,
    outputPadding: x.get(p.outputPadding ?? 0),
    channels: p.channels,
    inputs,
  };
}

/** Every entry a string; a hole in a sparse array is not one (`some` would skip it). */
function allStrings(list: unknown[]): boolean {
  for (let i = 0; i < list.length; i++) if (typeof list[i] !== 'string') return false;
  return true;
}

/** Models made by parseModel in this program: the only Model objects rfkit trusts unchecked. */
const PARSED = new WeakSet<object>();

/**
 * Freezes a fresh Model all the way down and records it in PARSED. Frozen, it cannot be edited into
 * something parseModel would have refused after it was checked.
 */
function seal(m: Model): Model {
  Object.freeze(m.input);
  if (m.input.size) Object.freeze(m.input.size);
  for (const l of m.layers) {
    // Arrays expanded from scalars are frozen already (and shared).
    for (const v of [l.kernel, l.stride, l.dilation, l.scale, l.outputPadding, l.inputs]) Object.freeze(v);
    if (l.padding.kind === 'explicit') {
      Object.freeze(l.padding.begin);
      Object.freeze(l.padding.end);
    }
    Object.freeze(l.padding);
    Object.freeze(l);
  }
  Object.freeze(m.layers);
  Object.freeze(m);
  PARSED.add(m);
  return m;
}

/**
 * True for a Model that parseModel returned in this program (frozen since, so still valid). Any
 * other object, however Model-shaped, is validated as a ModelSpec.
 */
export function isModel(x: unknown): x is Model {
  return typeof x === 'object' && x !== null && PARSED.has(x);
}

/** Model-shaped (for a clearer message than "unknown field axes"). */
function looksLikeModel(x: Record<string, unknown>): boolean {
  if (typeof x.axes !== 'number' || !Array.isArray(x.layers)) return false;
  const first = x.layers[0] as Record<string, unknown> | undefined;
  return isObject(first) && typeof first.index === 'number' && isObject(first.padding);
}

export type { LayerSpec, ModelSpec };
