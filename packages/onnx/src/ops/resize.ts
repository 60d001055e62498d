// Resampling: Resize/Upsample with integer factors become `upsample` (nearest; other modes with
// a warning), DepthToSpace an upsample and SpaceToDepth a window of kernel = stride = block size.

import { describeNode, floatsAttr, intAttr, intsAttr, stringAttr } from '../attributes.js';
import { range } from '../dims.js';
import { floatValues, intValues } from '../fold/const.js';
import { checkDims } from '../geometry.js';
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
import { type Const, elementCount } from '../tensor.js';
import type { PixelValue } from '../values.js';

function resize(st: ConversionState, node: IrNode, ins: Inputs): PixelValue[] {
  const upsample = node.opType === 'Upsample';
  const x = st.data(node, ins);
  const rank = x.shape.length;
  let scales: number[] | null = null;
  let sizes: number[] | null = null;
  const nonEmpty = (c: Const | undefined) => c !== undefined && (c.dims === null || elementCount(c.dims) > 0);
  if (upsample) {
    scales = floatsAttr(node, 'scales') ?? floatValues(st.constInput(node, ins, 1, 'scales'));
  } else if (node.inputs.length === 2) {
    scales = floatValues(st.constInput(node, ins, 1, 'scales'));
  } else {
    const sc = st.constInput(node, ins, 2, 'scales');
    const sz = ins[3] !== undefined ? st.constInput(node, ins, 3, 'sizes') : undefined;
    if (nonEmpty(sc)) scales = floatValues(sc);
    else if (nonEmpty(sz)) sizes = intValues(sz);
  }
  if (!scales && !sizes) throw unsupported(node, 'its scales/sizes are not constants');
  // opset 18: scales/sizes may cover only the axes listed in `axes`.
  const axesAttr = intsAttr(node, 'axes');
  const axes = axesAttr ? axesAttr.map((a) => normAxis(node, a, rank)) : range(0, rank);
  const given = (scales ?? sizes) as number[];
  if (given.length !== axes.length) {
    throw invalid(node, `it has ${given.length} ${scales ? 'scales' : 'sizes'} for ${axes.length} axes`);
  }
  const factor = new Array<number | null>(rank).fill(1);
  axes.forEach((t, i) => {
    const v = given[i] as number;
    if (scales) factor[t] = v;
    else {
      const n = x.shape[t] ?? null;
      factor[t] = n === null ? null : v / n;
    }
  });
  const shape = x.shape.map((d, t) => {
    const f = factor[t] ?? null;
    return d === null || f === null ? null : Math.floor(d * f);
  });
  if (x.global || x.pos === null) return [{ ...x, shape }];
  const scale = x.pos.map((t, a) => {
    const f = factor[t] ?? null;
    if (f === null) throw unsupported(node, `its output size on spatial axis ${t} needs a static input size`);
    const r = Math.round(f);
    if (!(Math.abs(f - r) < 1e-6 && r >= 1)) {
      throw unsupported(
        node,
        `its scale on spatial axis ${t} is ${f}; only integer upsampling factors are supported (axis ${a})`,
      );
    }
    checkDims(node, 'scales', [r], 1);
    return r;
  });
  if (scale.every((s) => s === 1)) return [{ ...x, shape }];
  const layer = st.emit(node, { op: 'upsample', scale: st.perAxis(scale) }, [x.layer]);
  const mode = stringAttr(node, 'mode', 'nearest').toLowerCase();
  const transform = stringAttr(node, 'coordinate_transformation_mode', 'half_pixel');
  const nearest = stringAttr(node, 'nearest_mode', 'round_prefer_floor');
  // With integer factors, nearest sampling reads input floor(o/s) for these conventions.
  const exact =
    mode === 'nearest' &&
    (upsample ||
      ((transform === 'asymmetric' || transform === 'tf_half_pixel_for_nn') && nearest === 'floor') ||
      ((transform === 'half_pixel' || transform === 'pytorch_half_pixel') && nearest.startsWith('round')));
  if (!exact) {
    st.warn(
      'approximate-resize',
      `${describeNode(node)} (mode ${mode}, ${transform}, ${nearest}) is analysed as nearest upsampling; interpolation that reads neighbours makes the true receptive field slightly larger`,
      [layer],
    );
  }
  return [{ ...x, layer, shape }];
}

function depthSpace(st: ConversionState, node: IrNode, ins: Inputs): PixelValue[] {
  const toSpace = node.opType === 'DepthToSpace';
  const x = st.data(node, ins);
  const b = intAttr(node, 'blocksize', 0);
  checkDims(node, 'blocksize', [b], 1);
  const rank = x.shape.length;
  const shape = x.shape.slice();
  const area = b ** Math.max(0, rank - 2);
  const c = shape[1] ?? null;
  shape[1] = c === null ? null : toSpace ? c / area : c * area;
  for (let i = 2; i < rank; i++) {
    const d = shape[i] ?? null;
    shape[i] = d === null ? null : toSpace ? d * b : Math.floor(d / b);
  }
  if (x.global || x.pos === null) return [{ ...x, shape }];
  st.checkLayout(node, x as PixelValue & { pos: number[] }, rank);
  const all = st.perAxis(new Array<number>(st.axes).fill(b));
  const layer = toSpace
    ? st.emit(node, { op: 'upsample', scale: all }, [x.layer])
    : st.emit(node, { op: 'maxpool', kernel: all, stride: all }, [x.layer]);
  return [{ ...x, layer, shape }];
}

export const resizeOps: OpFamily = {
  ...forEachOp(['Resize', 'Upsample'], resize),
  ...forEachOp(['DepthToSpace', 'SpaceToDepth'], depthSpace),
};
