// Ops that move, reshape or copy axes without reading neighbouring pixels (Flatten, Reshape,
// Transpose, (Un)squeeze, Gather, Split, Expand, Tile), and those that read only a tensor's shape
// (Shape, Size, *Like). None becomes a layer: each tracks where the spatial axes went, or that
// they are flattened (`pos: null`), or refuses when it would reorder pixels across space.

import { intAttr, intsAttr } from '../attributes.js';
import { broadcastShapes, product, range } from '../dims.js';
import { intValues, partialInts } from '../fold/const.js';
import { reshapeDims, shapeConst, unsqueezeOrSqueeze } from '../fold/layout.js';
import type { IrNode } from '../ir.js';
import {
  type ConversionState,
  forEachOp,
  type Inputs,
  invalid,
  normAxis,
  type OpFamily,
  unsupported,
} from '../state.js';
import type { PixelValue, Value } from '../values.js';

function flatten(st: ConversionState, node: IrNode, ins: Inputs): PixelValue[] {
  const x = st.data(node, ins);
  const rank = x.shape.length;
  let axis = intAttr(node, 'axis', 1);
  if (axis < 0) axis += rank;
  if (axis < 0 || axis > rank)
    throw invalid(node, `axis ${intAttr(node, 'axis', 1)} is out of range for rank ${rank}`);
  const shape = [product(x.shape.slice(0, axis)), product(x.shape.slice(axis))];
  return [{ ...x, shape, pos: null }];
}

function reshape(st: ConversionState, node: IrNode, ins: Inputs): PixelValue[] {
  const x = st.data(node, ins);
  const target = partialInts(st.constInput(node, ins, 1, 'shape'));
  if (!target) throw unsupported(node, 'its target shape is not a constant');
  const allowZero = intAttr(node, 'allowzero', 0) === 1;
  const out = reshapeDims(x.shape, target, allowZero);
  if (!out) throw invalid(node, `target shape [${target.join(', ')}] is invalid`);
  const R = out.length;
  if (x.global || x.pos === null) return [{ ...x, shape: out, pos: null }];
  const r = x.shape.length;
  const ax = st.axes;
  const trailing = x.pos.every((q, a) => q === r - ax + a);
  if (trailing && R >= ax + 1) {
    let keep = true;
    let differ = false;
    for (let a = 0; a < ax; a++) {
      const j = R - ax + a;
      const q = x.pos[a] as number;
      const copied = target[j] === 0 && !allowZero && j === q;
      const before = x.shape[q] ?? null;
      const after = out[j] ?? null;
      if (copied) continue;
      if (before !== null && after !== null) {
        if (before !== after) {
          keep = false;
          differ = true;
        }
      } else keep = false;
    }
    // Equal trailing extents can still hide a reshuffle when the leading block changes size.
    const inLead = product(x.shape.slice(0, r - ax));
    const outLead = product(out.slice(0, R - ax));
    if (keep && inLead !== null && outLead !== null && inLead !== outLead) {
      keep = false;
      differ = true;
    }
    if (keep) return [{ ...x, shape: out, pos: range(R - ax, R) }];
    if (differ) return [{ ...x, shape: out, pos: null }];
  }
  if (R <= 2 || (trailing && R < ax + 1)) return [{ ...x, shape: out, pos: null }];
  throw unsupported(
    node,
    `cannot tell whether reshaping [${x.shape.map((d) => d ?? '?').join(', ')}] to [${target.join(', ')}] keeps the spatial axes (export with a static input size)`,
  );
}

function transpose(st: ConversionState, node: IrNode, ins: Inputs): PixelValue[] {
  const x = st.data(node, ins);
  const rank = x.shape.length;
  const perm = intsAttr(node, 'perm') ?? range(0, rank).reverse();
  if (perm.length !== rank || new Set(perm).size !== rank || perm.some((p) => p < 0 || p >= rank)) {
    throw invalid(node, `perm [${perm.join(', ')}] is not a permutation of ${rank} axes`);
  }
  const shape = perm.map((p) => x.shape[p] ?? null);
  const pos = x.pos?.map((q) => perm.indexOf(q)) ?? null;
  return [{ ...x, shape, pos }];
}

function squeeze(st: ConversionState, node: IrNode, ins: Inputs): PixelValue[] {
  const op = node.opType === 'Squeeze' ? 'Squeeze' : 'Unsqueeze';
  const x = st.data(node, ins);
  const rank = x.shape.length;
  let axes = intsAttr(node, 'axes');
  if (ins[1] !== undefined) {
    axes = intValues(st.constInput(node, ins, 1, 'axes'));
    if (!axes) throw unsupported(node, 'its axes are not a constant');
  }
  if (op === 'Squeeze' && axes === null) {
    if (x.shape.some((d) => d === null))
      throw unsupported(node, 'it has no axes and the input shape is not static');
    axes = range(0, rank).filter((i) => x.shape[i] === 1);
  }
  if (axes === null) throw invalid(node, 'its axes are missing');
  // Work on placeholder dims (the axis index + 2, never 1) to get the axis mapping.
  const probe = range(0, rank).map((i) => i + 2);
  const mapped = unsqueezeOrSqueeze(op, probe, axes);
  if (!mapped) throw invalid(node, `axes [${axes.join(', ')}] are invalid for rank ${rank}`);
  const shape = mapped.map((d) => (d === 1 ? 1 : (x.shape[d - 2] ?? null)));
  let pos: number[] | null = null;
  if (x.pos !== null) {
    const where = x.pos.map((q) => mapped.indexOf(q + 2));
    pos = where.some((w) => w < 0) ? null : where;
  }
  if (pos === null && x.pos !== null && !x.global) {
    // A spatial axis squeezed away: only harmless when it has extent 1, and then the layout is lost.
    return [{ ...x, shape, pos: null }];
  }
  return [{ ...x, shape, pos }];
}

function gather(st: ConversionState, node: IrNode, ins: Inputs): PixelValue[] {
  const x = st.data(node, ins);
  const rank = x.shape.length;
  const axis = normAxis(node, intAttr(node, 'axis', 0), rank);
  const idx = st.constInput(node, ins, 1, 'indices');
  if (!x.global && (x.pos === null || x.pos.includes(axis))) {
    throw unsupported(node, `it gathers along spatial axis ${axis}`);
  }
  const idxDims = idx?.dims;
  if (!idxDims) throw unsupported(node, 'its indices have no static shape');
  const shape = [...x.shape.slice(0, axis), ...idxDims, ...x.shape.slice(axis + 1)];
  const pos = x.pos?.map((q) => (q < axis ? q : q + idxDims.length - 1)) ?? null;
  return [{ ...x, shape, pos }];
}

function split(st: ConversionState, node: IrNode, ins: Inputs): PixelValue[] {
  const x = st.data(node, ins);
  const rank = x.shape.length;
  const axis = normAxis(node, intAttr(node, 'axis', 0), rank);
  if (!x.global && (x.pos === null || x.pos.includes(axis))) {
    throw unsupported(node, `it splits along spatial axis ${axis}`);
  }
  const sizes =
    ins[1] !== undefined ? intValues(st.constInput(node, ins, 1, 'split')) : intsAttr(node, 'split');
  return node.outputs.map((_, i) => {
    const shape = x.shape.slice();
    const whole = x.shape[axis] ?? null;
    shape[axis] =
      sizes?.[i] ?? (whole !== null && node.outputs.length > 0 ? whole / node.outputs.length : null);
    return { ...x, shape };
  });
}

function expand(st: ConversionState, node: IrNode, ins: Inputs): PixelValue[] {
  const x = st.data(node, ins);
  const arg = partialInts(st.constInput(node, ins, 1, 'shape'));
  const shape = arg ? broadcastShapes([x.shape, arg]).shape : x.shape.map(() => null);
  const pos = x.pos?.map((q) => q + shape.length - x.shape.length) ?? null;
  return [{ ...x, shape, pos }];
}

function tile(st: ConversionState, node: IrNode, ins: Inputs): PixelValue[] {
  const x = st.data(node, ins);
  const arg = partialInts(st.constInput(node, ins, 1, 'repeats'));
  if (!arg || arg.length !== x.shape.length) throw unsupported(node, 'its repeats are not a constant');
  if (!x.global && x.pos !== null && x.pos.some((q) => arg[q] !== 1)) {
    throw unsupported(node, 'it tiles along a spatial axis');
  }
  const shape = x.shape.map((d, i) => {
    const r = arg[i] ?? null;
    return d === null || r === null ? null : d * r;
  });
  return [{ ...x, shape }];
}

function shapeOf(st: ConversionState, node: IrNode, ins: Inputs): Value[] {
  return [{ kind: 'const', c: shapeConst(node, st.data(node, ins).shape) }];
}

function size(st: ConversionState, node: IrNode, ins: Inputs): Value[] {
  const x = st.data(node, ins);
  return [{ kind: 'const', c: { dims: [], data: [product(x.shape)], float: false } }];
}

/** These read only the shape of their input, not its pixels. */
function likeOp(st: ConversionState, node: IrNode, ins: Inputs): Value[] {
  const x = st.data(node, ins);
  const dims = x.shape.every((d) => d !== null) ? (x.shape as number[]) : null;
  return [{ kind: 'const', c: { dims, data: null, float: true } }];
}

export const shapeOps: OpFamily = {
  Flatten: flatten,
  Reshape: reshape,
  Transpose: transpose,
  ...forEachOp(['Squeeze', 'Unsqueeze'], squeeze),
  Gather: gather,
  Split: split,
  Expand: expand,
  Tile: tile,
  Shape: shapeOf,
  Size: size,
  ...forEachOp(['RandomNormalLike', 'RandomUniformLike', 'EyeLike'], likeOp),
};
