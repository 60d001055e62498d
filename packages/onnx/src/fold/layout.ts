// The data-movement ops on small constants (Gather, Concat, Slice, Transpose) and the dims rules
// of Shape, Reshape and (Un)squeeze, which the converter applies to pixel tensors as well.

import { intAttr } from '../attributes.js';
import { axisIndex, type Dims, sliceAxis } from '../dims.js';
import type { IrNode } from '../ir.js';
import { MAX_FOLD_ELEMENTS } from '../limits.js';
import { type Const, elementCount, unknownConst } from '../tensor.js';
import { type Data, type FullConst, full, make, stridesOf } from './const.js';

/** The output of a Shape node (its `start`/`end` attributes) for a tensor of shape `dims`. */
export function shapeConst(node: IrNode, dims: Dims): Const {
  const r = dims.length;
  const b = sliceAxis(intAttr(node, 'start', 0), intAttr(node, 'end', r), 1, r);
  const d = dims.slice(b.start, b.start + b.count);
  return make([d.length], d, false);
}

export function gather(data: Const, indices: Const, axisAttr: number): Const {
  if (!full(data) || !full(indices)) return unknownConst;
  const rank = data.dims.length;
  const axis = axisIndex(axisAttr, rank);
  if (axis === null) return unknownConst;
  const dim = data.dims[axis] as number;
  const dims = [...data.dims.slice(0, axis), ...indices.dims, ...data.dims.slice(axis + 1)];
  const n = elementCount(dims);
  if (!Number.isFinite(n) || n > MAX_FOLD_ELEMENTS) return make(dims, null, data.float);
  const outer = elementCount(data.dims.slice(0, axis));
  const inner = elementCount(data.dims.slice(axis + 1));
  const out: Data = [];
  for (let o = 0; o < outer; o++) {
    for (const raw of indices.data) {
      if (raw === null) return make(dims, null, data.float);
      const idx = raw < 0 ? raw + dim : raw;
      if (!Number.isInteger(idx) || idx < 0 || idx >= dim) return unknownConst;
      for (let k = 0; k < inner; k++) out.push(data.data[(o * dim + idx) * inner + k] ?? null);
    }
  }
  return make(dims, out, data.float);
}

export function concat(ins: Const[], axisAttr: number): Const {
  if (ins.length === 0 || !ins.every(full)) return unknownConst;
  const parts = ins as FullConst[];
  const first = parts[0] as FullConst;
  const rank = first.dims.length;
  const axis = axisIndex(axisAttr, rank);
  if (axis === null || parts.some((p) => p.dims.length !== rank)) return unknownConst;
  for (const p of parts) {
    for (let a = 0; a < rank; a++) if (a !== axis && p.dims[a] !== first.dims[a]) return unknownConst;
  }
  const dims = first.dims.slice();
  dims[axis] = parts.reduce((s, p) => s + (p.dims[axis] as number), 0);
  const outer = elementCount(first.dims.slice(0, axis));
  const out: Data = [];
  for (let o = 0; o < outer; o++) {
    for (const p of parts) {
      const chunk = elementCount(p.dims.slice(axis));
      for (let k = 0; k < chunk; k++) out.push(p.data[o * chunk + k] ?? null);
    }
  }
  return make(
    dims,
    out,
    parts.some((p) => p.float),
  );
}

export function slice(
  data: Const,
  starts: number[],
  ends: number[],
  axesIn: number[] | null,
  stepsIn: number[] | null,
): Const {
  if (!full(data)) return unknownConst;
  const rank = data.dims.length;
  const axes = axesIn ?? starts.map((_, i) => i);
  const steps = stepsIn ?? starts.map(() => 1);
  if (ends.length !== starts.length || axes.length !== starts.length || steps.length !== starts.length)
    return unknownConst;
  const lo = new Array<number>(rank).fill(0);
  const step = new Array<number>(rank).fill(1);
  const count = data.dims.slice();
  for (let k = 0; k < starts.length; k++) {
    const axis = axisIndex(axes[k] as number, rank);
    const st = steps[k] as number;
    if (axis === null || st === 0) return unknownConst;
    const b = sliceAxis(starts[k] as number, ends[k] as number, st, data.dims[axis] as number);
    count[axis] = b.count;
    lo[axis] = b.start;
    step[axis] = st;
  }
  const n = elementCount(count);
  if (n > MAX_FOLD_ELEMENTS) return make(count, null, data.float);
  const inStrides = stridesOf(data.dims);
  const outStrides = stridesOf(count);
  const out: Data = [];
  for (let i = 0; i < n; i++) {
    let idx = 0;
    for (let a = 0; a < rank; a++) {
      const coord = Math.floor(i / (outStrides[a] as number)) % (count[a] as number);
      idx += ((lo[a] as number) + coord * (step[a] as number)) * (inStrides[a] as number);
    }
    out.push(data.data[idx] ?? null);
  }
  return make(count, out, data.float);
}

export function transpose(data: Const, permAttr: number[] | null): Const {
  if (!full(data)) return unknownConst;
  const rank = data.dims.length;
  const perm = permAttr ?? data.dims.map((_, i) => rank - 1 - i);
  if (perm.length !== rank || new Set(perm).size !== rank || perm.some((p) => p < 0 || p >= rank)) {
    return unknownConst;
  }
  const dims = perm.map((p) => data.dims[p] as number);
  const inStrides = stridesOf(data.dims);
  const outStrides = stridesOf(dims);
  const out: Data = [];
  for (let i = 0; i < data.data.length; i++) {
    let idx = 0;
    for (let a = 0; a < rank; a++) {
      const coord = Math.floor(i / (outStrides[a] as number)) % (dims[a] as number);
      idx += coord * (inStrides[perm[a] as number] as number);
    }
    out.push(data.data[idx] ?? null);
  }
  return make(dims, out, data.float);
}

/** ONNX Reshape's target dims (0 copies, -1 infers), or null when they cannot be resolved. */
export function reshapeDims(
  inDims: Dims,
  target: readonly (number | null)[],
  allowZero: boolean,
): (number | null)[] | null {
  const out: (number | null)[] = target.map((t, i) => (t === 0 && !allowZero ? (inDims[i] ?? null) : t));
  const inferAt = out.indexOf(-1);
  if (out.some((d, i) => d !== null && (d < -1 || (d === -1 && i !== inferAt)))) return null;
  if (inferAt >= 0) {
    const total = inDims.every((d) => d !== null) ? elementCount(inDims as number[]) : null;
    const rest = out.every((d, i) => i === inferAt || d !== null)
      ? elementCount(out.filter((_, i) => i !== inferAt) as number[])
      : null;
    out[inferAt] = total !== null && rest !== null && rest > 0 && total % rest === 0 ? total / rest : null;
  }
  return out;
}

/** Output dims of Unsqueeze/Squeeze, or null when the axes are invalid. */
export function unsqueezeOrSqueeze(
  op: 'Unsqueeze' | 'Squeeze',
  dims: readonly number[],
  axes: number[] | null,
): number[] | null {
  if (op === 'Squeeze') {
    if (axes === null) return dims.filter((d) => d !== 1);
    const set = new Set<number>();
    for (const a of axes) {
      const n = axisIndex(a, dims.length);
      if (n === null) return null;
      set.add(n);
    }
    return dims.filter((_, i) => !set.has(i));
  }
  if (axes === null) return null;
  const rank = dims.length + axes.length;
  const set = new Set<number>();
  for (const a of axes) {
    const n = axisIndex(a, rank);
    if (n === null || set.has(n)) return null;
    set.add(n);
  }
  const out: number[] = [];
  let k = 0;
  for (let i = 0; i < rank; i++) out.push(set.has(i) ? 1 : (dims[k++] as number));
  return out;
}
