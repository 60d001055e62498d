// Constant folding for the nodes that only compute shapes, scales and pads (Shape → Gather →
// Concat → Resize, PyTorch's ConstantOfShape/Reshape/Slice/Transpose chain before Pad, …).
// Only small tensors are evaluated; anything else folds to an unknown constant, which is fine
// unless a geometric op later needs that value (and then it says so).

import { floatAttr, floatsAttr, intAttr, intsAttr, tensorAttr } from '../attributes.js';
import type { IrNode } from '../ir.js';
import { MAX_FOLD_ELEMENTS } from '../limits.js';
import { type Const, elementCount, isFloatType, tensorConst, unknownConst } from '../tensor.js';
import { broadcastApply, type Data, type FullConst, floatValues, full, intValues, make } from './const.js';
import { concat, gather, reshapeDims, shapeConst, slice, transpose, unsqueezeOrSqueeze } from './layout.js';

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
      if (x?.dims) result = shapeConst(node, x.dims);
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
        result = broadcastApply(
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
          result = broadcastApply(
            [x, make(shape, new Array<number>(n).fill(0), false) as FullConst],
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
        result = broadcastApply(all as FullConst[], ([a, b]) => bin(a as number, b as number, float), float);
      } else if (vari && all.length > 0 && all.every(full)) {
        result = broadcastApply(
          all as FullConst[],
          vari,
          all.some((c) => c.float),
        );
      } else if (un && full(x)) {
        result = broadcastApply([x], ([a]) => un(a as number), x.float);
      }
    }
  }
  if (outs.length > 0) outs[0] = result;
  return outs;
}
