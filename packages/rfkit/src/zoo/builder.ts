// A tiny graph builder for the reference models. The zoo models are hundreds of layers long and
// mostly repetition (residual units, inception branches), so each family is written as a few
// block functions over this builder rather than as literal JSON.

import { RfError } from '../errors.js';
import type { LayerSpec, ModelSpec, Op, PaddingSpec, PerAxis } from '../types.js';

/** Options of a windowed layer (conv, maxpool, avgpool). */
export interface WindowOptions {
  /** Default 1. */
  stride?: PerAxis;
  /** Default 0 (omitted from the spec). */
  padding?: PaddingSpec;
  /** Default 1. */
  dilation?: PerAxis;
  /** Output channels, for cost only. */
  channels?: number;
  /** Name of the layer this one reads. Default: the builder's head (the last layer added). */
  from?: string;
}

export class ModelBuilder {
  private readonly layers: LayerSpec[] = [];
  private readonly names = new Set<string>();
  private current = 'input';

  /**
   * @param name model name
   * @param size square input size (both spatial axes)
   * @param channels input channels; default 3 (RGB)
   */
  constructor(
    private readonly name: string,
    private readonly size: number,
    private readonly channels = 3,
  ) {}

  /** Name of the last layer added (`"input"` before any), which the next layer reads by default. */
  get head(): string {
    return this.current;
  }

  /** Moves the head, so that the next layer reads `name` (an earlier layer or `"input"`). */
  seek(name: string): void {
    this.requireKnown(name);
    this.current = name;
  }

  conv(name: string, kernel: PerAxis, options: WindowOptions = {}): string {
    return this.window('conv', name, kernel, options);
  }

  maxpool(name: string, kernel: PerAxis, options: WindowOptions = {}): string {
    return this.window('maxpool', name, kernel, options);
  }

  avgpool(name: string, kernel: PerAxis, options: WindowOptions = {}): string {
    return this.window('avgpool', name, kernel, options);
  }

  /** An elementwise layer, used here to give a block's output its own end-point name. */
  identity(name: string, from: string = this.current): string {
    return this.push({ name, op: 'identity' }, [from]);
  }

  /** Global pooling or flatten→dense: every output depends on every input pixel. */
  global(name: string, options: { channels?: number; from?: string } = {}): string {
    const spec: LayerSpec & { name: string } = { name, op: 'global' };
    if (options.channels !== undefined) spec.channels = options.channels;
    return this.push(spec, [options.from ?? this.current]);
  }

  add(name: string, inputs: string[]): string {
    return this.push({ name, op: 'add' }, inputs);
  }

  concat(name: string, inputs: string[]): string {
    return this.push({ name, op: 'concat' }, inputs);
  }

  build(): ModelSpec {
    return {
      name: this.name,
      input: { size: [this.size, this.size], channels: this.channels },
      layers: this.layers.map((l) => ({ ...l })),
    };
  }

  private window(op: Op, name: string, kernel: PerAxis, o: WindowOptions): string {
    const spec: LayerSpec & { name: string } = { name, op, kernel };
    if (o.stride !== undefined && o.stride !== 1) spec.stride = o.stride;
    if (o.dilation !== undefined && o.dilation !== 1) spec.dilation = o.dilation;
    if (o.padding !== undefined && o.padding !== 0) spec.padding = o.padding;
    if (o.channels !== undefined) spec.channels = o.channels;
    return this.push(spec, [o.from ?? this.current]);
  }

  private push(spec: LayerSpec & { name: string }, inputs: string[]): string {
    if (this.names.has(spec.name) || spec.name === 'input') {
      throw new RfError('duplicate-name', `zoo model ${this.name}: layer name "${spec.name}" is used twice`);
    }
    if (inputs.length === 0) {
      throw new RfError('invalid-model', `zoo model ${this.name}: layer "${spec.name}" has no inputs`);
    }
    for (const i of inputs) this.requireKnown(i);
    // Leave `inputs` out where the default (the previous layer) already says it, so the JSON
    // form reads like the source: only branches and merges name their inputs.
    const previous = this.layers.at(-1)?.name ?? 'input';
    if (inputs.length !== 1 || inputs[0] !== previous) spec.inputs = [...inputs];
    this.layers.push(spec);
    this.names.add(spec.name);
    this.current = spec.name;
    return spec.name;
  }

  private requireKnown(name: string): void {
    if (name !== 'input' && !this.names.has(name)) {
      throw new RfError('unknown-layer', `zoo model ${this.name}: no earlier layer named "${name}"`);
    }
  }
}
