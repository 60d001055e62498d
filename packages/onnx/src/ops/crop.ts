// Pad and Slice on spatial axes: a copy with padding, or a crop (negative padding) with a step,
// written as an avgpool with a 1×1 kernel. On other axes they only change the tracked shape.

import { describeNode, intsAttr, stringAttr } from '../attributes.js';
import { range, sliceAxis } from '../dims.js';
import { intValues } from '../fold/const.js';
import { checkDims } from '../geometry.js';
import type { IrNode } from '../ir.js';
import { MAX_DIM } from '../limits.js';
import {
  type ConversionState,
  type Inputs,
  invalid,
  normAxis,
  type OpFamily,
  unsupported,
} from '../state.js';
import type { PixelValue } from '../values.js';

/** ONNX Slice ends/starts may be INT64_MAX; such values arrive as huge or infinite numbers. */
function clampedInts(node: IrNode, name: string): number[] | null {
  const a = node.attributes.get(name);
  if (!a) return null;
  const raw = a.ints.length === 0 && a.i !== null ? [a.i] : a.ints;
  return raw.map((v) => {
    if (Number.isNaN(v)) throw invalid(node, `attribute ${name} is not an integer`);
    return Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, Math.trunc(v)));
  });
}

function slice(st: ConversionState, node: IrNode, ins: Inputs): PixelValue[] {
  const x = st.data(node, ins);
  const rank = x.shape.length;
  let starts: number[] | null;
  let ends: number[] | null;
  let axes: number[] | null;
  let steps: number[] | null = null;
  if (node.inputs.length > 1) {
    starts = intValues(st.constInput(node, ins, 1, 'starts'));
    ends = intValues(st.constInput(node, ins, 2, 'ends'));
    axes = ins[3] !== undefined ? intValues(st.constInput(node, ins, 3, 'axes')) : null;
    steps = ins[4] !== undefined ? intValues(st.constInput(node, ins, 4, 'steps')) : null;
    if ((ins[3] !== undefined && !axes) || (ins[4] !== undefined && !steps)) starts = null;
  } else {
    starts = clampedInts(node, 'starts');
    ends = clampedInts(node, 'ends');
    axes = intsAttr(node, 'axes');
  }
  if (!starts || !ends) throw unsupported(node, 'its starts/ends are not constants');
  axes ??= starts.map((_, i) => i);
  steps ??= starts.map(() => 1);
  if (ends.length !== starts.length || axes.length !== starts.length || steps.length !== starts.length) {
    throw invalid(node, 'starts, ends, axes and steps have different lengths');
  }
  const shape = x.shape.slice();
  const ax = st.axes;
  const stride = new Array<number>(ax).fill(1);
  const begin = new Array<number>(ax).fill(0);
  const end = new Array<number>(ax).fill(0);
  let spatial = false;
  for (let k = 0; k < starts.length; k++) {
    const axis = normAxis(node, axes[k] as number, rank);
    const step = steps[k] as number;
    const start = starts[k] as number;
    const stop = ends[k] as number;
    if (step === 0) throw invalid(node, 'a step of 0');
    const n = x.shape[axis] ?? null;
    const b = n === null ? null : sliceAxis(start, stop, step, n);
    shape[axis] = b === null ? null : b.count;
    const a = x.global || x.pos === null ? -1 : x.pos.indexOf(axis);
    if (a < 0) continue;
    if (step < 0) throw unsupported(node, `it reverses spatial axis ${axis} (negative step)`);
    if (b?.count === 0) throw invalid(node, `it slices spatial axis ${axis} to nothing`);
    spatial = true;
    stride[a] = step;
    checkDims(node, 'steps', [step], 1);
    if (n !== null && b !== null) {
      // Written as differences so that no -0 reaches the ModelSpec.
      begin[a] = 0 - b.start;
      end[a] = b.end - n;
    } else {
      if (start < 0)
        throw unsupported(node, `a negative start on spatial axis ${axis} needs a static input size`);
      begin[a] = 0 - start;
      if (stop >= 2 ** 31) end[a] = 0;
      else if (stop < 0) end[a] = stop;
      else throw unsupported(node, `an end of ${stop} on spatial axis ${axis} needs a static input size`);
    }
    checkDims(node, 'starts', [begin[a] as number, end[a] as number], -MAX_DIM);
  }
  if (
    !spatial ||
    (stride.every((s) => s === 1) && begin.every((b) => b === 0) && end.every((e) => e === 0))
  ) {
    return [{ ...x, shape }];
  }
  const layer = st.emit(
    node,
    {
      op: 'avgpool',
      kernel: st.perAxis(new Array<number>(ax).fill(1)),
      stride: st.nonDefault(stride, 1),
      padding: st.padding(begin, end),
    },
    [x.layer],
  );
  return [{ ...x, layer, shape }];
}

function pad(st: ConversionState, node: IrNode, ins: Inputs): PixelValue[] {
  const x = st.data(node, ins);
  const rank = x.shape.length;
  const mode = stringAttr(node, 'mode', 'constant');
  let pads: number[] | null;
  if (node.inputs.length > 1 && node.inputs[1] !== '') pads = intValues(st.constInput(node, ins, 1, 'pads'));
  else pads = intsAttr(node, 'pads') ?? intsAttr(node, 'paddings');
  if (!pads) throw unsupported(node, 'its pads are not a constant');
  let axes = range(0, rank);
  if (ins[3] !== undefined) {
    const v = intValues(st.constInput(node, ins, 3, 'axes'));
    if (!v) throw unsupported(node, 'its axes are not a constant');
    axes = v.map((a) => normAxis(node, a, rank));
  }
  if (pads.length !== 2 * axes.length) {
    throw invalid(
      node,
      `pads has ${pads.length} entries; ${2 * axes.length} expected (begin and end per axis)`,
    );
  }
  checkDims(node, 'pads', pads, -MAX_DIM);
  const shape = x.shape.slice();
  const ax = st.axes;
  const begin = new Array<number>(ax).fill(0);
  const end = new Array<number>(ax).fill(0);
  axes.forEach((t, i) => {
    const b = pads[i] as number;
    const e = pads[i + axes.length] as number;
    const d = shape[t] ?? null;
    shape[t] = d === null ? null : d + b + e;
    const a = x.global || x.pos === null ? -1 : x.pos.indexOf(t);
    if (a >= 0) {
      begin[a] = b;
      end[a] = e;
    }
  });
  if (begin.every((b) => b === 0) && end.every((e) => e === 0)) return [{ ...x, shape }];
  const layer = st.emit(
    node,
    {
      op: 'avgpool',
      kernel: st.perAxis(new Array<number>(ax).fill(1)),
      padding: st.padding(begin, end),
    },
    [x.layer],
  );
  if (mode !== 'constant') {
    st.warn(
      'pad-mode',
      `${describeNode(node)} pads in "${mode}" mode; it is analysed as constant padding (the padded positions count as outside the input)`,
      [layer],
    );
  }
  return [{ ...x, layer, shape }];
}

export const cropOps: OpFamily = { Slice: slice, Pad: pad };
