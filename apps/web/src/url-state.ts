// The whole view lives in the query string, so a link reproduces it. Decoding never throws: a
// damaged or hand-edited link falls back to defaults field by field.
import type { Op } from 'rfkit';
import { type Draft, OPS, type Row } from './rows.js';
import { DEFAULT_SEARCH, HOLES, OBJECTIVES, type SearchForm } from './search-form.js';

export type View = 'calc' | 'vis' | 'search';
export const VIEWS: readonly View[] = ['calc', 'vis', 'search'];

export interface AppState {
  view: View;
  /** Name of the zoo model the draft was loaded from, while it is unedited. */
  zoo: string | null;
  draft: Draft;
  strict: boolean;
  /** Visualiser: the layer (row index; null = last) and output unit shown. */
  vis: { layer: number | null; unit: number[] };
  search: SearchForm;
  /** The search was run: opening the link runs it again. */
  ran: boolean;
}

export const DEFAULT_DRAFT: Readonly<Draft> = {
  name: 'example',
  inputSize: '64,64',
  rows: [
    { name: 'conv1', op: 'conv', kernel: '7', stride: '2', dilation: '', padding: '3', inputs: '' },
    { name: 'pool1', op: 'maxpool', kernel: '3', stride: '2', dilation: '', padding: '1', inputs: '' },
    { name: 'conv2', op: 'conv', kernel: '3', stride: '', dilation: '', padding: '1', inputs: '' },
    { name: 'conv3', op: 'conv', kernel: '3', stride: '', dilation: '2', padding: '2', inputs: '' },
  ],
};

export function defaultState(): AppState {
  return {
    view: 'calc',
    zoo: null,
    draft: structuredClone(DEFAULT_DRAFT) as Draft,
    strict: false,
    vis: { layer: null, unit: [0, 0] },
    search: { ...DEFAULT_SEARCH },
    ran: false,
  };
}

type RowTuple = [string, string, string, string, string, string, string, Record<string, unknown>?];

function rowToTuple(r: Row): RowTuple {
  const t: RowTuple = [r.name, r.op, r.kernel, r.stride, r.dilation, r.padding, r.inputs];
  if (r.extra && Object.keys(r.extra).length > 0) t.push(r.extra as Record<string, unknown>);
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
  };
  const extra = t[7];
  if (extra && typeof extra === 'object' && !Array.isArray(extra)) row.extra = extra as Row['extra'];
  return row;
}

export function encodeDraft(d: Draft): string {
  const o: Record<string, unknown> = { n: d.name, i: d.inputSize, r: d.rows.map(rowToTuple) };
  if (d.channels !== undefined) o.c = d.channels;
  return JSON.stringify(o);
}

export function decodeDraft(text: string): Draft | null {
  try {
    const o = JSON.parse(text) as Record<string, unknown>;
    if (!o || typeof o !== 'object' || !Array.isArray(o.r)) return null;
    const rows = o.r.map(rowFromTuple);
    if (rows.some((r) => r === null)) return null;
    const d: Draft = { name: str(o.n), inputSize: str(o.i), rows: rows as Row[] };
    if (typeof o.c === 'number') d.channels = o.c;
    return d;
  } catch {
    return null;
  }
}

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

/** The query string (without "?") for a state; defaults are left out to keep links short. */
export function encodeState(s: AppState): string {
  const q = new URLSearchParams();
  if (s.view !== 'calc') q.set('view', s.view);
  if (s.zoo) q.set('zoo', s.zoo);
  else q.set('model', encodeDraft(s.draft));
  if (s.strict) q.set('strict', '1');
  if (s.vis.layer !== null) q.set('layer', String(s.vis.layer));
  if (s.vis.unit.some((u) => u !== 0)) q.set('unit', s.vis.unit.join(','));
  const search = encodeSearch(s.search);
  if (search) q.set('search', search);
  if (s.ran) q.set('run', '1');
  return q.toString();
}

/**
 * Reads a query string. `zooDraft` turns a zoo name into its draft (null if unknown, and then
 * the default model is shown).
 */
export function decodeState(query: string, zooDraft: (name: string) => Draft | null): AppState {
  const s = defaultState();
  const q = new URLSearchParams(query);
  const view = q.get('view');
  if (view && VIEWS.includes(view as View)) s.view = view as View;
  const zoo = q.get('zoo');
  const model = q.get('model');
  if (zoo) {
    const d = zooDraft(zoo);
    if (d) {
      s.zoo = zoo;
      s.draft = d;
    }
  } else if (model) {
    const d = decodeDraft(model);
    if (d) s.draft = d;
  }
  s.strict = q.get('strict') === '1';
  const layer = Number(q.get('layer'));
  if (q.has('layer') && Number.isInteger(layer) && layer >= 0) s.vis.layer = layer;
  const unit = (q.get('unit') ?? '')
    .split(',')
    .filter((x) => x !== '')
    .map(Number);
  if (unit.length > 0 && unit.every((u) => Number.isInteger(u) && u >= 0)) s.vis.unit = unit;
  s.search = decodeSearch(q.get('search'));
  s.ran = q.get('run') === '1';
  return s;
}
