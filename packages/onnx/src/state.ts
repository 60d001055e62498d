// The state one conversion shares with every op handler: what is known about each tensor, the
// ModelSpec layers written so far and the warnings, with the helpers that write them. A handler
// (src/ops/) reads its node's inputs, returns the values of its outputs, and calls `emit` for
// every op that changes geometry.

import type { LayerSpec, PaddingSpec, PerAxis, Warning } from 'rfkit';
import { RfError } from 'rfkit';
import { describeNode } from './attributes.js';
import { axisIndex, range } from './dims.js';
import type { IrGraph, IrNode } from './ir.js';
import { Namer } from './names.js';
import type { Const } from './tensor.js';
import type { PixelValue, Value } from './values.js';

export interface ConvertOptions {
  unknownAsIdentity: boolean;
  name: string | undefined;
}

/** Where the channel axis of the model input is assumed to be. */
export type InputLayout = 'channels-first' | 'channels-last';

/** A node's input values in order; undefined where the input is omitted (`''`). */
export type Inputs = readonly (Value | undefined)[];

/**
 * Converts one node with at least one pixel input (`pixels`: those inputs) and returns the values
 * of its outputs in order; a single value stands for every output.
 */
export type OpHandler = (
  st: ConversionState,
  node: IrNode,
  ins: Inputs,
  pixels: readonly PixelValue[],
) => Value[];

/** The handlers of one op family, by op type. */
export type OpFamily = Readonly<Record<string, OpHandler>>;

/** The same handler for several op types. */
export function forEachOp(ops: Iterable<string>, handler: OpHandler): OpFamily {
  return Object.fromEntries([...ops].map((op) => [op, handler]));
}

// Errors that a channels-last reading of the input might avoid (importOnnx retries once).
const layoutErrors = new WeakSet<object>();

export function isLayoutError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && layoutErrors.has(e);
}

/** `unsupported-op` for a node whose spatial axes do not line up: importOnnx may retry NHWC. */
export function layoutError(node: IrNode, why: string): RfError {
  const e = unsupported(node, why);
  layoutErrors.add(e);
  return e;
}

export function unsupported(node: IrNode, why: string): RfError {
  return new RfError('unsupported-op', `${describeNode(node)}: ${why}`, node.name);
}

export function invalid(node: IrNode, why: string): RfError {
  return new RfError('invalid-onnx', `${describeNode(node)}: ${why}`, node.name);
}

export function isPixels(v: Value | undefined): v is PixelValue {
  return v?.kind === 'pixels';
}

export function constOf(v: Value | undefined): Const | undefined {
  return v?.kind === 'const' ? v.c : undefined;
}

/** An axis attribute of `node` as an index in `[0, rank)`; out of range is invalid-onnx. */
export function normAxis(node: IrNode, axis: number, rank: number): number {
  const a = axisIndex(axis, rank);
  if (a === null) throw invalid(node, `axis ${axis} is out of range for rank ${rank}`);
  return a;
}

export class ConversionState {
  /** Every tensor seen so far, by name. */
  readonly values = new Map<string, Value>();
  readonly layers: LayerSpec[] = [];
  readonly warnings: Warning[] = [];
  /** `ModelSpec.input`, filled in from the graph input. */
  readonly inputSpec: { size?: number[]; channels?: number } = {};
  /** Number of spatial axes of the model input. */
  axes = 0;
  /** Whether a scalar can stand for equal per-axis values (2-D, or the input size says the axes). */
  canScalar = true;
  private readonly namer = new Namer();
  private last = 'input';

  constructor(
    readonly graph: IrGraph,
    readonly layout: InputLayout,
    readonly options: ConvertOptions,
  ) {}

  perAxis(values: readonly number[]): PerAxis {
    if (this.canScalar && values.every((v) => v === values[0])) return values[0] as number;
    return values.slice();
  }

  /** A per-axis field, left out (undefined) where every axis has the ModelSpec default. */
  nonDefault(values: readonly number[], fallback: number): PerAxis | undefined {
    return values.every((v) => v === fallback) ? undefined : this.perAxis(values);
  }

  padding(begin: readonly number[], end: readonly number[]): PaddingSpec | undefined {
    if (begin.every((b) => b === 0) && end.every((e) => e === 0)) return undefined;
    if (begin.every((b, i) => b === end[i])) return this.perAxis(begin);
    return { begin: begin.slice(), end: end.slice() };
  }

  /** Appends a layer named after `node`; `inputs` is written only when it is not the previous layer. */
  emit(node: IrNode, fields: Omit<LayerSpec, 'name' | 'inputs'>, inputs: string[]): string {
    const name = this.namer.take(node);
    const layer: LayerSpec = { name, ...fields };
    for (const key of Object.keys(layer) as (keyof LayerSpec)[])
      if (layer[key] === undefined) delete layer[key];
    if (!(inputs.length === 1 && inputs[0] === this.last)) layer.inputs = inputs.slice();
    this.layers.push(layer);
    this.last = name;
    return name;
  }

  warn(code: string, message: string, layers: string[]): void {
    this.warnings.push({ code, message, layers });
  }

  /** A layer whose units see every input pixel (dense layers, global pooling, reductions). */
  globalLayer(
    node: IrNode,
    sources: readonly PixelValue[],
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
  data(node: IrNode, ins: Inputs): PixelValue {
    const x = ins[0];
    if (!isPixels(x)) {
      throw unsupported(
        node,
        'its data input is a constant while another input depends on the image (dynamic weights)',
      );
    }
    return x;
  }

  constInput(node: IrNode, ins: Inputs, i: number, what: string): Const | undefined {
    const v = ins[i];
    if (isPixels(v))
      throw unsupported(node, `its ${what} (input ${i}) depends on the image instead of being a constant`);
    return constOf(v);
  }

  /** Checks that an op's spatial axes (2…r−1 of its input) are exactly the tracked spatial axes. */
  checkLayout(node: IrNode, x: PixelValue & { pos: number[] }, rank: number): void {
    const want = range(2, rank);
    const sorted = [...x.pos].sort((a, b) => a - b);
    if (sorted.length !== want.length || sorted.some((p, i) => p !== want[i])) {
      throw layoutError(
        node,
        `its spatial axes [${want.join(', ')}] are not the model input's spatial axes (tensor axes [${x.pos.join(', ')}])`,
      );
    }
  }
}
