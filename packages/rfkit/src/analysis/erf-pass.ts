// The second pass of `analyze`: per axis, the smallest rf over paths (rfmin.ts) and the effective
// receptive field (erf.ts) of every layer, after the index-set pass has validated the model and
// resolved its SAME pads. Axes with the same geometry (the usual square models) are computed once.
import type { LayerReport, Model, NormalizedLayer, Warning } from '../types.js';
import { convAxis, deconvAxis, upsampleAxis } from './axis.js';
import { convErf, deconvErf, type ErfState, INPUT_ERF, mergeErf, unitZero, upsampleErf } from './erf.js';
import { type Dist, MAX_WEIGHTS } from './erf-dist.js';
import { summary } from './erf-span.js';
import { INPUT_MIN, type MinPath, mapMin, mergeMin, minRf } from './rfmin.js';

/** What the index-set pass leaves for this one: per layer and axis, the left pad it used. */
export interface Resolved {
  /** `layerIndex·axes + axis` → the left pad of a SAME window; NaN where unknown or not SAME. */
  sameLefts: Float64Array;
  /** Per layer: whether it is global. */
  global: boolean[];
}

function isMerge(l: NormalizedLayer): boolean {
  return l.op === 'add' || l.op === 'concat' || l.op === 'mul';
}

/** The left pad of a window layer on axis a: null where unknown. */
export function leftOf(l: NormalizedLayer, a: number, axes: number, r: Resolved): number | null {
  if (l.padding.kind === 'explicit') return l.padding.begin[a]!;
  const v = r.sameLefts[l.index * axes + a]!;
  return Number.isNaN(v) ? null : v;
}

/** Per layer, the indices of its inputs (−1: the model input). */
function sourcesOf(m: Model): number[][] {
  const indexOf = new Map<string, number>();
  return m.layers.map((l) => {
    const src = l.inputs.map((name) => (name === 'input' ? -1 : indexOf.get(name)!));
    indexOf.set(l.name, l.index);
    return src;
  });
}

interface Walk {
  /** Compute the min-path states (rfMin). */
  min: boolean;
  /** Compute the ERF states. */
  erf: boolean;
  /** Stop after this layer. */
  last: number;
  /** Called with each layer's states (erf null on global layers). */
  visit: (i: number, erf: ErfState | null, min: MinPath) => void;
}

/** Runs one axis through layers 0…last, dropping each state after its last reader. */
function walkAxis(m: Model, a: number, r: Resolved, w: Walk): void {
  const sources = sourcesOf(m);
  const lastUse = new Int32Array(m.layers.length).fill(-1);
  for (let i = 0; i <= w.last; i++) for (const j of sources[i]!) if (j >= 0) lastUse[j] = i;
  const erfs: (ErfState | null | undefined)[] = new Array(m.layers.length);
  const mins: (MinPath | undefined)[] = new Array(m.layers.length);
  const noMin: MinPath = { locals: [], unknown: false, global: false };
  for (let i = 0; i <= w.last; i++) {
    const l = m.layers[i]!;
    const src = sources[i]!;
    const ins = src.map((j) => (j < 0 ? INPUT_ERF : erfs[j]!));
    const minIns = src.map((j) => (j < 0 ? INPUT_MIN : mins[j]!));
    const erf = r.global[i] || !w.erf ? null : erfStep(l, a, m.axes, r, ins as ErfState[]);
    const min = w.min ? minStep(l, a, m.axes, r, minIns) : noMin;
    for (const j of src) {
      if (j >= 0 && lastUse[j] === i) {
        erfs[j] = undefined;
        mins[j] = undefined;
      }
    }
    erfs[i] = erf;
    mins[i] = min;
    w.visit(i, erf, min);
  }
}

function erfStep(l: NormalizedLayer, a: number, axes: number, r: Resolved, ins: ErfState[]): ErfState {
  if (isMerge(l)) return mergeErf(ins);
  const st = ins[0]!;
  const k = l.kernel[a]!;
  const s = l.stride[a]!;
  const d = l.dilation[a]!;
  switch (l.op) {
    case 'upsample':
      return upsampleErf(st, l.scale[a]!);
    case 'deconv':
      return deconvErf(st, k, s, d, leftOf(l, a, axes, r)!);
    case 'identity':
      return st;
    default:
      return convErf(st, k, s, d, leftOf(l, a, axes, r), `${l.index}.${a}`);
  }
}

function minStep(l: NormalizedLayer, a: number, axes: number, r: Resolved, ins: MinPath[]): MinPath {
  if (l.op === 'global') return { locals: [], unknown: false, global: true };
  if (isMerge(l)) return mergeMin(ins);
  const p = ins[0]!;
  if (l.op === 'identity') return p;
  const k = l.kernel[a]!;
  const s = l.stride[a]!;
  const d = l.dilation[a]!;
  switch (l.op) {
    case 'upsample':
      return mapMin(p, (st) => upsampleAxis(st, l.scale[a]!, l));
    case 'deconv': {
      const left = leftOf(l, a, axes, r)!;
      return mapMin(p, (st) => deconvAxis(st, k, s, d, left, l));
    }
    default: {
      const left = leftOf(l, a, axes, r);
      return mapMin(p, (st) => convAxis(st, k, s, d, left, l.index, a));
    }
  }
}

/** Whether axes a and b have the same geometry everywhere, so their values are equal. */
function sameAxes(m: Model, r: Resolved, a: number, b: number): boolean {
  const size = m.input.size;
  if (size !== null && size[a] !== size[b]) return false;
  const axes = m.axes;
  for (const l of m.layers) {
    if (
      l.kernel[a] !== l.kernel[b] ||
      l.stride[a] !== l.stride[b] ||
      l.dilation[a] !== l.dilation[b] ||
      l.scale[a] !== l.scale[b] ||
      l.outputPadding[a] !== l.outputPadding[b]
    )
      return false;
    if (l.padding.kind === 'explicit') {
      if (l.padding.begin[a] !== l.padding.begin[b] || l.padding.end[a] !== l.padding.end[b]) return false;
    } else if (!Object.is(r.sameLefts[l.index * axes + a], r.sameLefts[l.index * axes + b])) return false;
  }
  return true;
}

/**
 * Fills `rfMin` and (with `erf`) `erf` of every layer report, axis by axis. Without merges every
 * layer has one path, so rfMin is rf. Returns an `erf-span-too-large` warning where a span was
 * left null because the weights would not fit (MAX_WEIGHTS).
 */
export function addRfMinAndErf(m: Model, reports: LayerReport[], r: Resolved, erf: boolean): Warning | null {
  const n = m.input.size;
  const paths = m.layers.some(isMerge);
  if (!paths) for (const rep of reports) for (let a = 0; a < m.axes; a++) rep.rfMin[a] = rep.rf[a]!;
  if (!paths && !erf) return null;
  let tooLarge = -1;
  const done: number[] = [];
  for (let a = 0; a < m.axes; a++) {
    const twin = done.find((b) => sameAxes(m, r, a, b));
    if (twin !== undefined) {
      for (const rep of reports) {
        rep.rfMin[a] = rep.rfMin[twin]!;
        rep.erf.std[a] = rep.erf.std[twin]!;
        rep.erf.span[a] = rep.erf.span[twin]!;
      }
      continue;
    }
    done.push(a);
    walkAxis(m, a, r, {
      min: paths,
      erf,
      last: m.layers.length - 1,
      visit: (i, st, min) => {
        const rep = reports[i]!;
        if (paths) rep.rfMin[a] = minRf(min, n === null ? null : n[a]!);
        if (!erf) return;
        // Where rf is undetermined the ERF is too: the weights' period is a multiple of the sets',
        // so they are never known where the sets are not, up to rounding in comparing phases.
        const d = st === null || rep.rf[a] === null ? null : unitZero(st);
        const s = d === null ? null : summary(d);
        rep.erf.std[a] = s === null ? null : s.std;
        rep.erf.span[a] = s === null ? null : s.span;
        if (s !== null && s.span === null && (tooLarge < 0 || i < tooLarge)) tooLarge = i;
      },
    });
  }
  if (tooLarge < 0) return null;
  const l = m.layers[tooLarge]!;
  return {
    code: 'erf-span-too-large',
    message: `layers[${l.index}] (${l.name}): the ERF span needs the weights of more than ${MAX_WEIGHTS} input positions; from here on it is null (the ERF std stays exact)`,
    layers: [l.name],
  };
}

/**
 * Unit 0's weights at one layer on one axis: null where undetermined or global. `relative`: the
 * positions are relative to unknown SAME pads.
 */
export function unitErf(
  m: Model,
  r: Resolved,
  layer: number,
  a: number,
): { d: Dist; relative: boolean } | null {
  let out: { d: Dist; relative: boolean } | null = null;
  walkAxis(m, a, r, {
    min: false,
    erf: true,
    last: layer,
    visit: (i, erf) => {
      if (i !== layer || erf === null) return;
      const d = unitZero(erf);
      if (d !== null && d.mass > 0) out = { d, relative: erf.sym !== '' };
    },
  });
  return out;
}
