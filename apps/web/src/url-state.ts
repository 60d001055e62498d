// The whole view lives in the query string, so a link reproduces it. The model and the search form
// are deflated and base64url-encoded (resnet_v1_152 edited: ~1.5 KB instead of 33 KB); a zoo model
// that was not edited is stored by name. Decoding never throws: a damaged or hand-edited link falls
// back to defaults field by field. A link never runs a search by itself.
import type { Op } from 'rfkit';
import { type Draft, emptyRow, OPS, type Row } from './rows.js';
import { DEFAULT_SEARCH, HOLES, OBJECTIVES, type SearchForm } from './search-form.js';

export type View = 'calc' | 'vis' | 'diagram' | 'search';
export const VIEWS: readonly View[] = ['calc', 'vis', 'diagram', 'search'];

export interface VisState {
  /** The selected layer (row index; null = the deepest spatial layer). Shared by every view. */
  layer: number | null;
  /** The output unit shown, one index per axis. */
  unit: number[];
  /** 3-D models: the two axes drawn, rows then columns (null = the last two). */
  plane: [number, number] | null;
  /** 3-D models: the input position on the axis not drawn (null = through the unit's centre). */
  depth: number | null;
}

export interface AppState {
  view: View;
  /** Name of the zoo model the draft was loaded from, while it is unedited. */
  zoo: string | null;
  draft: Draft;
  strict: boolean;
  vis: VisState;
  search: SearchForm;
}

export const DEFAULT_DRAFT: Readonly<Draft> = {
  name: 'example',
  axes: '',
  inputSize: '64,64',
  inputChannels: '',
  rows: [
    { ...emptyRow('conv'), name: 'conv1', kernel: '7', stride: '2', padding: '3' },
    { ...emptyRow('maxpool'), name: 'pool1', kernel: '3', stride: '2', padding: '1' },
    { ...emptyRow('conv'), name: 'conv2', kernel: '3', padding: '1' },
    { ...emptyRow('conv'), name: 'conv3', kernel: '3', dilation: '2', padding: '2' },
  ],
};

export function defaultState(): AppState {
  return {
    view: 'calc',
    zoo: null,
    draft: structuredClone(DEFAULT_DRAFT) as Draft,
    strict: false,
    vis: { layer: null, unit: [0, 0], plane: null, depth: null },
    search: { ...DEFAULT_SEARCH },
  };
}

// ───────────────────────────── packing ─────────────────────────────

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** Text → deflate-raw → base64url. */
export async function pack(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return toBase64Url(new Uint8Array(await new Response(stream).arrayBuffer()));
}

/** The reverse of `pack`; null for anything that does not unpack. */
export async function unpack(text: string): Promise<string | null> {
  try {
    const bytes = fromBase64Url(text);
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new DecompressionStream('deflate-raw'));
    return await new Response(stream).text();
  } catch {
    return null;
  }
}

// ───────────────────────────── drafts ─────────────────────────────

/** A row as a tuple; trailing defaults are dropped. Field order is the URL format: do not reorder. */
function rowToTuple(r: Row): unknown[] {
  const t: unknown[] = [
    r.name,
    r.op,
    r.kernel,
    r.stride,
    r.dilation,
    r.padding,
    r.inputs,
    r.outputPadding,
    r.channels,
    r.ceilMode ? 1 : 0,
    r.extra && Object.keys(r.extra).length > 0 ? r.extra : 0,
  ];
  while (t.length > 2 && (t[t.length - 1] === '' || t[t.length - 1] === 0)) t.pop();
  return t;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function rowFromTuple(t: unknown): Row | null {
  if (!Array.isArray(t)) return null;
  const op = t[1];
  if (typeof op !== 'string' || !OPS.includes(op as Op)) return null;
  const row: Row = {
    name: str(t[0]),
    op: op as Op,
    kernel: str(t[2]),
    stride: str(t[3]),
    dilation: str(t[4]),
    padding: str(t[5]),
    inputs: str(t[6]),
    outputPadding: str(t[7]),
    channels: str(t[8]),
    ceilMode: t[9] === 1,
  };
  const extra = t[10];
  if (extra && typeof extra === 'object' && !Array.isArray(extra)) row.extra = extra as Row['extra'];
  return row;
}

export function encodeDraft(d: Draft): string {
  const o: Record<string, unknown> = { n: d.name, i: d.inputSize, r: d.rows.map(rowToTuple) };
  if (d.inputChannels !== '') o.c = d.inputChannels;
  if (d.axes !== '') o.a = d.axes;
  return JSON.stringify(o);
}

export function decodeDraft(text: string): Draft | null {
  try {
    const o = JSON.parse(text) as Record<string, unknown>;
    if (!o || typeof o !== 'object' || !Array.isArray(o.r)) return null;
    const rows = o.r.map(rowFromTuple);
    if (rows.some((r) => r === null)) return null;
    return {
      name: str(o.n),
      axes: str(o.a),
      inputSize: str(o.i),
      inputChannels: str(o.c),
      rows: rows as Row[],
    };
  } catch {
    return null;
  }
}

/**
 * Links from before the compressed format: `model=` held plain JSON tuples
 * `[name, op, kernel, stride, dilation, padding, inputs, extra?]`, with channels, ceilMode and
 * outputPadding inside `extra`.
 */
function decodeLegacyDraft(text: string): Draft | null {
  try {
    const o = JSON.parse(text) as Record<string, unknown>;
    if (!o || typeof o !== 'object' || !Array.isArray(o.r)) return null;
    const rows: Row[] = [];
    for (const t of o.r) {
      if (!Array.isArray(t)) return null;
      const row = rowFromTuple([...t.slice(0, 7)]);
      if (!row) return null;
      const extra = t[7] && typeof t[7] === 'object' ? { ...(t[7] as Record<string, unknown>) } : {};
      if (extra.channels !== undefined) row.channels = str(extra.channels);
      if (extra.outputPadding !== undefined) row.outputPadding = str(extra.outputPadding);
      if (extra.ceilMode === true) row.ceilMode = true;
      delete extra.channels;
      delete extra.outputPadding;
      delete extra.ceilMode;
      if (Object.keys(extra).length > 0) row.extra = extra;
      rows.push(row);
    }
    // Old links wrote "64" for a 1-D input of 64 (now: every axis).
    const inputSize = str(o.i);
    const axes = inputSize !== '' && !/[,x×\s]/.test(inputSize.trim()) ? '1' : '';
    return { name: str(o.n), axes, inputSize, inputChannels: str(o.c), rows };
  } catch {
    return null;
  }
}

// ───────────────────────────── search ─────────────────────────────

function encodeSearch(f: SearchForm): string | null {
  const diff: Record<string, string> = {};
  for (const k of Object.keys(DEFAULT_SEARCH) as (keyof SearchForm)[]) {
    if (f[k] !== DEFAULT_SEARCH[k]) diff[k] = f[k];
  }
  return Object.keys(diff).length === 0 ? null : JSON.stringify(diff);
}

function decodeSearch(text: string | null): SearchForm {
  const f: SearchForm = { ...DEFAULT_SEARCH };
  if (!text) return f;
  try {
    const o = JSON.parse(text) as Record<string, unknown>;
    for (const k of Object.keys(DEFAULT_SEARCH) as (keyof SearchForm)[]) {
      const v = o[k];
      if (typeof v !== 'string') continue;
      if (k === 'objective') {
        if (OBJECTIVES.includes(v as SearchForm['objective'])) f.objective = v as SearchForm['objective'];
      } else if (k === 'holes') {
        if (HOLES.includes(v as SearchForm['holes'])) f.holes = v as SearchForm['holes'];
      } else {
        f[k] = v;
      }
    }
  } catch {
    // a damaged search part keeps the defaults
  }
  return f;
}

// ───────────────────────────── state ─────────────────────────────

/** The query string (without "?") for a state; defaults are left out to keep links short. */
export async function encodeState(s: AppState): Promise<string> {
  const q = new URLSearchParams();
  if (s.view !== 'calc') q.set('view', s.view);
  if (s.zoo) q.set('zoo', s.zoo);
  else q.set('m', await pack(encodeDraft(s.draft)));
  if (s.strict) q.set('strict', '1');
  if (s.vis.layer !== null) q.set('layer', String(s.vis.layer));
  if (s.vis.unit.some((u) => u !== 0)) q.set('unit', s.vis.unit.join(','));
  if (s.vis.plane) q.set('plane', s.vis.plane.join(','));
  if (s.vis.depth !== null) q.set('depth', String(s.vis.depth));
  const search = encodeSearch(s.search);
  if (search) q.set('s', await pack(search));
  return q.toString();
}

const ints = (text: string | null): number[] | null => {
  const parts = (text ?? '').split(',').filter((x) => x !== '');
  const values = parts.map((x) => (/^-?\d+$/.test(x) ? Number(x) : Number.NaN));
  return values.length > 0 && values.every(Number.isSafeInteger) ? values : null;
};

/**
 * Reads a query string. `zooDraft` turns a zoo name into its draft (null if unknown, and then
 * the default model is shown).
 */
export async function decodeState(
  query: string,
  zooDraft: (name: string) => Draft | null,
): Promise<AppState> {
  const s = defaultState();
  const q = new URLSearchParams(query);
  const view = q.get('view');
  if (view && VIEWS.includes(view as View)) s.view = view as View;
  const zoo = q.get('zoo');
  const packed = q.get('m');
  const legacy = q.get('model');
  if (zoo) {
    const d = zooDraft(zoo);
    if (d) {
      s.zoo = zoo;
      s.draft = d;
    }
  } else if (packed) {
    const text = await unpack(packed);
    const d = text === null ? null : decodeDraft(text);
    if (d) s.draft = d;
  } else if (legacy) {
    const d = decodeLegacyDraft(legacy);
    if (d) s.draft = d;
  }
  s.strict = q.get('strict') === '1';
  const layer = ints(q.get('layer'));
  if (layer?.length === 1 && layer[0]! >= 0) s.vis.layer = layer[0]!;
  const unit = ints(q.get('unit'));
  if (unit?.every((u) => u >= 0)) s.vis.unit = unit;
  const plane = ints(q.get('plane'));
  if (plane?.length === 2 && plane[0] !== plane[1] && plane.every((a) => a >= 0 && a < 3))
    s.vis.plane = [plane[0]!, plane[1]!];
  const depth = ints(q.get('depth'));
  if (depth?.length === 1) s.vis.depth = depth[0]!;
  const search = q.get('s');
  if (search) s.search = decodeSearch(await unpack(search));
  else if (q.get('search')) s.search = decodeSearch(q.get('search'));
  return s;
}
