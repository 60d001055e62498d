// Sliding windows: Conv (and its integer/quantized forms), the pools and ConvTranspose become
// conv/maxpool/avgpool/deconv layers with their attributes mapped to the model input's axes.

import type { Op, PaddingSpec } from 'rfkit';
import { deconvOutputSize, splitPadding } from 'rfkit';
import { intAttr, intsAttr, stringAttr } from '../attributes.js';
import { type AutoPad, checkDims, deconvOut, parseAutoPad, windowOut } from '../geometry.js';
import type { IrNode } from '../ir.js';
import { MAX_DIM } from '../limits.js';
import {
  type ConversionState,
  forEachOp,
  type Inputs,
  invalid,
  type OpFamily,
  unsupported,
} from '../state.js';
import type { Const } from '../tensor.js';
import type { PixelValue } from '../values.js';

interface WindowParams {
  op: Op;
  kernel: number[];
  strides: number[];
  dilations: number[];
  pads: number[];
  autoPad: AutoPad;
  ceil: boolean;
  channels: number | null;
}

/** A channel count taken from weight dims: a positive safe integer, or unknown (null). */
function channelCount(n: number | null): number | null {
  return n !== null && Number.isSafeInteger(n) && n >= 1 ? n : null;
}

/** strides, dilations, pads and auto_pad, checked against the kernel's number of axes. */
function windowAttrs(node: IrNode, kernel: number[]) {
  const n = kernel.length;
  checkDims(node, 'kernel_shape', kernel, 1);
  const strides = checkDims(node, 'strides', intsAttr(node, 'strides') ?? kernel.map(() => 1), 1);
  const dilations = checkDims(node, 'dilations', intsAttr(node, 'dilations') ?? kernel.map(() => 1), 1);
  const pads = checkDims(
    node,
    'pads',
    intsAttr(node, 'pads') ?? [...kernel, ...kernel].map(() => 0),
    -MAX_DIM,
  );
  if (strides.length !== n || dilations.length !== n || pads.length !== 2 * n) {
    throw invalid(
      node,
      `kernel has ${n} axes but strides/dilations/pads have ${strides.length}/${dilations.length}/${pads.length} entries (pads needs ${2 * n})`,
    );
  }
  const autoPad = parseAutoPad(node, stringAttr(node, 'auto_pad', 'NOTSET'));
  return { strides, dilations, pads, autoPad };
}

function kernelOf(node: IrNode, w: Const | undefined): number[] {
  const attr = intsAttr(node, 'kernel_shape');
  if (attr) return attr;
  const dims = w?.dims;
  if (dims && dims.length >= 3) return dims.slice(2);
  throw unsupported(
    node,
    'its kernel size is unknown: no kernel_shape attribute and no weight with static dims',
  );
}

/**
 * A per-kernel-axis attribute (tensor axes 2…r−1, from entry `off`) in the model input's axis
 * order: `pos[a]` is the tensor axis of model axis a (a Transpose may have moved it).
 */
function inModelOrder(pos: readonly number[], attr: readonly number[], off = 0): number[] {
  return pos.map((q) => attr[q - 2 + off] as number);
}

/** Input shape with output channels and unknown spatial sizes, for windows the axes do not fit. */
function globalWindow(
  st: ConversionState,
  node: IrNode,
  x: PixelValue,
  shape: (number | null)[],
): PixelValue {
  for (let i = 2; i < shape.length; i++) shape[i] = null;
  return st.globalLayer(node, [x], shape, x.global ? x.pos : null);
}

function conv(st: ConversionState, node: IrNode, ins: Inputs): PixelValue[] {
  const x = st.data(node, ins);
  // QLinearConv keeps its weight at input 3; the others at input 1.
  const wIndex = node.opType === 'QLinearConv' ? 3 : 1;
  const w = st.constInput(node, ins, wIndex, 'weight');
  const kernel = kernelOf(node, w);
  const a = windowAttrs(node, kernel);
  const channels = channelCount(w?.dims && w.dims.length >= 1 ? (w.dims[0] as number) : null);
  return [window(st, node, x, { op: 'conv', kernel, ...a, ceil: false, channels })];
}

function pool(st: ConversionState, node: IrNode, ins: Inputs): PixelValue[] {
  const x = st.data(node, ins);
  const kernel = intsAttr(node, 'kernel_shape');
  if (!kernel) throw invalid(node, 'attribute kernel_shape is required');
  const a = windowAttrs(node, kernel);
  const ceil = intAttr(node, 'ceil_mode', 0) === 1;
  const op: Op = node.opType === 'MaxPool' ? 'maxpool' : 'avgpool';
  return [window(st, node, x, { op, kernel, ...a, ceil, channels: null })];
}

function window(st: ConversionState, node: IrNode, x: PixelValue, p: WindowParams): PixelValue {
  const n = p.kernel.length;
  const rank = x.shape.length;
  const shape = x.shape.slice();
  if (rank !== n + 2) throw invalid(node, `its kernel has ${n} spatial axes but its input has rank ${rank}`);
  const outChannels = p.op === 'conv' ? p.channels : (x.shape[1] ?? null);
  shape[1] = outChannels;
  if (x.global || x.pos === null || n !== st.axes) return globalWindow(st, node, x, shape);
  st.checkLayout(node, x as PixelValue & { pos: number[] }, rank);
  const pos = x.pos;
  const pick = (arr: readonly number[], off = 0) => inModelOrder(pos, arr, off);
  const kernel = pick(p.kernel);
  const strides = pick(p.strides);
  const dilations = pick(p.dilations);
  const begin = pick(p.pads);
  const end = pick(p.pads, n);
  let padding: PaddingSpec | undefined;
  if (p.autoPad === 'SAME_UPPER') padding = 'same';
  else if (p.autoPad === 'SAME_LOWER') padding = 'same-lower';
  else if (p.autoPad === 'VALID') padding = undefined;
  else padding = st.padding(begin, end);
  const layer = st.emit(
    node,
    {
      op: p.op,
      kernel: st.perAxis(kernel),
      stride: st.nonDefault(strides, 1),
      dilation: st.nonDefault(dilations, 1),
      padding,
      ceilMode: p.ceil ? true : undefined,
      channels: p.op === 'conv' && p.channels !== null ? p.channels : undefined,
    },
    [x.layer],
  );
  x.pos.forEach((q, a) => {
    const b = p.autoPad === 'NOTSET' ? (begin[a] as number) : 0;
    const e = p.autoPad === 'NOTSET' ? (end[a] as number) : 0;
    shape[q] = windowOut(
      x.shape[q] ?? null,
      kernel[a] as number,
      strides[a] as number,
      dilations[a] as number,
      p.autoPad,
      b,
      e,
      p.ceil,
    );
  });
  return { kind: 'pixels', layer, pos: x.pos, shape, global: false };
}

function convTranspose(st: ConversionState, node: IrNode, ins: Inputs): PixelValue[] {
  const x = st.data(node, ins);
  const w = st.constInput(node, ins, 1, 'weight');
  const kernel = kernelOf(node, w);
  const n = kernel.length;
  const a = windowAttrs(node, kernel);
  const group = intAttr(node, 'group', 1);
  const channels = channelCount(w?.dims && w.dims.length >= 2 ? (w.dims[1] as number) * group : null);
  const outPad = checkDims(
    node,
    'output_padding',
    intsAttr(node, 'output_padding') ?? kernel.map(() => 0),
    0,
  );
  if (outPad.length !== n)
    throw invalid(node, `output_padding has ${outPad.length} entries; the kernel has ${n} axes`);
  const rank = x.shape.length;
  if (rank !== n + 2) throw invalid(node, `its kernel has ${n} spatial axes but its input has rank ${rank}`);
  const shape = x.shape.slice();
  shape[1] = channels;
  if (x.global || x.pos === null || n !== st.axes) return [globalWindow(st, node, x, shape)];
  st.checkLayout(node, x as PixelValue & { pos: number[] }, rank);
  const outputShape = intsAttr(node, 'output_shape');
  // Begin/end pads in attribute order; auto_pad and output_shape derive them from the input size.
  const begin = a.pads.slice(0, n);
  const end = a.pads.slice(n);
  if (outputShape || a.autoPad === 'SAME_UPPER' || a.autoPad === 'SAME_LOWER') {
    const target = outputShape ? outputShape.slice(-n) : null;
    if (target && target.length !== n) throw invalid(node, `output_shape has ${outputShape?.length} entries`);
    for (let i = 0; i < n; i++) {
      const size = x.shape[i + 2] ?? null;
      if (size === null) {
        throw unsupported(
          node,
          'auto_pad/output_shape of a ConvTranspose needs a static input size to derive its pads',
        );
      }
      const s = a.strides[i] as number;
      const k = kernel[i] as number;
      const d = a.dilations[i] as number;
      // ONNX: total padding = the unpadded output size − the wanted one, split like SAME_UPPER
      // under auto_pad SAME_UPPER and like SAME_LOWER otherwise (also for output_shape alone).
      const out = target ? (target[i] as number) : size * s;
      const total = deconvOutputSize(size, k, s, d, 0, 0, outPad[i] as number) - out;
      const split = splitPadding(total, a.autoPad !== 'SAME_UPPER');
      begin[i] = split.begin;
      end[i] = split.end;
    }
  } else if (a.autoPad === 'VALID') {
    begin.fill(0);
    end.fill(0);
  }
  const pos = x.pos;
  const pick = (arr: readonly number[]) => inModelOrder(pos, arr);
  const k = pick(kernel);
  const strides = pick(a.strides);
  const dilations = pick(a.dilations);
  const b = pick(begin);
  const e = pick(end);
  const op = pick(outPad);
  const layer = st.emit(
    node,
    {
      op: 'deconv',
      kernel: st.perAxis(k),
      stride: st.nonDefault(strides, 1),
      dilation: st.nonDefault(dilations, 1),
      padding: st.padding(b, e),
      outputPadding: st.nonDefault(op, 0),
      channels: channels ?? undefined,
    },
    [x.layer],
  );
  x.pos.forEach((q, i) => {
    shape[q] = deconvOut(
      x.shape[q] ?? null,
      k[i] as number,
      strides[i] as number,
      dilations[i] as number,
      b[i] as number,
      e[i] as number,
      op[i] as number,
    );
  });
  return [{ kind: 'pixels', layer, pos: x.pos, shape, global: false }];
}

export const windowOps: OpFamily = {
  ...forEachOp(['Conv', 'ConvInteger', 'QLinearConv'], conv),
  ...forEachOp(['MaxPool', 'AveragePool', 'LpPool'], pool),
  ConvTranspose: convTranspose,
};
