// Constant folding for the nodes that only compute shapes, scales and pads (Shape → Gather →
// Concat → Resize, PyTorch's ConstantOfShape/Reshape/Slice/Transpose chain before Pad, …).
// Only small tensors are evaluated; anything else folds to an unknown constant, which is fine
// unless a geometric op later needs that value (and then it says so).

import { floatAttr, floatsAttr, intAttr, intsAttr, tensorAttr } from './attributes.js';
import type { IrNode } from './ir.js';
import { MAX_FOLD_ELEMENTS } from './limits.js';
import { type Const, elementCount, isFloatType, tensorConst, unknownConst } from './tensor.js';

type Data = (number | null)[];

function make(dims: number[] | null, data: Data | null, float: boolean): Const {
  if (dims === null) return { dims: null, data: null, float };
  const n = elementCount(dims);
  if (!Number.isFinite(n)) return unknownConst;
  if (data === null || n > MAX_FOLD_ELEMENTS || data.length !== n) return { dims, data: null, float };
  return { dims, data, float };
}

function full(c: Const | undefined): c is Const & { dims: number[]; data: Data } {
  return c !== undefined && c.dims !== null && c.data !== null;
}

/** The integer values of a 0-D or 1-D constant, or null when any of them is unknown. */
export function intValues(c: Const | undefined): number[] | null {
  if (!full(c) || c.dims.length > 1) return null;
  const out: number[] = [];
  for (const v of c.data) {
    if (v === null || !Number.isFinite(v)) return null;
    out.push(Math.trunc(v));
  }
  return out;
}

/** Like intValues, but keeps unknown entries as null (shape vectors of symbolic tensors). */
export function partialInts(c: Const | undefined): (number | null)[] | null {
  if (!full(c) || c.dims.length > 1) return null;
  return c.data.map((v) => (v === null || !Number.isFinite(v) ? null : Math.trunc(v)));
}

export function floatValues(c: Const | undefined): number[] | null {
  if (!full(c) || c.dims.length > 1) return null;
  const out: number[] = [];
  for (const v of c.data) {
    if (v === null) return null;
    out.push(v);
  }
  return out;
}

function stridesOf(dims: readonly number[]): number[] {
  const s = new Array<number>(dims.length).fill(1);
  for (let i = dims.length - 2; i >= 0; i--) s[i] = (s[i + 1] as number) * (dims[i + 1] as number);
  return s;
}

function normAxis(axis: number, rank: number): number | null {
  const a = axis < 0 ? axis + rank : axis;
  return Number.isInteger(a) && a >= 0 && a < rank ? a : null;
}

/** ONNX Slice bounds for one axis (positive step), clamped to `[0, dim]`. */
export function sliceBounds(start: number, end: number, dim: number): { start: number; end: number } {
  let s = start < 0 ? start + dim : start;
  let e = end < 0 ? end + dim : end;
  s = Math.min(Math.max(s, 0), dim);
  e = Math.min(Math.max(e, 0), dim);
  return { start: s, end: e };
}

function broadcastDims(all: number[][]): number[] | null {
  const rank = Math.max(...all.map((d) => d.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let size = 1;
    for (const d of all) {
      const v = d[i - (rank - d.length)] ?? 1;
      if (v === 1) continue;
      if (size !== 1 && size !== v) return null;
      size = v;
    }
    out.push(size);
  }
  return out;
}

function broadcast(
  ins: (Const & { dims: number[]; data: Data })[],
  f: (xs: number[]) => number,
  float: boolean,
): Const {
  const dims = broadcastDims(ins.map((c) => c.dims));
  if (dims === null) return unknownConst;
  const n = elementCount(dims);
  if (!Number.isFinite(n) || n > MAX_FOLD_ELEMENTS) return make(dims, null, float);
  const outStrides = stridesOf(dims);
  const inStrides = ins.map((c) => stridesOf(c.dims));
  const data: Data = [];
  for (let i = 0; i < n; i++) {
    const xs: number[] = [];
    let unknown = false;
    for (let k = 0; k < ins.length; k++) {
      const c = ins[k] as Const & { dims: number[]; data: Data };
      const st = inStrides[k] as number[];
      const off = dims.length - c.dims.length;
      let idx = 0;
      for (let a = 0; a < c.dims.length; a++) {
        const coord = Math.floor(i / (outStrides[a + off] as number)) % (dims[a + off] as number);
        idx += ((c.dims[a] as number) === 1 ? 0 : coord) * (st[a] as number);
      }
      const v = c.data[idx];
      if (v === null || v === undefined) unknown = true;
      else xs.push(v);
    }
    data.push(unknown ? null : f(xs));
  }
  return make(dims, data, float);
}

const BINARY: Record<string, (a: number, b: number, float: boolean) => number> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  Div: (a, b, float) => (float ? a / b : Math.trunc(a / b)),
  Pow: (a, b) => a ** b,
  Mod: (a, b) => a - Math.floor(a / b) * b,
  Equal: (a, b) => (a === b ? 1 : 0),
  Less: (a, b) => (a < b ? 1 : 0),
  Greater: (a, b) => (a > b ? 1 : 0),
  LessOrEqual: (a, b) => (a <= b ? 1 : 0),
  GreaterOrEqual: (a, b) => (a >= b ? 1 : 0),
  And: (a, b) => (a && b ? 1 : 0),
  Or: (a, b) => (a || b ? 1 : 0),
};

const VARIADIC: Record<string, (xs: number[]) => number> = {
  Max: (xs) => Math.max(...xs),
  Min: (xs) => Math.min(...xs),
  Sum: (xs) => xs.reduce((a, b) => a + b, 0),
};

const UNARY: Record<string, (a: number) => number> = {
  Neg: (a) => -a,
  Abs: (a) => Math.abs(a),
  Floor: (a) => Math.floor(a),
  Ceil: (a) => Math.ceil(a),
  Round: (a) => {
    // Round half to even, as ONNX specifies.
    const r = Math.round(a);
    return Math.abs(a % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  },
  Sqrt: (a) => Math.sqrt(a),
  Reciprocal: (a) => 1 / a,
  Relu: (a) => Math.max(a, 0),
  Sign: (a) => Math.sign(a),
  Not: (a) => (a ? 0 : 1),
  Exp: (a) => Math.exp(a),
  Log: (a) => Math.log(a),
};

const INT_TYPES_TRUNC = new Set([2, 3, 4, 5, 6, 7, 12, 13]);

function cast(c: Const, to: number): Const {
  const float = isFloatType(to);
  if (!full(c)) return { ...c, float };
  let data: Data = c.data;
  if (INT_TYPES_TRUNC.has(to)) data = c.data.map((v) => (v === null ? null : Math.trunc(v)));
  else if (to === 9) data = c.data.map((v) => (v === null ? null : v ? 1 : 0));
  return make(c.dims, data, float);
}

function constantNode(node: IrNode): Const {
  const t = tensorAttr(node, 'value');
  if (t) return tensorConst(t);
  const f = floatsAttr(node, 'value_floats');
  if (f) return make([f.length], f, true);
  const i = intsAttr(node, 'value_ints');
  if (i) return make([i.length], i, false);
  if (node.attributes.has('value_float')) return make([], [floatAttr(node, 'value_float', 0)], true);
  if (node.attributes.has('value_int')) return make([], [intAttr(node, 'value_int', 0)], false);
  return unknownConst;
}

function gather(data: Const, indices: Const, axisAttr: number): Const {
  if (!full(data) || !full(indices)) return unknownConst;
  const rank = data.dims.length;
  const axis = normAxis(axisAttr, rank);
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

function concat(ins: Const[], axisAttr: number): Const {
  if (ins.length === 0 || !ins.every(full)) return unknownConst;
  const parts = ins as (Const & { dims: number[]; data: Data })[];
  const first = parts[0] as Const & { dims: number[]; data: Data };
  const rank = first.dims.length;
  const axis = normAxis(axisAttr, rank);
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

function slice(
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
    const axis = normAxis(axes[k] as number, rank);
    const st = steps[k] as number;
    if (axis === null || st === 0) return unknownConst;
    const dim = data.dims[axis] as number;
    let s = starts[k] as number;
    let e = ends[k] as number;
    if (st > 0) {
      ({ start: s, end: e } = sliceBounds(s, e, dim));
      count[axis] = Math.max(0, Math.ceil((e - s) / st));
    } else {
      s = s < 0 ? s + dim : s;
      e = e < 0 ? e + dim : e;
      s = Math.min(Math.max(s, 0), dim - 1);
      e = Math.min(Math.max(e, -1), dim - 1);
      count[axis] = Math.max(0, Math.ceil((e - s) / st));
    }
    lo[axis] = s;
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

function transpose(data: Const, permAttr: number[] | null): Const {
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
  inDims: readonly (number | null)[],
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

/** Folds one node whose inputs are all constants. Outputs that cannot be folded are unknown. */
export function foldNode(node: IrNode, ins: (Const | undefined)[], opset: number): Const[] {
  const outs = node.outputs.map(() => unknownConst);
  const x = ins[0];
  const op = node.domain === '' || node.domain === 'ai.onnx' ? node.opType : '';
  let result: Const = unknownConst;
  switch (op) {
    case 'Constant':
      result = constantNode(node);
      break;
    case 'Identity':
    case 'Dropout':
    case 'CastLike':
      result = x ?? unknownConst;
      break;
    case 'Cast':
      result = x ? cast(x, intAttr(node, 'to', 1)) : unknownConst;
      break;
    case 'Shape':
      if (x?.dims) {
        const r = x.dims.length;
        const s = sliceBounds(intAttr(node, 'start', 0), intAttr(node, 'end', r), r);
        const d = x.dims.slice(s.start, Math.max(s.start, s.end));
        result = make([d.length], d, false);
      }
      break;
    case 'Size':
      if (x?.dims) result = make([], [elementCount(x.dims)], false);
      break;
    case 'ConstantOfShape': {
      const shape = intValues(ins[0]);
      const t = tensorAttr(node, 'value');
      const v = t ? tensorConst(t) : { dims: [1], data: [0], float: true };
      if (shape?.every((d) => d >= 0) && v.data && v.data.length === 1) {
        const n = elementCount(shape);
        result = make(
          shape,
          n <= MAX_FOLD_ELEMENTS ? new Array<number | null>(n).fill(v.data[0] ?? null) : null,
          v.float,
        );
      }
      break;
    }
    case 'Gather':
      if (x && ins[1]) result = gather(x, ins[1], intAttr(node, 'axis', 0));
      break;
    case 'Concat':
      result = concat(
        ins.filter((c): c is Const => c !== undefined),
        intAttr(node, 'axis', 0),
      );
      break;
    case 'Slice': {
      if (!x) break;
      if (opset >= 10 || ins.length > 1) {
        const starts = intValues(ins[1]);
        const ends = intValues(ins[2]);
        const axes = ins[3] ? intValues(ins[3]) : null;
        const steps = ins[4] ? intValues(ins[4]) : null;
        if (starts && ends && (axes || !ins[3]) && (steps || !ins[4]))
          result = slice(x, starts, ends, axes, steps);
      } else {
        const starts = intsAttr(node, 'starts');
        const ends = intsAttr(node, 'ends');
        if (starts && ends) result = slice(x, starts, ends, intsAttr(node, 'axes'), null);
      }
      break;
    }
    case 'Unsqueeze':
    case 'Squeeze': {
      if (!x?.dims) break;
      const axes = ins[1] ? intValues(ins[1]) : intsAttr(node, 'axes');
      if (ins[1] && !axes) break;
      const dims = unsqueezeOrSqueeze(op, x.dims, axes);
      if (dims) result = make(dims, x.data, x.float);
      break;
    }
    case 'Reshape': {
      const target = intValues(ins[1]);
      if (!x?.dims || !target) break;
      const dims = reshapeDims(x.dims, target, intAttr(node, 'allowzero', 0) === 1);
      if (dims?.every((d) => d !== null) && elementCount(dims as number[]) === elementCount(x.dims)) {
        result = make(dims as number[], x.data, x.float);
      }
      break;
    }
    case 'Flatten': {
      if (!x?.dims) break;
      const axis = intAttr(node, 'axis', 1);
      const a = axis < 0 ? axis + x.dims.length : axis;
      if (a < 0 || a > x.dims.length) break;
      result = make([elementCount(x.dims.slice(0, a)), elementCount(x.dims.slice(a))], x.data, x.float);
      break;
    }
    case 'Transpose':
      if (x) result = transpose(x, intsAttr(node, 'perm'));
      break;
    case 'Where':
      if (full(ins[0]) && full(ins[1]) && full(ins[2])) {
        result = broadcast(
          [ins[0], ins[1], ins[2]],
          ([c, a, b]) => ((c as number) ? (a as number) : (b as number)),
          ins[1].float,
        );
      }
      break;
    case 'Expand': {
      const shape = intValues(ins[1]);
      if (full(x) && shape) {
        const n = elementCount(shape);
        if (Number.isFinite(n) && n <= MAX_FOLD_ELEMENTS) {
          result = broadcast(
            [x, make(shape, new Array<number>(n).fill(0), false) as Const & { dims: number[]; data: Data }],
            ([v]) => v as number,
            x.float,
          );
        }
      }
      break;
    }
    case 'Range': {
      const [start, limit, delta] = [ins[0], ins[1], ins[2]].map((c) => floatValues(c)?.[0]);
      if (start !== undefined && limit !== undefined && delta !== undefined && delta !== 0) {
        const n = Math.max(Math.ceil((limit - start) / delta), 0);
        if (Number.isFinite(n) && n <= MAX_FOLD_ELEMENTS) {
          result = make(
            [n],
            Array.from({ length: n }, (_, i) => start + i * delta),
            ins[0]?.float ?? false,
          );
        }
      }
      break;
    }
    default: {
      const bin = BINARY[op];
      const vari = VARIADIC[op];
      const un = UNARY[op];
      const all = ins.filter((c): c is Const => c !== undefined);
      if (bin && all.length === 2 && all.every(full)) {
        const float = all.some((c) => c.float);
        result = broadcast(
          all as (Const & { dims: number[]; data: Data })[],
          ([a, b]) => bin(a as number, b as number, float),
          float,
        );
      } else if (vari && all.length > 0 && all.every(full)) {
        result = broadcast(
          all as (Const & { dims: number[]; data: Data })[],
          vari,
          all.some((c) => c.float),
        );
      } else if (un && full(x)) {
        result = broadcast([x], ([a]) => un(a as number), x.float);
      }
    }
  }
  if (outs.length > 0) outs[0] = result;
  return outs;
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
      const n = normAxis(a, dims.length);
      if (n === null) return null;
      set.add(n);
    }
    return dims.filter((_, i) => !set.has(i));
  }
  if (axes === null) return null;
  const rank = dims.length + axes.length;
  const set = new Set<number>();
  for (const a of axes) {
    const n = normAxis(a, rank);
    if (n === null || set.has(n)) return null;
    set.add(n);
  }
  const out: number[] = [];
  let k = 0;
  for (let i = 0; i < rank; i++) out.push(set.has(i) ? 1 : (dims[k++] as number));
  return out;
}
