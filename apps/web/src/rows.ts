// The calculator edits a model as rows of text fields, so that a half-typed or invalid value is
// kept as typed (and in the URL) while the rest of the model keeps being analysed.
import { type LayerSpec, type ModelSpec, OPS, type Op } from 'rfkit';
import { formatPadding, formatPerAxis, parseInputs, parsePadding, parsePerAxis } from './fields.js';

export { OPS };

export type FieldName = 'name' | 'op' | 'kernel' | 'stride' | 'dilation' | 'padding' | 'inputs';

export interface Row {
  name: string;
  op: Op;
  /** For `upsample` this column holds the scale factor. */
  kernel: string;
  stride: string;
  dilation: string;
  padding: string;
  inputs: string;
  /** Fields the table does not show (channels, ceilMode, outputPadding…), kept as loaded. */
  extra?: Partial<LayerSpec>;
}

export interface Draft {
  name: string;
  /** Input size as typed, e.g. "224" or "224,224"; empty = unknown. */
  inputSize: string;
  channels?: number;
  rows: Row[];
}

/** Which text columns an op uses; the others are disabled in the table. */
export function fieldsFor(op: Op): ReadonlySet<FieldName> {
  switch (op) {
    case 'conv':
    case 'maxpool':
    case 'avgpool':
    case 'deconv':
      return new Set(['kernel', 'stride', 'dilation', 'padding']);
    case 'upsample':
      return new Set(['kernel']);
    default:
      return new Set();
  }
}

export function kernelLabel(op: Op): string {
  return op === 'upsample' ? 'scale' : 'kernel';
}

export function emptyRow(op: Op = 'conv'): Row {
  return {
    name: '',
    op,
    kernel: op === 'upsample' ? '2' : fieldsFor(op).has('kernel') ? '3' : '',
    stride: '',
    dilation: '',
    padding: '',
    inputs: '',
  };
}

export function rowFromLayer(layer: LayerSpec): Row {
  const { name, op, kernel, stride, dilation, padding, inputs, scale, ...extra } = layer as LayerSpec &
    Record<string, unknown>;
  const row: Row = {
    name: name ?? '',
    op,
    kernel: formatPerAxis(op === 'upsample' ? scale : kernel),
    stride: formatPerAxis(stride),
    dilation: formatPerAxis(dilation),
    padding: formatPadding(padding),
    inputs: inputs ? inputs.join(', ') : '',
  };
  if (Object.keys(extra).length > 0) row.extra = extra as Partial<LayerSpec>;
  return row;
}

export function draftFromSpec(spec: ModelSpec): Draft {
  const draft: Draft = {
    name: spec.name ?? '',
    inputSize: spec.input?.size ? spec.input.size.join(',') : '',
    rows: spec.layers.map(rowFromLayer),
  };
  if (spec.input?.channels !== undefined) draft.channels = spec.input.channels;
  return draft;
}

export interface FieldError {
  /** Row index, or -1 for the model's input size / the model as a whole. */
  row: number;
  field: FieldName | 'inputSize' | 'model';
  message: string;
}

export interface DraftResult {
  /** Layers of the rows before the first invalid row. */
  spec: ModelSpec;
  /** Index of the first row with an invalid field, or rows.length when all parse. */
  validRows: number;
  errors: FieldError[];
}

/** Converts one row; field errors are collected instead of thrown. */
export function layerFromRow(row: Row, index: number): { layer: LayerSpec; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const layer: LayerSpec = { ...(row.extra ?? {}), op: row.op };
  const name = row.name.trim();
  if (name !== '') layer.name = name;
  const used = fieldsFor(row.op);
  const take = <T>(
    field: FieldName,
    parsed: { ok: true; value: T | undefined } | { ok: false; error: string },
  ) => {
    if (!parsed.ok) {
      errors.push({ row: index, field, message: parsed.error });
      return undefined;
    }
    return parsed.value;
  };
  if (used.has('kernel')) {
    const label = kernelLabel(row.op);
    const k = take('kernel', parsePerAxis(row.kernel, label));
    if (k === undefined && row.kernel.trim() === '') {
      errors.push({ row: index, field: 'kernel', message: `${label} is required for ${row.op}` });
    } else if (k !== undefined) {
      if (row.op === 'upsample') layer.scale = k;
      else layer.kernel = k;
    }
  }
  if (used.has('stride')) {
    const s = take('stride', parsePerAxis(row.stride, 'stride'));
    if (s !== undefined) layer.stride = s;
  }
  if (used.has('dilation')) {
    const d = take('dilation', parsePerAxis(row.dilation, 'dilation'));
    if (d !== undefined) layer.dilation = d;
  }
  if (used.has('padding')) {
    const p = take('padding', parsePadding(row.padding));
    if (p !== undefined) layer.padding = p;
  }
  const inputs = take('inputs', parseInputs(row.inputs));
  if (inputs !== undefined) layer.inputs = inputs;
  return { layer, errors };
}

/**
 * The model made of the rows that parse, up to the first invalid one: later layers may read
 * earlier ones, so a prefix is the largest part that can be analysed honestly.
 */
export function specFromDraft(draft: Draft): DraftResult {
  const errors: FieldError[] = [];
  const layers: LayerSpec[] = [];
  let validRows = draft.rows.length;
  draft.rows.forEach((row, i) => {
    const r = layerFromRow(row, i);
    errors.push(...r.errors);
    if (r.errors.length > 0 && validRows === draft.rows.length) validRows = i;
    if (validRows === draft.rows.length) layers.push(r.layer);
  });
  const spec: ModelSpec = { layers };
  if (draft.name.trim() !== '') spec.name = draft.name.trim();
  const size = parsePerAxis(draft.inputSize, 'input size');
  const input: NonNullable<ModelSpec['input']> = {};
  if (!size.ok) errors.push({ row: -1, field: 'inputSize', message: size.error });
  else if (size.value !== undefined) input.size = Array.isArray(size.value) ? size.value : [size.value];
  if (draft.channels !== undefined) input.channels = draft.channels;
  if (input.size || input.channels !== undefined) spec.input = input;
  return { spec, validRows, errors };
}

/** Moves row `from` by `delta` places; out-of-range moves leave the rows unchanged. */
export function moveRow(rows: readonly Row[], from: number, delta: number): Row[] {
  const to = from + delta;
  const out = rows.slice();
  if (from < 0 || from >= rows.length || to < 0 || to >= rows.length) return out;
  const [r] = out.splice(from, 1);
  out.splice(to, 0, r!);
  return out;
}

const PATH = /^layers\[(\d+)\][^.]*(?:\.(\w+))?/;
const FIELD_OF: Record<string, FieldName> = {
  kernel: 'kernel',
  scale: 'kernel',
  stride: 'stride',
  dilation: 'dilation',
  padding: 'padding',
  inputs: 'inputs',
  name: 'name',
  op: 'op',
};

/**
 * Places a library error (RfError.path like `layers[3] (conv2).stride`) on a table field.
 * Errors without a layer path go to the model as a whole.
 */
export function locateError(path: string | undefined, message: string): FieldError {
  if (path) {
    const m = PATH.exec(path);
    if (m) {
      const field = (m[2] && FIELD_OF[m[2]]) || 'name';
      return { row: Number(m[1]), field, message };
    }
    if (path.startsWith('input')) return { row: -1, field: 'inputSize', message };
  }
  return { row: -1, field: 'model', message };
}
