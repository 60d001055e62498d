// Ops whose units can read the whole image: global pooling, reductions and softmax over a
// spatial axis, and dense heads (Gemm, MatMul over a spatial or flattened axis) become `global`
// layers; over the channels only they are pointwise.

import { hasAttr, intAttr, intsAttr } from '../attributes.js';
import { broadcastShapes, range } from '../dims.js';
import { intValues } from '../fold/const.js';
import type { IrNode } from '../ir.js';
import {
  type ConversionState,
  constOf,
  forEachOp,
  type Inputs,
  isPixels,
  normAxis,
  type OpFamily,
  unsupported,
} from '../state.js';
import type { PixelValue, Value } from '../values.js';

const REDUCE = [
  'ReduceMean',
  'ReduceMax',
  'ReduceMin',
  'ReduceSum',
  'ReduceProd',
  'ReduceL1',
  'ReduceL2',
  'ReduceLogSum',
  'ReduceLogSumExp',
  'ReduceSumSquare',
];

const SOFTMAX = ['Softmax', 'LogSoftmax', 'Hardmax'];

const GLOBAL_POOL = ['GlobalAveragePool', 'GlobalMaxPool', 'GlobalLpPool'];

function globalPool(st: ConversionState, node: IrNode, ins: Inputs): PixelValue[] {
  const x = st.data(node, ins);
  const shape = x.shape.map((d, i) => (x.pos === null || x.pos.includes(i) ? 1 : d));
  return [st.globalLayer(node, [x], shape, x.pos)];
}

function reduce(st: ConversionState, node: IrNode, ins: Inputs): PixelValue[] {
  const x = st.data(node, ins);
  const rank = x.shape.length;
  const keep = intAttr(node, 'keepdims', 1) === 1;
  let axes: number[];
  if (node.opType === 'ArgMax' || node.opType === 'ArgMin') axes = [intAttr(node, 'axis', 0)];
  else if (hasAttr(node, 'axes')) axes = intsAttr(node, 'axes') as number[];
  else if (ins[1] !== undefined) {
    const v = intValues(st.constInput(node, ins, 1, 'axes'));
    if (!v) throw unsupported(node, 'its axes are not a constant');
    axes = v;
  } else axes = [];
  if (axes.length === 0) {
    if (intAttr(node, 'noop_with_empty_axes', 0) === 1) return [x];
    axes = range(0, rank);
  }
  const set = new Set(axes.map((a) => normAxis(node, a, rank)));
  const shape: (number | null)[] = [];
  const map: number[] = [];
  for (let i = 0; i < rank; i++) {
    map.push(shape.length);
    if (!set.has(i)) shape.push(x.shape[i] ?? null);
    else if (keep) shape.push(1);
  }
  const touchesSpace = x.pos === null || x.pos.some((q) => set.has(q));
  const pos =
    x.pos === null
      ? null
      : keep
        ? x.pos
        : x.pos.some((q) => set.has(q))
          ? null
          : x.pos.map((q) => map[q] as number);
  if (touchesSpace && !x.global) return [st.globalLayer(node, [x], shape, pos)];
  return [{ ...x, shape, pos }];
}

function softmax(st: ConversionState, node: IrNode, ins: Inputs): PixelValue[] {
  const x = st.data(node, ins);
  const rank = x.shape.length;
  const modern = st.graph.opset >= 13 || st.graph.opset === 0;
  const axis = normAxis(node, intAttr(node, 'axis', modern ? -1 : 1), rank);
  // Before opset 13 the input was coerced to 2-D at `axis`: every later axis is normalised over.
  const touches = x.pos === null || x.pos.some((q) => (modern ? q === axis : q >= axis));
  if (touches && !x.global) return [st.globalLayer(node, [x], x.shape.slice(), x.pos)];
  return [x];
}

function gemm(st: ConversionState, node: IrNode, ins: Inputs, pixels: readonly PixelValue[]): PixelValue[] {
  const b = constOf(ins[1])?.dims;
  const transB = intAttr(node, 'transB', 0) === 1;
  const nOut = b && b.length === 2 ? (b[transB ? 0 : 1] as number) : null;
  const x = pixels[0] as PixelValue;
  return [st.globalLayer(node, pixels, [x.shape[0] ?? null, nOut], null)];
}

function matmul(st: ConversionState, node: IrNode, ins: Inputs, pixels: readonly PixelValue[]): PixelValue[] {
  const [a, b] = [ins[0], ins[1]];
  const mixes = (v: Value | undefined, contracted: (r: number) => number): boolean => {
    if (!isPixels(v)) return false;
    if (v.global || v.pos === null) return true;
    const r = v.shape.length;
    return r < 2 || v.pos.includes(contracted(r));
  };
  const aShape = isPixels(a) ? a.shape : (constOf(a)?.dims ?? null);
  const bShape = isPixels(b) ? b.shape : (constOf(b)?.dims ?? null);
  let shape: (number | null)[] = [null, null];
  if (aShape && bShape && aShape.length >= 2 && bShape.length >= 2) {
    shape = [
      ...broadcastShapes([aShape.slice(0, -2), bShape.slice(0, -2)]).shape,
      aShape[aShape.length - 2] ?? null,
      bShape[bShape.length - 1] ?? null,
    ];
  }
  if (mixes(a, (r) => r - 1) || mixes(b, (r) => r - 2) || (isPixels(a) && isPixels(b))) {
    return [st.globalLayer(node, pixels, shape, null)];
  }
  // A product over the channel axis only (channels-last dense layers): pointwise in space.
  const x = pixels[0] as PixelValue;
  const pos = x.pos?.map((q) => q + shape.length - x.shape.length) ?? null;
  return [{ ...x, shape, pos }];
}

export const reduceOps: OpFamily = {
  ...forEachOp(GLOBAL_POOL, globalPool),
  ...forEachOp([...REDUCE, 'ArgMax', 'ArgMin'], reduce),
  ...forEachOp(SOFTMAX, softmax),
  Gemm: gemm,
  ...forEachOp(['MatMul', 'MatMulInteger'], matmul),
};
