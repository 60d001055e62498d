// The footprint: the exact n-D set of input positions that one output unit reads.
//
// `regionOf` gives a unit's box and `covered` its per-axis projections; neither is the n-D set
// once paths merge: `add(conv1x5, conv5x1)` reads a 9-pixel plus, not the 25 pixels of its box.
// Along one path every op is separable, so the path's set is the product of its per-axis sets —
// the closed form's AxisStates, phases after deconv/upsample included. A merge takes the union of
// its paths, which is no product: a node's footprint is kept as a union of products ("terms").
// A term contained in another is dropped and two terms that differ on one axis only become one,
// so ResNet-152's ~2^50 paths stay a single term and inception's branches a handful.
import { RfError } from '../errors.js';
import { show } from '../messages.js';
import { isModel, parseCompact, parseModel } from '../model/parse.js';
import { checkOptions } from '../options.js';
import type { Axis, Model, ModelSpec, NormalizedLayer, PerAxis, Report } from '../types.js';
import { analyze } from './analyze.js';
import {
  type AxisState,
  convAxis,
  deconvAxis,
  INPUT_AXIS,
  mergeAxis,
  phaseAt,
  upsampleAxis,
} from './axis.js';
import { type IntSet, isShiftOf, type Runs, toRuns, union } from './intset.js';
import { regionOf } from './region.js';
import { boxWithin } from './runs.js';
import { samePadding } from './sizes.js';

/**
 * The input positions one output unit reads: the union of `boxes`, each box the product of one
 * run list per axis. A run list is sorted, disjoint, inclusive `[start0, end0, start1, end1, …]`.
 * Positions outside `[0, n)` lie in the padding, as in `regionOf`.
 */
export interface Footprint {
  layer: string;
  /** The output unit, one index per axis. */
  index: number[];
  axes: number;
  /** A global layer reads every position of the input: one box, the whole input. */
  global: boolean;
  /** No box is contained in another; boxes may overlap. Empty when the unit reads nothing. */
  boxes: Runs[][];
  /** Per axis, the first and last position read (null when the unit reads nothing). */
  start: Axis<number>;
  end: Axis<number>;
  /**
   * False only when a per-axis set was too irregular to keep exactly (more than 65 536 runs): that
   * axis of the box then covers the set's whole span.
   */
  exact: boolean;
}

export interface FootprintOptions {
  /** Overrides the model's `input.size` (one value per axis, or a scalar). Default: the model's. */
  inputSize?: PerAxis;
}

/** One product of per-axis sets: what a single path (or several identical ones) reads. */
type Term = AxisState[];
type Node = { global: true } | { global: false; terms: Term[] };

const GLOBAL: Node = { global: true };

interface Prepared {
  model: Model;
  report: Report;
  nodes: Node[];
  /** Layer name → index. */
  byName: Map<string, number>;
}

/** Prepared models, most recent last: stepping through units of one model reuses its states. */
const cache = new Map<string, Prepared>();
const CACHE_SIZE = 4;

function prepare(model: ModelSpec | Model | string, options: FootprintOptions): Prepared {
  const inputSize = options.inputSize;
  // Parsed first, so that the cache key is made from plain, valid data (never from what was given);
  // sealed, so that analyze below takes it as it is.
  let m: Model;
  if (typeof model === 'string') m = parseModel(parseCompact(model), { inputSize });
  else if (isModel(model)) m = model;
  else m = parseModel(model, { inputSize });
  // (show never throws: a bad inputSize reaches analyze below, which refuses it.)
  const key = `${JSON.stringify(m)}\u0000${show(inputSize)}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  // The report validates the model (merges, sizes) and gives every layer's input size for SAME.
  const report = analyze(m, inputSize === undefined ? {} : { inputSize });
  const p: Prepared = {
    model: m,
    report,
    nodes: [],
    byName: new Map(m.layers.map((l) => [l.name, l.index])),
  };
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, p);
  return p;
}

/** Computes the nodes of layers 0…upTo that are not computed yet (each from its inputs). */
function ensure(p: Prepared, upTo: number): void {
  const { model, report, nodes } = p;
  const input: Node = { global: false, terms: [new Array<AxisState>(model.axes).fill(INPUT_AXIS)] };
  for (let i = nodes.length; i <= upTo; i++) {
    const l = model.layers[i]!;
    const src = l.inputs.map((name) => (name === 'input' ? -1 : p.byName.get(name)!));
    const ins = src.map((j) => (j < 0 ? input : nodes[j]!));
    const first = src[0]!;
    const nIn = first < 0 ? report.input.size : report.layers[first]!.outputSize;
    nodes.push(step(l, ins, nIn));
  }
}

function step(l: NormalizedLayer, ins: Node[], nIn: Axis<number> | null): Node {
  if (l.op === 'global' || ins.some((n) => n.global)) return GLOBAL;
  const terms = ins.flatMap((n) => (n as { terms: Term[] }).terms);
  switch (l.op) {
    case 'add':
    case 'concat':
    case 'mul':
      return { global: false, terms: prune(terms, l) };
    case 'identity':
      return ins[0]!;
    default: {
      const next = terms.map((term) => term.map((st, a) => opAxis(l, st, a, nIn?.[a] ?? null)));
      // Ops keep containment but can create it (a wide kernel swallows a small offset).
      return { global: false, terms: next.length > 1 ? prune(next, l) : next };
    }
  }
}

/** One op on one axis of one path: the closed form's per-axis step. */
function opAxis(l: NormalizedLayer, st: AxisState, a: number, n: number | null): AxisState {
  const k = l.kernel[a]!;
  const s = l.stride[a]!;
  const d = l.dilation[a]!;
  if (l.op === 'upsample') return upsampleAxis(st, l.scale[a]!, l);
  if (l.padding.kind === 'explicit') {
    const left = l.padding.begin[a]!;
    return l.op === 'deconv' ? deconvAxis(st, k, s, d, left, l) : convAxis(st, k, s, d, left, l.index, a);
  }
  // SAME (never on deconv: the parser refuses it). Unknown left pads become symbolic shifts.
  const left = samePadding(n, k, s, d, l.padding.lower).begin;
  return convAxis(st, k, s, d, left, l.index, a);
}

// ───────────────────────────── terms ─────────────────────────────

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function subset(x: IntSet, y: IntSet): boolean {
  if (x.kind === 'empty') return true;
  if (y.kind === 'empty') return false;
  if (y.kind === 'interval') return x.lo >= y.lo && x.hi <= y.hi;
  if (x.lo < y.lo || x.hi > y.hi) return false;
  return isShiftOf(union([x, y]), y, 0);
}

/** Every phase of `x` lies inside the same phase of `y` (false when either is undetermined). */
function axisWithin(x: AxisState, y: AxisState): boolean {
  if (x === y) return true;
  if (x.phases === null || y.phases === null || x.sym !== y.sym) return false;
  const T = (x.T / gcd(x.T, y.T)) * y.T;
  for (let r = 0; r < T; r++) if (!subset(phaseAt(x, r), phaseAt(y, r))) return false;
  return true;
}

function axisEqual(x: AxisState, y: AxisState): boolean {
  if (x === y) return true;
  if (x.T !== y.T || x.A !== y.A || x.sym !== y.sym || x.phases === null || y.phases === null) return false;
  for (let r = 0; r < x.T; r++) if (!isShiftOf(x.phases[r]!, y.phases[r]!, 0)) return false;
  return true;
}

function within(x: Term, y: Term): boolean {
  for (let a = 0; a < x.length; a++) if (!axisWithin(x[a]!, y[a]!)) return false;
  return true;
}

/** A term that reads nothing for any unit: some axis has only empty phases. */
function isVoid(t: Term): boolean {
  return t.some((st) => st.phases?.every((p) => p.kind === 'empty') === true);
}

/** The one axis on which two terms differ, or −1 (none, or more than one). */
function soleDifference(x: Term, y: Term): number {
  let at = -1;
  for (let a = 0; a < x.length; a++) {
    if (axisEqual(x[a]!, y[a]!)) continue;
    if (at >= 0) return -1;
    at = a;
  }
  return at;
}

/** Most terms per node: beyond it the footprint is refused rather than slow. */
const MAX_TERMS = 4096;

/** Drops terms contained in others and joins terms that differ on one axis (exact either way). */
function prune(terms: Term[], l: NormalizedLayer): Term[] {
  let out: Term[] = [];
  for (const t of terms) {
    if (isVoid(t) || out.some((k) => within(t, k))) continue;
    out = out.filter((k) => !within(k, t));
    out.push(t);
  }
  // (A×B) ∪ (A×C) = A×(B∪C): join such pairs until none is left (each join removes a term).
  for (let i = 0; i < out.length; i++) {
    for (let j = i + 1; j < out.length; j++) {
      const a = soleDifference(out[i]!, out[j]!);
      if (a < 0) continue;
      const joined = out[i]!.slice();
      joined[a] = mergeAxis([out[i]![a]!, out[j]![a]!], l);
      const rest = out.filter((_, k) => k !== i && k !== j && !within(out[k]!, joined));
      out = [joined, ...rest];
      i = -1;
      break;
    }
  }
  if (out.length > MAX_TERMS) {
    throw new RfError(
      'too-large',
      `layers[${l.index}] (${l.name}): the footprint would be a union of ${out.length} boxes, above the supported ${MAX_TERMS}`,
      `layers[${l.index}]`,
    );
  }
  return out;
}

// ───────────────────────────── public ─────────────────────────────

/**
 * The exact n-D set of input positions that output unit `index` of `layer` reads, from the closed
 * form: per path a product of per-axis sets (holes from dilation and strides, phases after deconv
 * and upsample), the union over paths at merges. `model` is a ModelSpec, a parsed Model or compact
 * text; `layer` a name or index; `index` one integer per axis (a scalar for every axis) inside the
 * layer's output. Successive calls on the same model (any unit, any layer) reuse its per-layer
 * states, so stepping through units is cheap.
 *
 * Throws `RfError` for an unknown layer or an index outside the output (`regionOf`'s checks),
 * `invalid-argument` when the set depends on an input size that is unknown (SAME padding under
 * strides, or a global layer: pass `inputSize`), and `too-large` past 4096 boxes.
 */
export function footprintOf(
  model: ModelSpec | Model | string,
  layer: string | number,
  index: number | number[],
  options?: FootprintOptions,
): Footprint {
  const p = prepare(model, checkOptions<FootprintOptions>('footprintOf', options, ['inputSize']));
  const axes = p.model.axes;
  regionOf(p.report, layer, index);
  const i = typeof layer === 'number' ? layer : p.byName.get(layer)!;
  const idx = typeof index === 'number' ? new Array<number>(axes).fill(index) : index.slice();
  ensure(p, i);
  const node = p.nodes[i]!;
  const name = p.model.layers[i]!.name;
  const size = p.report.input.size;
  const out: Footprint = {
    layer: name,
    index: idx,
    axes,
    global: node.global,
    boxes: [],
    start: new Array<number | null>(axes).fill(null),
    end: new Array<number | null>(axes).fill(null),
    exact: true,
  };
  if (node.global) {
    if (!size) {
      throw new RfError(
        'invalid-argument',
        `footprintOf: layer "${name}" is global (it reads the whole input), and the input size is unknown; pass inputSize`,
        'inputSize',
      );
    }
    out.boxes = [size.map((n) => [0, n - 1])];
  } else {
    const boxes: Runs[][] = [];
    for (const term of node.terms) {
      const box: Runs[] = [];
      for (let a = 0; a < axes; a++) {
        const st = term[a]!;
        if (st.phases === null || st.sym !== '') {
          throw new RfError(
            'invalid-argument',
            `footprintOf: the input positions of layer "${name}" on axis ${a} depend on the input size (SAME padding), which is unknown; pass inputSize`,
            'inputSize',
          );
        }
        const set = phaseAt(st, idx[a]!);
        if (set.kind === 'empty') break;
        let runs = toRuns(set);
        if (runs === null) {
          out.exact = false;
          runs = [set.lo, set.hi];
        }
        box.push(runs);
      }
      if (box.length === axes) boxes.push(box);
    }
    // A unit may see containment its phase tables do not (one phase of a term inside another's).
    out.boxes = boxes.filter(
      (b, j) => !boxes.some((c, k) => k !== j && boxWithin(b, c) && (!boxWithin(c, b) || k < j)),
    );
  }
  for (const box of out.boxes) {
    box.forEach((runs, a) => {
      const lo = runs[0]!;
      const hi = runs[runs.length - 1]!;
      if (out.start[a] === null || lo < out.start[a]!) out.start[a] = lo;
      if (out.end[a] === null || hi > out.end[a]!) out.end[a] = hi;
    });
  }
  return out;
}
