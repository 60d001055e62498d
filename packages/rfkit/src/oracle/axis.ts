// One spatial axis of the brute-force oracle. Every op is separable, so the projection of a unit's
// input region on one axis depends only on that axis: the oracle runs one `AxisEngine` per axis
// (and, for SAME padding with an unknown input size, one per probe size).
// This file is over 400 lines because the engine is one class whose steps share per-layer state.
//
// Nothing here may share arithmetic with src/analysis: values come from explicit index sets
// propagated backwards through each op's definition (DESIGN §1), never from the recurrence.

import { RfError } from '../errors.js';
import { layerLabel } from '../messages.js';
import type { Model, NormalizedLayer } from '../types.js';
import { type Budget, spend } from './budget.js';

/** The model-input indices (any integers, padding included) that one output unit depends on. */
export type IndexSet = Set<number>;

/** What the oracle reports for one layer on one axis (the fields of `LayerReport`). */
export interface AxisValues {
  rf: number | null;
  jump: number | null;
  effectivePadding: number | null;
  center: number | null;
  outputSize: number | null;
  covered: number | null;
  global: boolean;
}

interface Resolved {
  /** Left and right padding once SAME is resolved. */
  begin: number;
  end: number;
}

/** A jump as an exact fraction `num/den`, so paths at a merge are compared without rounding. */
interface Fraction {
  num: number;
  den: number;
}

const MERGES = new Set(['add', 'concat', 'mul']);
const WINDOWED = new Set(['conv', 'maxpool', 'avgpool']);

/** The oracle counts in doubles: beyond 2^53 it would round, so it stops. */
function tooFar(layer: NormalizedLayer, axis: number): never {
  throw new RfError(
    'overflow',
    `${layerLabel(layer)}: an index or size on axis ${axis} passes 2^53, beyond the oracle's exact range`,
  );
}

/** Smallest and largest element of a non-empty set, without spreading it into arguments. */
function minOf(set: Iterable<number>): number {
  let m = Number.POSITIVE_INFINITY;
  for (const v of set) if (v < m) m = v;
  return m;
}

function maxOf(set: Iterable<number>): number {
  let m = Number.NEGATIVE_INFINITY;
  for (const v of set) if (v > m) m = v;
  return m;
}

// Its own gcd/lcm, like every other piece of arithmetic here: the oracle shares none with analyze.
function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

export function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}

function effectiveKernel(layer: NormalizedLayer, axis: number): number {
  return layer.dilation[axis]! * (layer.kernel[axis]! - 1) + 1;
}

/**
 * Output size of a windowed op (conv, pools), by listing the windows one by one.
 * Window `o` starts at padded position `o·s`. Floor mode keeps the windows that fit inside the
 * padded input. Ceil mode keeps a window while the one before it stops short of the padded end
 * (so the windows cover it), then applies PyTorch's rule: the last window is dropped if it starts
 * at or after the end of the input (i.e. in the right padding).
 */
function windowCount(
  n: number,
  ke: number,
  s: number,
  pad: Resolved,
  ceilMode: boolean,
  budget: Budget,
): number {
  const padded = n + pad.begin + pad.end;
  spend(budget, Math.max(0, padded / s) + 2);
  let count = 0;
  for (let o = 0; ; o++) {
    const start = o * s;
    const keep = ceilMode ? start - s + ke < padded : start + ke <= padded;
    if (!keep) break;
    count++;
  }
  if (ceilMode && count > 0 && (count - 1) * s >= n + pad.begin) count--;
  return count;
}

/** SAME padding from its definition: `out = ceil(n/s)`, `total = max((out−1)·s + ke − n, 0)`. */
function samePadding(n: number, ke: number, s: number, lower: boolean, budget: Budget): Resolved {
  spend(budget, n / s + 1);
  let out = 0;
  while (out * s < n) out++;
  const total = Math.max((out - 1) * s + ke - n, 0);
  const begin = lower ? total - Math.floor(total / 2) : Math.floor(total / 2);
  return { begin, end: total - begin };
}

export interface AxisEngineOptions {
  /** Whether known output sizes are compared at merges (off for probe sizes, which are not real). */
  checkSizes: boolean;
  /** The call's step budget, shared by all its engines. */
  budget: Budget;
}

/**
 * The brute force on one axis. `step(i)` must be called for i = 0, 1, … in model order; it
 * validates layer i (empty output, jump and size mismatch at merges) and records its values.
 */
export class AxisEngine {
  readonly values: AxisValues[] = [];
  private readonly sizes: (number | null)[] = [];
  private readonly pads: Resolved[] = [];
  private readonly global: boolean[] = [];
  /** A multiple of the period of the layer's units (product of up-sampling factors). */
  private readonly period: number[] = [];
  private readonly jumps: (Fraction | null)[] = [];
  /**
   * For a (non-global) merge: per input path, the centre of each of its units 0…T−1 (T = the
   * merge's period), null for a unit that reads nothing. Paths are aligned when these agree.
   */
  readonly centres: ((number | null)[][] | undefined)[] = [];
  private readonly inputIndex: number[][];
  private readonly byName = new Map<string, number>();

  constructor(
    private readonly model: Model,
    private readonly axis: number,
    /** The model input's size on this axis, or null when unknown. */
    private readonly n: number | null,
    private readonly options: AxisEngineOptions,
  ) {
    model.layers.forEach((l, i) => {
      this.byName.set(l.name, i);
    });
    this.inputIndex = model.layers.map((l) => l.inputs.map((name) => this.indexOf(name)));
  }

  private indexOf(name: string): number {
    if (name === 'input') return -1;
    const i = this.byName.get(name);
    if (i === undefined) throw new RfError('unknown-layer', `input "${name}" names no layer`);
    return i;
  }

  private sizeOf(src: number): number | null {
    return src < 0 ? this.n : this.sizes[src]!;
  }

  private globalOf(src: number): boolean {
    return src < 0 ? false : this.global[src]!;
  }

  private periodOf(src: number): number {
    return src < 0 ? 1 : this.period[src]!;
  }

  step(i: number): void {
    const layer = this.model.layers[i]!;
    const a = this.axis;
    const inputs = this.inputIndex[i]!;
    const isGlobal = layer.op === 'global' || inputs.some((src) => this.globalOf(src));
    this.global[i] = isGlobal;

    // A merge with a global path is global: its union is every pixel, whatever the other jumps.
    if (MERGES.has(layer.op) && !isGlobal) this.checkMerge(layer, inputs);

    // Padding and output size.
    const first = inputs[0]!;
    const nIn = this.sizeOf(first);
    let pad: Resolved = { begin: 0, end: 0 };
    if (WINDOWED.has(layer.op) || layer.op === 'deconv') {
      if (layer.padding.kind === 'same') {
        if (layer.op === 'deconv') {
          throw new RfError(
            'invalid-model',
            `${layerLabel(layer)}.padding: "same" is not defined for deconv`,
          );
        }
        if (isGlobal) pad = { begin: 0, end: 0 };
        else if (nIn === null) throw new Error(`oracle: SAME layer ${layer.name} run without a probe size`);
        else
          pad = samePadding(
            nIn,
            effectiveKernel(layer, a),
            layer.stride[a]!,
            layer.padding.lower,
            this.options.budget,
          );
      } else {
        pad = { begin: layer.padding.begin[a]!, end: layer.padding.end[a]! };
      }
    }
    this.pads[i] = pad;

    let size: number | null = null;
    if (!isGlobal && nIn !== null) {
      const ke = effectiveKernel(layer, a);
      const s = layer.stride[a]!;
      if (WINDOWED.has(layer.op)) size = windowCount(nIn, ke, s, pad, layer.ceilMode, this.options.budget);
      else if (layer.op === 'deconv') {
        // Uncropped positions i·s + t·d run from 0 to (n−1)·s + (k−1)·d; crop both pads, extend by outputPadding.
        size = (nIn - 1) * s + ke - pad.begin - pad.end + layer.outputPadding[a]!;
      } else if (layer.op === 'upsample') size = nIn * layer.scale[a]!;
      else size = nIn;
      if (!Number.isSafeInteger(size)) tooFar(layer, a);
      if (size <= 0) {
        throw new RfError(
          'empty-output',
          `${layerLabel(layer)}: output size ${size} on axis ${a} (input size ${nIn}); expected at least 1`,
        );
      }
    }
    this.sizes[i] = size;

    let period = inputs.map((src) => this.periodOf(src)).reduce(lcm, 1);
    if (layer.op === 'deconv') period *= layer.stride[a]!;
    if (layer.op === 'upsample') period *= layer.scale[a]!;
    this.period[i] = period;

    if (isGlobal) {
      this.jumps[i] = null;
      this.values[i] = {
        rf: this.n,
        jump: null,
        effectivePadding: null,
        center: null,
        outputSize: null,
        covered: this.n,
        global: true,
      };
      return;
    }

    const phases: IndexSet[] = [];
    for (let j = 0; j < period; j++) phases.push(this.region(i, j));
    const spans = phases.filter((p) => p.size > 0).map((p) => span(p));
    const reading = phases.findIndex((p) => p.size > 0);
    let jump: Fraction | null = null;
    if (reading >= 0) {
      const later = this.region(i, reading + period);
      jump = { num: minOf(later) - minOf(phases[reading]!), den: period };
    } else {
      // No unit reads anything (taps fall between a deconv's inputs): measure how fast the
      // relaxed region, which keeps those fractional input positions, moves instead.
      const later = this.region(i, period, true);
      const now = this.region(i, 0, true);
      // The shift over a whole period is an integer; rounding drops the float error of the fractions.
      if (later.size > 0 && now.size > 0) jump = { num: Math.round(minOf(later) - minOf(now)), den: period };
    }
    this.jumps[i] = jump;
    if (MERGES.has(layer.op)) {
      this.centres[i] = inputs.map((src) =>
        Array.from({ length: period }, (_, r) => {
          if (src < 0) return r;
          const set = this.region(src, r);
          return set.size === 0 ? null : (minOf(set) + maxOf(set)) / 2 + 0;
        }),
      );
    }
    const unit0 = phases[0]!;
    const lo = unit0.size > 0 ? minOf(unit0) : null;
    const hi = unit0.size > 0 ? maxOf(unit0) : null;
    this.values[i] = {
      // No phase reads anything: the span of the empty set, like covered.
      rf: spans.length > 0 ? maxOf(spans) : 0,
      jump: jump === null ? null : jump.num / jump.den + 0,
      effectivePadding: lo === null ? null : 0 - lo,
      center: lo === null || hi === null ? null : (lo + hi) / 2 + 0,
      outputSize: size,
      covered: unit0.size,
      global: false,
    };
  }

  private checkMerge(layer: NormalizedLayer, inputs: number[]): void {
    const live = inputs.filter((src) => !this.globalOf(src));
    let ref: { src: number; jump: Fraction } | null = null;
    for (const src of live) {
      const jump = src < 0 ? { num: 1, den: 1 } : this.jumps[src];
      if (!jump) continue;
      if (ref === null) ref = { src, jump };
      else if (ref.jump.num * jump.den !== jump.num * ref.jump.den) {
        throw new RfError(
          'jump-mismatch',
          `${layerLabel(layer)}: inputs "${this.nameOf(ref.src)}" (jump ${ref.jump.num / ref.jump.den}) and ` +
            `"${this.nameOf(src)}" (jump ${jump.num / jump.den}) differ on axis ${this.axis}; expected equal jumps`,
        );
      }
    }
    if (!this.options.checkSizes) return;
    let sized: { src: number; size: number } | null = null;
    for (const src of live) {
      const size = this.sizeOf(src);
      if (size === null) continue;
      if (sized === null) sized = { src, size };
      else if (sized.size !== size) {
        throw new RfError(
          'size-mismatch',
          `${layerLabel(layer)}: inputs "${this.nameOf(sized.src)}" (size ${sized.size}) and ` +
            `"${this.nameOf(src)}" (size ${size}) differ on axis ${this.axis}; expected equal output sizes`,
        );
      }
    }
  }

  private nameOf(src: number): string {
    return src < 0 ? 'input' : this.model.layers[src]!.name;
  }

  /**
   * The model-input indices (all integers, padding included) that unit `unit` of layer `target`
   * depends on: the set of needed units is pushed backwards layer by layer through each op's
   * definition. Layers are in topological order, so one reverse sweep suffices.
   * `target` must be a non-global layer that `step` has already processed. `relaxed` keeps the
   * fractional input positions a deconv's taps fall on (only to measure the jump of dead units).
   */
  region(target: number, unit: number, relaxed = false): IndexSet {
    const a = this.axis;
    const need: (Set<number> | undefined)[] = [];
    need[target] = new Set([unit]);
    const result = new Set<number>();
    const budget = this.options.budget;
    const add = (src: number, index: number): void => {
      // (Fractions occur in relaxed mode: deconv taps between inputs.)
      if (!(Math.abs(index) <= Number.MAX_SAFE_INTEGER)) tooFar(this.model.layers[target]!, this.axis);
      if (src < 0) result.add(index);
      else {
        let set = need[src];
        if (!set) need[src] = set = new Set();
        set.add(index);
      }
    };
    for (let l = target; l >= 0; l--) {
      const units = need[l];
      if (!units) continue;
      const layer = this.model.layers[l]!;
      const inputs = this.inputIndex[l]!;
      const src = inputs[0]!;
      const k = layer.kernel[a]!;
      const s = layer.stride[a]!;
      const d = layer.dilation[a]!;
      const p = this.pads[l]!.begin;
      // Paid up front, so that a huge kernel is refused before its loop starts.
      spend(
        budget,
        units.size *
          (layer.op === 'conv' || layer.op === 'maxpool' || layer.op === 'avgpool' || layer.op === 'deconv'
            ? k
            : inputs.length),
      );
      for (const o of units) {
        switch (layer.op) {
          case 'conv':
          case 'maxpool':
          case 'avgpool':
            // Output o reads input o·s − pL + t·d.
            for (let t = 0; t < k; t++) add(src, o * s - p + t * d);
            break;
          case 'deconv':
            // Output o reads input i wherever o = i·s − p + t·d.
            for (let t = 0; t < k; t++) {
              const x = o + p - t * d;
              // `+ 0` turns −0 into 0.
              if (relaxed || x % s === 0) add(src, x / s + 0);
            }
            break;
          case 'upsample':
            add(src, Math.floor(o / layer.scale[a]!) + 0);
            break;
          case 'identity':
            add(src, o);
            break;
          case 'add':
          case 'concat':
          case 'mul':
            for (const from of inputs) add(from, o);
            break;
          case 'global':
            throw new Error(`oracle: global layer ${layer.name} reached in a local region`);
        }
      }
    }
    return result;
  }

  /** Takes `steps` from the call's budget (`too-large` once it is spent). */
  spend(steps: number): void {
    spend(this.options.budget, steps);
  }

  /** The left padding layer i was run with (SAME resolved for this engine's input size). */
  padBegin(i: number): number {
    return this.pads[i]!.begin;
  }

  isGlobal(i: number): boolean {
    return this.global[i]!;
  }
}

function span(set: IndexSet): number {
  return maxOf(set) - minOf(set) + 1;
}
