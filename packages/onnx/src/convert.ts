// IrGraph → ModelSpec. Walks the nodes in topological order and tracks, for every tensor,
// whether it is a constant (folded where small) or carries pixels of the model input, and then
// which ModelSpec layer produced its units. Only ops that change geometry become layers.

import type { LayerSpec, ModelSpec, Op, PaddingSpec, PerAxis, Warning } from 'rfkit';
import { RfError } from 'rfkit';
import { describeNode, floatsAttr, hasAttr, intAttr, intsAttr, stringAttr } from './attributes.js';
import {
  floatValues,
  foldNode,
  intValues,
  partialInts,
  reshapeDims,
  sliceBounds,
  unsqueezeOrSqueeze,
} from './fold.js';
import { type AutoPad, checkDims, deconvOut, parseAutoPad, windowOut } from './geometry.js';
import type { Topology } from './graph.js';
import type { IrGraph, IrNode } from './ir.js';
import { MAX_DIM } from './limits.js';
import { Namer } from './names.js';
import { ELEMENTWISE, GLOBAL_POOL, MULTIPLICATIVE, NORMALIZATION, REDUCE, SOFTMAX } from './ops.js';
import { type Const, elementCount, tensorConst, unknownConst } from './tensor.js';
import type { PixelValue, Value } from './values.js';

export interface ConvertOptions {
  unknownAsIdentity: boolean;
  name: string | undefined;
}

/** Where the channel axis of the model input is assumed to be. */
export type InputLayout = 'channels-first' | 'channels-last';

// Errors that a channels-last reading of the input might avoid (importOnnx retries once).
const layoutErrors = new WeakSet<object>();

export function isLayoutError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && layoutErrors.has(e);
}

function unsupported(node: IrNode, why: string): RfError {
  return new RfError('unsupported-op', `${describeNode(node)}: ${why}`, node.name);
}

function invalid(node: IrNode, why: string): RfError {
  return new RfError('invalid-onnx', `${describeNode(node)}: ${why}`, node.name);
}

const range = (from: number, to: number): number[] =>
  Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

function isPixels(v: Value | undefined): v is PixelValue {
  return v?.kind === 'pixels';
}

function constOf(v: Value | undefined): Const | undefined {
  return v?.kind === 'const' ? v.c : undefined;
}

function normAxis(node: IrNode, axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank)
    throw invalid(node, `axis ${axis} is out of range for rank ${rank}`);
  return a;
}

function product(dims: readonly (number | null)[]): number | null {
  let n = 1;
  for (const d of dims) {
    if (d === null) return null;
    n *= d;
  }
  return Number.isSafeInteger(n) ? n : null;
}

/** A channel count taken from weight dims: a positive safe integer, or unknown (null). */
function channelCount(n: number | null): number | null {
  return n !== null && Number.isSafeInteger(n) && n >= 1 ? n : null;
}

/** Numpy broadcasting of shapes with unknown entries. */
function broadcastShapes(shapes: readonly (readonly (number | null)[])[]): (number | null)[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  return range(0, rank).map((i) => {
    let size: number | null = 1;
    for (const s of shapes) {
      const v = s[i - (rank - s.length)] ?? 1;
      if (v === 1) continue;
      if (v === null) size = size === 1 ? null : size;
      else size = v;
    }
    return size;
  });
}

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

export class Converter {
  private readonly values = new Map<string, Value>();
  private readonly layers: LayerSpec[] = [];
  private readonly warnings: Warning[] = [];
  private readonly namer = new Namer();
  private last = 'input';
  private axes = 0;
  private canScalar = true;
  private readonly inputSpec: { size?: number[]; channels?: number } = {};

  constructor(
    private readonly graph: IrGraph,
    private readonly topo: Topology,
    private readonly layout: InputLayout,
    private readonly options: ConvertOptions,
  ) {}

  run(): { model: ModelSpec; warnings: Warning[] } {
    this.setUpInputs();
    for (const node of this.topo.order) {
      if (!this.topo.live.has(node)) continue;
      this.visit(node);
    }
    const outputs = this.graph.outputs.map((o) => this.values.get(o.name));
    if (!outputs.some(isPixels)) {
      throw new RfError('invalid-onnx', 'no graph output depends on the model input');
    }
    if (this.layers.length === 0) {
      // A model of pointwise ops only: one identity layer so that the report has an output.
      this.layers.push({ name: 'output', op: 'identity' });
    }
    const model: ModelSpec = {
      name: this.options.name ?? (this.graph.name !== '' ? this.graph.name : 'onnx-model'),
      input: this.inputSpec,
      layers: this.layers,
    };
    return { model, warnings: this.warnings };
  }

  // ───────────────────────────── set-up ─────────────────────────────

  private setUpInputs(): void {
    for (const [name, t] of this.graph.initializers)
      this.values.set(name, { kind: 'const', c: tensorConst(t) });
    const real = this.graph.inputs.filter((i) => !this.graph.initializers.has(i.name));
    if (real.length === 0) {
      throw new RfError(
        'invalid-onnx',
        'the graph has no input (every graph input is an initializer, or none is declared)',
      );
    }
    const image = real.find((i) => i.shape !== null && i.shape.length >= 3 && i.shape.length <= 5);
    if (!image) {
      const first = real[0] as (typeof real)[number];
      const what = first.shape === null ? 'no static rank' : `rank ${first.shape.length}`;
      throw new RfError(
        'invalid-onnx',
        `graph input "${first.name}" has ${what}; the importer needs a tensor of rank 3–5 (batch, channels and 1–3 spatial axes)`,
      );
    }
    for (const other of real) {
      if (other === image) continue;
      const dims = other.shape?.every((d) => d !== null) ? (other.shape as number[]) : null;
      this.values.set(other.name, { kind: 'const', c: { dims, data: null, float: true } });
      this.warnings.push({
        code: 'extra-input',
        message: `graph input "${other.name}" is treated as a constant: only "${image.name}" is analysed`,
        layers: [],
      });
    }
    const shape = image.shape as (number | null)[];
    const rank = shape.length;
    this.axes = rank - 2;
    for (const d of shape) {
      if (d !== null && d > MAX_DIM) {
        throw new RfError(
          'too-large',
          `graph input "${image.name}" has a dimension of ${d} (the limit is ${MAX_DIM})`,
        );
      }
    }
    const pos = this.layout === 'channels-first' ? range(2, rank) : range(1, rank - 1);
    const channelAxis = this.layout === 'channels-first' ? 1 : rank - 1;
    const size = pos.map((p) => shape[p] ?? null);
    if (size.every((s) => s !== null)) this.inputSpec.size = size as number[];
    else if (size.some((s) => s !== null)) {
      this.warnings.push({
        code: 'partial-input-size',
        message: `graph input "${image.name}" has a symbolic spatial size [${size.map((s) => s ?? '?').join(', ')}]; the model is analysed without an input size`,
        layers: [],
      });
    }
    const channels = shape[channelAxis];
    if (channels !== null && channels !== undefined) this.inputSpec.channels = channels;
    this.canScalar = this.axes === 2 || this.inputSpec.size !== undefined;
    this.values.set(image.name, { kind: 'pixels', layer: 'input', pos, shape: shape.slice(), global: false });
  }

  // ───────────────────────────── helpers ─────────────────────────────

  private perAxis(values: readonly number[]): PerAxis {
    if (this.canScalar && values.every((v) => v === values[0])) return values[0] as number;
    return values.slice();
  }

  private padding(begin: readonly number[], end: readonly number[]): PaddingSpec | undefined {
    if (begin.every((b) => b === 0) && end.every((e) => e === 0)) return undefined;
    if (begin.every((b, i) => b === end[i])) return this.perAxis(begin);
    return { begin: begin.slice(), end: end.slice() };
  }

  private emit(node: IrNode, fields: Omit<LayerSpec, 'name' | 'inputs'>, inputs: string[]): string {
    const name = this.namer.take(node);
    const layer: LayerSpec = { name, ...fields };
    for (const key of Object.keys(layer) as (keyof LayerSpec)[])
      if (layer[key] === undefined) delete layer[key];
    if (!(inputs.length === 1 && inputs[0] === this.last)) layer.inputs = inputs.slice();
    this.layers.push(layer);
    this.last = name;
    return name;
  }

  private warn(code: string, message: string, layers: string[]): void {
    this.warnings.push({ code, message, layers });
  }

  /** A layer whose units see every input pixel (dense layers, global pooling, reductions). */
  private globalLayer(
    node: IrNode,
    sources: PixelValue[],
    shape: (number | null)[],
    pos: number[] | null,
  ): PixelValue {
    // A global layer takes one input: every source descends from the same model input, so a
    // unit that reads all of one of them already reads every input pixel.
    const first = sources[0] as PixelValue;
    const layer = this.emit(node, { op: 'global' }, [first.layer]);
    return { kind: 'pixels', layer, pos, shape, global: true };
  }

  /** The data input (input 0) as a pixel tensor; a constant there with pixels elsewhere is unsupported. */
  private data(node: IrNode, ins: (Value | undefined)[]): PixelValue {
    const x = ins[0];
    if (!isPixels(x)) {
      throw unsupported(
        node,
        'its data input is a constant while another input depends on the image (dynamic weights)',
      );
    }
    return x;
  }

  private constInput(node: IrNode, ins: (Value | undefined)[], i: number, what: string): Const | undefined {
    const v = ins[i];
    if (isPixels(v))
      throw unsupported(node, `its ${what} (input ${i}) depends on the image instead of being a constant`);
    return constOf(v);
  }

  /** Checks that an op's spatial axes (2…r−1 of its input) are exactly the tracked spatial axes. */
  private checkLayout(node: IrNode, x: PixelValue & { pos: number[] }, rank: number): void {
    const want = range(2, rank);
    const sorted = [...x.pos].sort((a, b) => a - b);
    if (sorted.length !== want.length || sorted.some((p, i) => p !== want[i])) {
      const e = unsupported(
        node,
        `its spatial axes [${want.join(', ')}] are not the model input's spatial axes (tensor axes [${x.pos.join(', ')}])`,
      );
      layoutErrors.add(e);
      throw e;
    }
  }

  // ───────────────────────────── dispatch ─────────────────────────────

  private visit(node: IrNode): void {
    const ins = node.inputs.map((n) => (n === '' ? undefined : this.values.get(n)));
    const pixels = ins.filter(isPixels);
    let outs: Value[];
    if (pixels.length === 0) {
      outs = foldNode(node, ins.map(constOf), this.graph.opset).map((c) => ({ kind: 'const', c }));
    } else {
      outs = this.visitPixels(node, ins, pixels);
    }
    node.outputs.forEach((name, i) => {
      if (name === '') return;
      // Extra outputs (MaxPool indices, Dropout mask, BatchNormalization statistics) share the geometry.
      this.values.set(name, outs[i] ?? outs[0] ?? { kind: 'const', c: unknownConst });
    });
  }

  private visitPixels(node: IrNode, ins: (Value | undefined)[], pixels: PixelValue[]): Value[] {
    const op =
      node.domain === '' || node.domain === 'ai.onnx' ? node.opType : `${node.domain}::${node.opType}`;
    if (ELEMENTWISE.has(op)) return [this.pointwise(node, ins, pixels)];
    if (NORMALIZATION.has(op) || op === 'LpNormalization') {
      const x = this.data(node, ins);
      this.warn(
        'normalization-statistics',
        `${describeNode(node)} is treated as pointwise; its statistics over the spatial axes are ignored`,
        [x.layer],
      );
      return [x];
    }
    if (REDUCE.has(op) || op === 'ArgMax' || op === 'ArgMin') return [this.reduce(node, ins)];
    if (SOFTMAX.has(op)) return [this.softmax(node, ins)];
    if (GLOBAL_POOL.has(op)) {
      const x = this.data(node, ins);
      const shape = x.shape.map((d, i) => (x.pos === null || x.pos.includes(i) ? 1 : d));
      return [this.globalLayer(node, [x], shape, x.pos)];
    }
    switch (op) {
      case 'Conv':
      case 'ConvInteger':
      case 'QLinearConv':
        return [this.conv(node, ins)];
      case 'ConvTranspose':
        return [this.convTranspose(node, ins)];
      case 'MaxPool':
      case 'AveragePool':
      case 'LpPool':
        return [this.pool(node, ins)];
      case 'Gemm':
        return [this.dense(node, ins, pixels)];
      case 'MatMul':
      case 'MatMulInteger':
        return [this.matmul(node, ins, pixels)];
      case 'Concat':
        return [this.concat(node, ins, pixels)];
      case 'Flatten':
        return [this.flatten(node, ins)];
      case 'Reshape':
        return [this.reshape(node, ins)];
      case 'Transpose':
        return [this.transpose(node, ins)];
      case 'Squeeze':
      case 'Unsqueeze':
        return [this.squeeze(node, ins, op)];
      case 'Gather':
        return [this.gather(node, ins)];
      case 'Split':
        return this.split(node, ins);
      case 'Slice':
        return [this.slice(node, ins)];
      case 'Pad':
        return [this.pad(node, ins)];
      case 'Resize':
      case 'Upsample':
        return [this.resize(node, ins, op)];
      case 'DepthToSpace':
      case 'SpaceToDepth':
        return [this.depthSpace(node, ins, op)];
      case 'Expand':
      case 'Tile':
        return [this.expand(node, ins, op)];
      case 'Shape': {
        const x = this.data(node, ins);
        const r = x.shape.length;
        const b = sliceBounds(intAttr(node, 'start', 0), intAttr(node, 'end', r), r);
        const d = x.shape.slice(b.start, Math.max(b.start, b.end));
        return [{ kind: 'const', c: { dims: [d.length], data: d, float: false } }];
      }
      case 'RandomNormalLike':
      case 'RandomUniformLike':
      case 'EyeLike': {
        // These read only the shape of their input, not its pixels.
        const x = this.data(node, ins);
        const dims = x.shape.every((d) => d !== null) ? (x.shape as number[]) : null;
        return [{ kind: 'const', c: { dims, data: null, float: true } }];
      }
      case 'Size': {
        const x = this.data(node, ins);
        return [{ kind: 'const', c: { dims: [], data: [product(x.shape)], float: false } }];
      }
      default:
        return [this.unknown(node, ins, pixels, op)];
    }
  }

  private unknown(node: IrNode, ins: (Value | undefined)[], pixels: PixelValue[], op: string): Value {
    const sources = [...new Set(pixels.map((p) => p.layer))];
    if (this.options.unknownAsIdentity && sources.length === 1 && isPixels(ins[0])) {
      const x = ins[0];
      const layer = this.emit(node, { op: 'identity' }, [x.layer]);
      this.warn(
        'unknown-op-as-identity',
        `${describeNode(node)}: op ${op} is unknown and was treated as identity`,
        [layer],
      );
      return { ...x, layer };
    }
    const hint =
      sources.length === 1
        ? ' (ImportOptions.unknownAsIdentity treats it as identity)'
        : ` (it combines ${sources.length} paths, so it cannot be treated as identity)`;
    throw unsupported(node, `op ${op} is not supported${hint}`);
  }

  // ───────────────────────────── pointwise and merges ─────────────────────────────

  /** Pointwise ops, and the merge of several paths (`mergeOp`, by default add or mul). */
  private pointwise(
    node: IrNode,
    ins: (Value | undefined)[],
    pixels: PixelValue[],
    mergeOp?: Op,
  ): PixelValue {
    const shapes = ins.map((v) => (isPixels(v) ? v.shape : (constOf(v)?.dims ?? [])));
    const rank = Math.max(...shapes.map((s) => s.length));
    const shape = broadcastShapes(shapes);
    const global = pixels.some((p) => p.global);
    let pos: number[] | null | undefined;
    for (const p of pixels) {
      if (p.global) continue;
      const shifted = p.pos?.map((q) => q + rank - p.shape.length) ?? null;
      if (pos === undefined) pos = shifted;
      else if (pos === null || shifted === null) pos = null;
      else if (pos.join() !== shifted.join()) {
        const e = unsupported(node, 'its inputs have their spatial axes at different tensor axes');
        layoutErrors.add(e);
        throw e;
      }
    }
    const first = pixels[0] as PixelValue;
    const finalPos = pos === undefined ? (first.pos?.map((q) => q + rank - first.shape.length) ?? null) : pos;
    const sources = [...new Set(pixels.map((p) => p.layer))];
    if (sources.length === 1) return { kind: 'pixels', layer: first.layer, pos: finalPos, shape, global };
    if (pixels.some((p) => !p.global && p.pos === null)) {
      // Flattened paths have no spatial layout left to align: their merge reads everything.
      return this.globalLayer(node, pixels, shape, null);
    }
    const op: Op = mergeOp ?? (MULTIPLICATIVE.has(node.opType) ? 'mul' : 'add');
    const layer = this.emit(node, { op }, sources);
    return { kind: 'pixels', layer, pos: finalPos, shape, global };
  }

  private concat(node: IrNode, ins: (Value | undefined)[], pixels: PixelValue[]): PixelValue {
    if (!hasAttr(node, 'axis')) throw invalid(node, 'attribute axis is required');
    const first = pixels[0] as PixelValue;
    const rank = first.shape.length;
    const axis = normAxis(node, intAttr(node, 'axis', 1), rank);
    for (const p of pixels) {
      if (p.shape.length !== rank) throw invalid(node, 'its inputs have different ranks');
      if (!p.global && p.pos?.includes(axis)) {
        throw unsupported(
          node,
          `it concatenates along spatial axis ${axis}; only channel concatenation is supported`,
        );
      }
    }
    let total: number | null = 0;
    for (const v of ins) {
      const d = isPixels(v) ? v.shape[axis] : (constOf(v)?.dims?.[axis] ?? null);
      total = total === null || d === null || d === undefined ? null : total + d;
    }
    const merged = this.pointwise(node, ins, pixels, 'concat');
    const shape = merged.shape.slice();
    shape[axis] = total;
    return { ...merged, shape };
  }

  // ───────────────────────────── windows: conv, pools, deconv ─────────────────────────────

  private windowAttrs(node: IrNode, kernel: number[]) {
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

  private kernelOf(node: IrNode, w: Const | undefined): number[] {
    const attr = intsAttr(node, 'kernel_shape');
    if (attr) return attr;
    const dims = w?.dims;
    if (dims && dims.length >= 3) return dims.slice(2);
    throw unsupported(
      node,
      'its kernel size is unknown: no kernel_shape attribute and no weight with static dims',
    );
  }

  private conv(node: IrNode, ins: (Value | undefined)[]): PixelValue {
    const x = this.data(node, ins);
    // QLinearConv keeps its weight at input 3; the others at input 1.
    const wIndex = node.opType === 'QLinearConv' ? 3 : 1;
    const w = this.constInput(node, ins, wIndex, 'weight');
    const kernel = this.kernelOf(node, w);
    const a = this.windowAttrs(node, kernel);
    const channels = channelCount(w?.dims && w.dims.length >= 1 ? (w.dims[0] as number) : null);
    return this.window(node, x, { op: 'conv', kernel, ...a, ceil: false, channels });
  }

  private pool(node: IrNode, ins: (Value | undefined)[]): PixelValue {
    const x = this.data(node, ins);
    const kernel = intsAttr(node, 'kernel_shape');
    if (!kernel) throw invalid(node, 'attribute kernel_shape is required');
    const a = this.windowAttrs(node, kernel);
    const ceil = intAttr(node, 'ceil_mode', 0) === 1;
    const op: Op = node.opType === 'MaxPool' ? 'maxpool' : 'avgpool';
    return this.window(node, x, { op, kernel, ...a, ceil, channels: null });
  }

  private window(node: IrNode, x: PixelValue, p: WindowParams): PixelValue {
    const n = p.kernel.length;
    const rank = x.shape.length;
    const shape = x.shape.slice();
    if (rank !== n + 2)
      throw invalid(node, `its kernel has ${n} spatial axes but its input has rank ${rank}`);
    const outChannels = p.op === 'conv' ? p.channels : (x.shape[1] ?? null);
    shape[1] = outChannels;
    if (x.global || x.pos === null || n !== this.axes) {
      for (let i = 2; i < rank; i++) shape[i] = null;
      return this.globalLayer(node, [x], shape, x.global ? x.pos : null);
    }
    this.checkLayout(node, x as PixelValue & { pos: number[] }, rank);
    const ix = x.pos.map((q) => q - 2);
    const pick = (arr: readonly number[], off = 0) => ix.map((i) => arr[i + off] as number);
    const kernel = pick(p.kernel);
    const strides = pick(p.strides);
    const dilations = pick(p.dilations);
    const begin = pick(p.pads);
    const end = pick(p.pads, n);
    let padding: PaddingSpec | undefined;
    if (p.autoPad === 'SAME_UPPER') padding = 'same';
    else if (p.autoPad === 'SAME_LOWER') padding = 'same-lower';
    else if (p.autoPad === 'VALID') padding = undefined;
    else padding = this.padding(begin, end);
    const layer = this.emit(
      node,
      {
        op: p.op,
        kernel: this.perAxis(kernel),
        stride: strides.every((s) => s === 1) ? undefined : this.perAxis(strides),
        dilation: dilations.every((d) => d === 1) ? undefined : this.perAxis(dilations),
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

  private convTranspose(node: IrNode, ins: (Value | undefined)[]): PixelValue {
    const x = this.data(node, ins);
    const w = this.constInput(node, ins, 1, 'weight');
    const kernel = this.kernelOf(node, w);
    const n = kernel.length;
    const a = this.windowAttrs(node, kernel);
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
    if (rank !== n + 2)
      throw invalid(node, `its kernel has ${n} spatial axes but its input has rank ${rank}`);
    const shape = x.shape.slice();
    shape[1] = channels;
    if (x.global || x.pos === null || n !== this.axes) {
      for (let i = 2; i < rank; i++) shape[i] = null;
      return this.globalLayer(node, [x], shape, x.global ? x.pos : null);
    }
    this.checkLayout(node, x as PixelValue & { pos: number[] }, rank);
    const outputShape = intsAttr(node, 'output_shape');
    // Begin/end pads in attribute order; auto_pad and output_shape derive them from the input size.
    const begin = a.pads.slice(0, n);
    const end = a.pads.slice(n);
    if (outputShape || a.autoPad === 'SAME_UPPER' || a.autoPad === 'SAME_LOWER') {
      const target = outputShape ? outputShape.slice(-n) : null;
      if (target && target.length !== n)
        throw invalid(node, `output_shape has ${outputShape?.length} entries`);
      for (let i = 0; i < n; i++) {
        const size = x.shape[i + 2] ?? null;
        if (size === null) {
          throw unsupported(
            node,
            'auto_pad/output_shape of a ConvTranspose needs a static input size to derive its pads',
          );
        }
        const s = a.strides[i] as number;
        const ke = (a.dilations[i] as number) * ((kernel[i] as number) - 1) + 1;
        const out = target ? (target[i] as number) : size * s;
        const total = s * (size - 1) + (outPad[i] as number) + ke - out;
        const half = Math.floor(total / 2);
        const upper = a.autoPad === 'SAME_UPPER';
        begin[i] = upper ? half : total - half;
        end[i] = upper ? total - half : half;
      }
    } else if (a.autoPad === 'VALID') {
      begin.fill(0);
      end.fill(0);
    }
    const ix = x.pos.map((q) => q - 2);
    const pick = (arr: readonly number[]) => ix.map((i) => arr[i] as number);
    const k = pick(kernel);
    const st = pick(a.strides);
    const dil = pick(a.dilations);
    const b = pick(begin);
    const e = pick(end);
    const op = pick(outPad);
    const layer = this.emit(
      node,
      {
        op: 'deconv',
        kernel: this.perAxis(k),
        stride: st.every((v) => v === 1) ? undefined : this.perAxis(st),
        dilation: dil.every((v) => v === 1) ? undefined : this.perAxis(dil),
        padding: this.padding(b, e),
        outputPadding: op.every((v) => v === 0) ? undefined : this.perAxis(op),
        channels: channels ?? undefined,
      },
      [x.layer],
    );
    x.pos.forEach((q, i) => {
      shape[q] = deconvOut(
        x.shape[q] ?? null,
        k[i] as number,
        st[i] as number,
        dil[i] as number,
        b[i] as number,
        e[i] as number,
        op[i] as number,
      );
    });
    return { kind: 'pixels', layer, pos: x.pos, shape, global: false };
  }

  // ───────────────────────────── dense and reductions ─────────────────────────────

  private dense(node: IrNode, ins: (Value | undefined)[], pixels: PixelValue[]): PixelValue {
    const b = constOf(ins[1])?.dims;
    const transB = intAttr(node, 'transB', 0) === 1;
    const nOut = b && b.length === 2 ? (b[transB ? 0 : 1] as number) : null;
    const x = pixels[0] as PixelValue;
    return this.globalLayer(node, pixels, [x.shape[0] ?? null, nOut], null);
  }

  private matmul(node: IrNode, ins: (Value | undefined)[], pixels: PixelValue[]): PixelValue {
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
        ...broadcastShapes([aShape.slice(0, -2), bShape.slice(0, -2)]),
        aShape[aShape.length - 2] ?? null,
        bShape[bShape.length - 1] ?? null,
      ];
    }
    if (mixes(a, (r) => r - 1) || mixes(b, (r) => r - 2) || (isPixels(a) && isPixels(b))) {
      return this.globalLayer(node, pixels, shape, null);
    }
    // A product over the channel axis only (channels-last dense layers): pointwise in space.
    const x = pixels[0] as PixelValue;
    const pos = x.pos?.map((q) => q + shape.length - x.shape.length) ?? null;
    return { ...x, shape, pos };
  }

  private reduce(node: IrNode, ins: (Value | undefined)[]): PixelValue {
    const x = this.data(node, ins);
    const rank = x.shape.length;
    const keep = intAttr(node, 'keepdims', 1) === 1;
    let axes: number[];
    if (node.opType === 'ArgMax' || node.opType === 'ArgMin') axes = [intAttr(node, 'axis', 0)];
    else if (hasAttr(node, 'axes')) axes = intsAttr(node, 'axes') as number[];
    else if (ins[1] !== undefined) {
      const v = intValues(this.constInput(node, ins, 1, 'axes'));
      if (!v) throw unsupported(node, 'its axes are not a constant');
      axes = v;
    } else axes = [];
    if (axes.length === 0) {
      if (intAttr(node, 'noop_with_empty_axes', 0) === 1) return x;
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
    if (touchesSpace && !x.global) return this.globalLayer(node, [x], shape, pos);
    return { ...x, shape, pos };
  }

  private softmax(node: IrNode, ins: (Value | undefined)[]): PixelValue {
    const x = this.data(node, ins);
    const rank = x.shape.length;
    const modern = this.graph.opset >= 13 || this.graph.opset === 0;
    const axis = normAxis(node, intAttr(node, 'axis', modern ? -1 : 1), rank);
    // Before opset 13 the input was coerced to 2-D at `axis`: every later axis is normalised over.
    const touches = x.pos === null || x.pos.some((q) => (modern ? q === axis : q >= axis));
    if (touches && !x.global) return this.globalLayer(node, [x], x.shape.slice(), x.pos);
    return x;
  }

  // ───────────────────────────── layout ops ─────────────────────────────

  private flatten(node: IrNode, ins: (Value | undefined)[]): PixelValue {
    const x = this.data(node, ins);
    const rank = x.shape.length;
    let axis = intAttr(node, 'axis', 1);
    if (axis < 0) axis += rank;
    if (axis < 0 || axis > rank)
      throw invalid(node, `axis ${intAttr(node, 'axis', 1)} is out of range for rank ${rank}`);
    const shape = [product(x.shape.slice(0, axis)), product(x.shape.slice(axis))];
    return { ...x, shape, pos: null };
  }

  private reshape(node: IrNode, ins: (Value | undefined)[]): PixelValue {
    const x = this.data(node, ins);
    const target = partialInts(this.constInput(node, ins, 1, 'shape'));
    if (!target) throw unsupported(node, 'its target shape is not a constant');
    const allowZero = intAttr(node, 'allowzero', 0) === 1;
    const out = reshapeDims(x.shape, target, allowZero);
    if (!out) throw invalid(node, `target shape [${target.join(', ')}] is invalid`);
    const R = out.length;
    if (x.global || x.pos === null) return { ...x, shape: out, pos: null };
    const r = x.shape.length;
    const ax = this.axes;
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
      if (keep) return { ...x, shape: out, pos: range(R - ax, R) };
      if (differ) return { ...x, shape: out, pos: null };
    }
    if (R <= 2 || (trailing && R < ax + 1)) return { ...x, shape: out, pos: null };
    throw unsupported(
      node,
      `cannot tell whether reshaping [${x.shape.map((d) => d ?? '?').join(', ')}] to [${target.join(', ')}] keeps the spatial axes (export with a static input size)`,
    );
  }

  private transpose(node: IrNode, ins: (Value | undefined)[]): PixelValue {
    const x = this.data(node, ins);
    const rank = x.shape.length;
    const perm = intsAttr(node, 'perm') ?? range(0, rank).reverse();
    if (perm.length !== rank || new Set(perm).size !== rank || perm.some((p) => p < 0 || p >= rank)) {
      throw invalid(node, `perm [${perm.join(', ')}] is not a permutation of ${rank} axes`);
    }
    const shape = perm.map((p) => x.shape[p] ?? null);
    const pos = x.pos?.map((q) => perm.indexOf(q)) ?? null;
    return { ...x, shape, pos };
  }

  private squeeze(node: IrNode, ins: (Value | undefined)[], op: 'Squeeze' | 'Unsqueeze'): PixelValue {
    const x = this.data(node, ins);
    const rank = x.shape.length;
    let axes = intsAttr(node, 'axes');
    if (ins[1] !== undefined) {
      axes = intValues(this.constInput(node, ins, 1, 'axes'));
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
      return { ...x, shape, pos: null };
    }
    return { ...x, shape, pos };
  }

  private gather(node: IrNode, ins: (Value | undefined)[]): PixelValue {
    const x = this.data(node, ins);
    const rank = x.shape.length;
    const axis = normAxis(node, intAttr(node, 'axis', 0), rank);
    const idx = this.constInput(node, ins, 1, 'indices');
    if (!x.global && (x.pos === null || x.pos.includes(axis))) {
      throw unsupported(node, `it gathers along spatial axis ${axis}`);
    }
    const idxDims = idx?.dims;
    if (!idxDims) throw unsupported(node, 'its indices have no static shape');
    const shape = [...x.shape.slice(0, axis), ...idxDims, ...x.shape.slice(axis + 1)];
    const pos = x.pos?.map((q) => (q < axis ? q : q + idxDims.length - 1)) ?? null;
    return { ...x, shape, pos };
  }

  private split(node: IrNode, ins: (Value | undefined)[]): PixelValue[] {
    const x = this.data(node, ins);
    const rank = x.shape.length;
    const axis = normAxis(node, intAttr(node, 'axis', 0), rank);
    if (!x.global && (x.pos === null || x.pos.includes(axis))) {
      throw unsupported(node, `it splits along spatial axis ${axis}`);
    }
    const sizes =
      ins[1] !== undefined ? intValues(this.constInput(node, ins, 1, 'split')) : intsAttr(node, 'split');
    return node.outputs.map((_, i) => {
      const shape = x.shape.slice();
      const whole = x.shape[axis] ?? null;
      shape[axis] =
        sizes?.[i] ?? (whole !== null && node.outputs.length > 0 ? whole / node.outputs.length : null);
      return { ...x, shape };
    });
  }

  private slice(node: IrNode, ins: (Value | undefined)[]): PixelValue {
    const x = this.data(node, ins);
    const rank = x.shape.length;
    let starts: number[] | null;
    let ends: number[] | null;
    let axes: number[] | null;
    let steps: number[] | null = null;
    if (node.inputs.length > 1) {
      starts = intValues(this.constInput(node, ins, 1, 'starts'));
      ends = intValues(this.constInput(node, ins, 2, 'ends'));
      axes = ins[3] !== undefined ? intValues(this.constInput(node, ins, 3, 'axes')) : null;
      steps = ins[4] !== undefined ? intValues(this.constInput(node, ins, 4, 'steps')) : null;
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
    const ax = this.axes;
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
      let count: number | null = null;
      if (n !== null) {
        if (step > 0) {
          const b = sliceBounds(start, stop, n);
          count = Math.max(0, Math.ceil((b.end - b.start) / step));
        } else {
          const s = Math.min(Math.max(start < 0 ? start + n : start, 0), n - 1);
          const e = Math.min(Math.max(stop < 0 ? stop + n : stop, -1), n - 1);
          count = Math.max(0, Math.ceil((e - s) / step));
        }
      }
      shape[axis] = count;
      const a = x.global || x.pos === null ? -1 : x.pos.indexOf(axis);
      if (a < 0) continue;
      if (step < 0) throw unsupported(node, `it reverses spatial axis ${axis} (negative step)`);
      if (count === 0) throw invalid(node, `it slices spatial axis ${axis} to nothing`);
      spatial = true;
      stride[a] = step;
      checkDims(node, 'steps', [step], 1);
      if (n !== null) {
        const b = sliceBounds(start, stop, n);
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
      return { ...x, shape };
    }
    const layer = this.emit(
      node,
      {
        op: 'avgpool',
        kernel: this.perAxis(new Array<number>(ax).fill(1)),
        stride: stride.every((s) => s === 1) ? undefined : this.perAxis(stride),
        padding: this.padding(begin, end),
      },
      [x.layer],
    );
    return { ...x, layer, shape };
  }

  private pad(node: IrNode, ins: (Value | undefined)[]): PixelValue {
    const x = this.data(node, ins);
    const rank = x.shape.length;
    const mode = stringAttr(node, 'mode', 'constant');
    let pads: number[] | null;
    if (node.inputs.length > 1 && node.inputs[1] !== '')
      pads = intValues(this.constInput(node, ins, 1, 'pads'));
    else pads = intsAttr(node, 'pads') ?? intsAttr(node, 'paddings');
    if (!pads) throw unsupported(node, 'its pads are not a constant');
    let axes = range(0, rank);
    if (ins[3] !== undefined) {
      const v = intValues(this.constInput(node, ins, 3, 'axes'));
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
    const ax = this.axes;
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
    if (begin.every((b) => b === 0) && end.every((e) => e === 0)) return { ...x, shape };
    const layer = this.emit(
      node,
      {
        op: 'avgpool',
        kernel: this.perAxis(new Array<number>(ax).fill(1)),
        padding: this.padding(begin, end),
      },
      [x.layer],
    );
    if (mode !== 'constant') {
      this.warn(
        'pad-mode',
        `${describeNode(node)} pads in "${mode}" mode; it is analysed as constant padding (the padded positions count as outside the input)`,
        [layer],
      );
    }
    return { ...x, layer, shape };
  }

  // ───────────────────────────── resampling ─────────────────────────────

  private resize(node: IrNode, ins: (Value | undefined)[], op: 'Resize' | 'Upsample'): PixelValue {
    const x = this.data(node, ins);
    const rank = x.shape.length;
    let scales: number[] | null = null;
    let sizes: number[] | null = null;
    const nonEmpty = (c: Const | undefined) =>
      c !== undefined && (c.dims === null || elementCount(c.dims) > 0);
    if (op === 'Upsample') {
      scales = floatsAttr(node, 'scales') ?? floatValues(this.constInput(node, ins, 1, 'scales'));
    } else if (node.inputs.length === 2) {
      scales = floatValues(this.constInput(node, ins, 1, 'scales'));
    } else {
      const sc = this.constInput(node, ins, 2, 'scales');
      const sz = ins[3] !== undefined ? this.constInput(node, ins, 3, 'sizes') : undefined;
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
    if (x.global || x.pos === null) return { ...x, shape };
    const scale = x.pos.map((t, a) => {
      const f = factor[t] ?? null;
      if (f === null)
        throw unsupported(node, `its output size on spatial axis ${t} needs a static input size`);
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
    if (scale.every((s) => s === 1)) return { ...x, shape };
    const layer = this.emit(node, { op: 'upsample', scale: this.perAxis(scale) }, [x.layer]);
    const mode = stringAttr(node, 'mode', 'nearest').toLowerCase();
    const transform = stringAttr(node, 'coordinate_transformation_mode', 'half_pixel');
    const nearest = stringAttr(node, 'nearest_mode', 'round_prefer_floor');
    // With integer factors, nearest sampling reads input floor(o/s) for these conventions.
    const exact =
      mode === 'nearest' &&
      (op === 'Upsample' ||
        ((transform === 'asymmetric' || transform === 'tf_half_pixel_for_nn') && nearest === 'floor') ||
        ((transform === 'half_pixel' || transform === 'pytorch_half_pixel') && nearest.startsWith('round')));
    if (!exact) {
      this.warn(
        'approximate-resize',
        `${describeNode(node)} (mode ${mode}, ${transform}, ${nearest}) is analysed as nearest upsampling; interpolation that reads neighbours makes the true receptive field slightly larger`,
        [layer],
      );
    }
    return { ...x, layer, shape };
  }

  private depthSpace(
    node: IrNode,
    ins: (Value | undefined)[],
    op: 'DepthToSpace' | 'SpaceToDepth',
  ): PixelValue {
    const x = this.data(node, ins);
    const b = intAttr(node, 'blocksize', 0);
    checkDims(node, 'blocksize', [b], 1);
    const rank = x.shape.length;
    const shape = x.shape.slice();
    const area = b ** Math.max(0, rank - 2);
    const c = shape[1] ?? null;
    shape[1] = c === null ? null : op === 'DepthToSpace' ? c / area : c * area;
    for (let i = 2; i < rank; i++) {
      const d = shape[i] ?? null;
      shape[i] = d === null ? null : op === 'DepthToSpace' ? d * b : Math.floor(d / b);
    }
    if (x.global || x.pos === null) return { ...x, shape };
    this.checkLayout(node, x as PixelValue & { pos: number[] }, rank);
    const all = this.perAxis(new Array<number>(this.axes).fill(b));
    const layer =
      op === 'DepthToSpace'
        ? this.emit(node, { op: 'upsample', scale: all }, [x.layer])
        : this.emit(node, { op: 'maxpool', kernel: all, stride: all }, [x.layer]);
    return { ...x, layer, shape };
  }

  private expand(node: IrNode, ins: (Value | undefined)[], op: 'Expand' | 'Tile'): PixelValue {
    const x = this.data(node, ins);
    const arg = partialInts(this.constInput(node, ins, 1, op === 'Expand' ? 'shape' : 'repeats'));
    if (op === 'Expand') {
      const shape = arg ? broadcastShapes([x.shape, arg]) : x.shape.map(() => null);
      const pos = x.pos?.map((q) => q + shape.length - x.shape.length) ?? null;
      return { ...x, shape, pos };
    }
    if (!arg || arg.length !== x.shape.length) throw unsupported(node, 'its repeats are not a constant');
    if (!x.global && x.pos !== null && x.pos.some((q) => arg[q] !== 1)) {
      throw unsupported(node, 'it tiles along a spatial axis');
    }
    const shape = x.shape.map((d, i) => {
      const r = arg[i] ?? null;
      return d === null || r === null ? null : d * r;
    });
    return { ...x, shape };
  }
}
