// The calculator edits a model as rows of text fields, so that a half-typed or invalid value is
// kept as typed (and in the URL) while the rest of the model keeps being analysed.
import { type LayerSpec, type ModelSpec, OPS, type Op } from 'rfkit';
import {
  formatPadding,
  formatPerAxis,
  parseCount,
  parseInputs,
  parsePadding,
  parsePerAxis,
} from './fields.js';

export { OPS };

export type FieldName =
  | 'name'
  | 'op'
  | 'kernel'
  | 'stride'
  | 'dilation'
  | 'padding'
  | 'outputPadding'
  | 'ceilMode'
  | 'channels'
  | 'inputs';

export interface Row {
  name: string;
  op: Op;
  /** For `upsample` this column holds the scale factor. */
  kernel: string;
  stride: string;
  dilation: string;
  padding: string;
  /** Deconv only: extra positions at the end of the output. */
  outputPadding: string;
  /** Pools only: PyTorch's ceil_mode. */
  ceilMode: boolean;
  /** Output channels (for the search's costs; optional everywhere). */
  channels: string;
  inputs: string;
  /** Fields the table has no column for, kept as loaded (the library then names them). */
  extra?: Record<string, unknown>;
}

export interface Draft {
  name: string;
  /**
   * Spatial axes ("1", "2", "3"), or "" to follow the values: the input size's length, else any
   * per-axis value's, else 2. Needed where the text does not say (a 1-D model of scalars).
   */
  axes: string;
  /** Input size as typed: "224,224" per axis, or "224" for every axis; empty = unknown. */
  inputSize: string;
  /** Input channels as typed; empty = unknown. */
  inputChannels: string;
  rows: Row[];
}

/** Which fields an op uses; the others are disabled in the table (name and inputs: always). */
export function fieldsFor(op: Op): ReadonlySet<FieldName> {
  switch (op) {
    case 'conv':
      return new Set(['kernel', 'stride', 'dilation', 'padding', 'channels']);
    case 'maxpool':
    case 'avgpool':
      return new Set(['kernel', 'stride', 'dilation', 'padding', 'ceilMode', 'channels']);
    case 'deconv':
      return new Set(['kernel', 'stride', 'dilation', 'padding', 'outputPadding', 'channels']);
    case 'upsample':
      return new Set(['kernel', 'channels']);
    default:
      return new Set(['channels']);
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
    outputPadding: '',
    ceilMode: false,
    channels: '',
    inputs: '',
  };
}

const isNum = (v: unknown): v is number => typeof v === 'number';
const isPerAxis = (v: unknown): v is number | number[] =>
  isNum(v) || (Array.isArray(v) && v.length > 0 && v.every(isNum));
const isList = (v: unknown): v is number[] => Array.isArray(v) && v.length > 0 && v.every(isNum);
const isPadding = (v: unknown): boolean =>
  isPerAxis(v) ||
  v === 'same' ||
  v === 'same-lower' ||
  v === 'valid' ||
  (typeof v === 'object' &&
    v !== null &&
    Object.keys(v).length === 2 &&
    isList((v as { begin?: unknown }).begin) &&
    isList((v as { end?: unknown }).end));

/**
 * A layer as a row. A value the table cannot show as typed (a field the op does not use, a value
 * of the wrong type) is kept in `extra`, so the library still sees it and names it.
 */
export function rowFromLayer(layer: LayerSpec): Row {
  const rest: Record<string, unknown> = { ...(layer as unknown as Record<string, unknown>) };
  const op = layer.op;
  const used = fieldsFor(op);
  const row = emptyRow(op);
  row.kernel = '';
  const take = (key: string, field: FieldName, ok: (v: unknown) => boolean, put: (v: never) => void) => {
    const v = rest[key];
    if (v === undefined || !used.has(field) || !ok(v)) return;
    put(v as never);
    delete rest[key];
  };
  delete rest.op;
  if (typeof rest.name === 'string') {
    row.name = rest.name;
    delete rest.name;
  }
  if (Array.isArray(rest.inputs) && rest.inputs.every((x) => typeof x === 'string')) {
    row.inputs = (rest.inputs as string[]).join(', ');
    delete rest.inputs;
  }
  take(op === 'upsample' ? 'scale' : 'kernel', 'kernel', isPerAxis, (v: number | number[]) => {
    row.kernel = formatPerAxis(v);
  });
  take('stride', 'stride', isPerAxis, (v: number | number[]) => void (row.stride = formatPerAxis(v)));
  take('dilation', 'dilation', isPerAxis, (v: number | number[]) => void (row.dilation = formatPerAxis(v)));
  take('padding', 'padding', isPadding, (v: LayerSpec['padding']) => void (row.padding = formatPadding(v)));
  take('outputPadding', 'outputPadding', isPerAxis, (v: number | number[]) => {
    row.outputPadding = formatPerAxis(v);
  });
  take(
    'ceilMode',
    'ceilMode',
    (v) => typeof v === 'boolean',
    (v: boolean) => void (row.ceilMode = v),
  );
  take('channels', 'channels', isNum, (v: number) => void (row.channels = String(v)));
  if (Object.keys(rest).length > 0) row.extra = rest;
  return row;
}

export function draftFromSpec(spec: ModelSpec): Draft {
  const draft: Draft = {
    name: spec.name ?? '',
    axes: '',
    inputSize: spec.input?.size ? spec.input.size.join(',') : '',
    inputChannels: spec.input?.channels === undefined ? '' : String(spec.input.channels),
    rows: spec.layers.map(rowFromLayer),
  };
  // The model's own axes, where the text alone would imply others (1-D values look like scalars).
  const size = spec.input?.size;
  const own =
    size?.length ??
    spec.layers
      .flatMap((l) => {
        const p = l.padding;
        const pad = typeof p === 'object' && p !== null && !Array.isArray(p) ? p.begin : p;
        return [l.kernel, l.stride, l.dilation, l.scale, l.outputPadding, pad];
      })
      .find((v): v is number[] => Array.isArray(v))?.length ??
    null;
  if (own !== null && own !== impliedAxes(draft)) draft.axes = String(own);
  return draft;
}

const PER_AXIS_TEXT: readonly (keyof Row)[] = ['kernel', 'stride', 'dilation', 'outputPadding'];

/** The axes the draft's text implies without its `axes` field. */
function impliedAxes(d: Draft): number {
  const count = (t: string) => (t.trim() === '' ? 0 : t.trim().split(/\s*[,x×]\s*|\s+/).length);
  const size = count(d.inputSize);
  if (size > 1) return size;
  for (const r of d.rows) {
    for (const f of PER_AXIS_TEXT) {
      const n = count(r[f] as string);
      if (n > 1) return n;
    }
    const pad = r.padding.split('/')[0] ?? '';
    if (/\d/.test(pad) && count(pad) > 1) return count(pad);
  }
  return 2;
}

/** The draft's axes: its `axes` field, else what its text implies. */
export function axesOf(d: Draft): number {
  const n = Number(d.axes);
  return n === 1 || n === 2 || n === 3 ? n : impliedAxes(d);
}

export interface FieldError {
  /** Row index, or -1 for the model's input / the model as a whole. */
  row: number;
  field: FieldName | 'inputSize' | 'inputChannels' | 'model';
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
  const layer = { ...(row.extra ?? {}), op: row.op } as LayerSpec;
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
  if (used.has('outputPadding')) {
    const p = take('outputPadding', parsePerAxis(row.outputPadding, 'output padding', 0));
    if (p !== undefined) layer.outputPadding = p;
  }
  if (used.has('ceilMode') && row.ceilMode) layer.ceilMode = true;
  if (used.has('channels')) {
    const c = take('channels', parseCount(row.channels, 'channels'));
    if (c !== undefined) layer.channels = c;
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
  const input: NonNullable<ModelSpec['input']> = {};
  const axes = axesOf(draft);
  const size = parsePerAxis(draft.inputSize, 'input size');
  if (!size.ok) errors.push({ row: -1, field: 'inputSize', message: size.error });
  else if (size.value !== undefined)
    input.size = Array.isArray(size.value) ? size.value : new Array<number>(axes).fill(size.value);
  const channels = parseCount(draft.inputChannels, 'input channels');
  if (!channels.ok) errors.push({ row: -1, field: 'inputChannels', message: channels.error });
  else if (channels.value !== undefined) input.channels = channels.value;
  if (input.size || input.channels !== undefined) spec.input = input;
  if (!input.size && axes !== 2) fixAxes(spec, axes);
  return { spec, validRows, errors };
}

/**
 * Without an input size a model has as many axes as its per-axis arrays (2 for scalars only):
 * a 1-D or 3-D draft of scalars writes its first per-axis value as an array to say so.
 */
function fixAxes(spec: ModelSpec, axes: number): void {
  for (const l of spec.layers) {
    for (const f of ['kernel', 'scale', 'stride', 'dilation', 'outputPadding'] as const) {
      const v = l[f];
      if (Array.isArray(v)) return;
      if (typeof v === 'number') {
        l[f] = new Array<number>(axes).fill(v);
        return;
      }
    }
  }
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

/** The name a row's layer gets: its own, or the library's default `<op>_<index>`. */
export function rowName(row: Row, index: number): string {
  return row.name.trim() || `${row.op}_${index}`;
}

const PATH = /^layers\[(\d+)\][^.]*(?:\.(\w+))?/;
const FIELD_OF: Record<string, FieldName> = {
  kernel: 'kernel',
  scale: 'kernel',
  stride: 'stride',
  dilation: 'dilation',
  padding: 'padding',
  outputPadding: 'outputPadding',
  ceilMode: 'ceilMode',
  channels: 'channels',
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
    if (path.startsWith('input.channels')) return { row: -1, field: 'inputChannels', message };
    if (path.startsWith('input')) return { row: -1, field: 'inputSize', message };
  }
  return { row: -1, field: 'model', message };
}
