// Builds small ONNX files in memory for the tests, with the importer's own schema (the encoder
// writes the same wire format that onnx/protobuf writers do).

import protobuf from 'protobufjs/light.js';
import { onnxDescriptor } from '../../src/schema.js';

const modelType = protobuf.Root.fromJSON(onnxDescriptor).lookupType('onnx.ModelProto');

export const FLOAT = 1;
export const INT64 = 7;

export interface TensorDef {
  name?: string;
  dims: number[];
  dataType?: number;
  /** Values stored as raw_data (little-endian); bigint for int64 values beyond 2^53. */
  values?: (number | bigint)[];
  /** Values stored in int64_data (packed varints) instead of raw_data. */
  int64Field?: boolean;
  /** Marks the data as external (data_location EXTERNAL, a location that does not exist). */
  external?: boolean;
}

export type AttrValue = number | number[] | string | { f: number } | { floats: number[] } | { t: TensorDef };

export interface NodeDef {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  domain?: string;
  attrs?: Record<string, AttrValue>;
}

export interface GraphDef {
  /** Input shape; strings are symbolic dims. Default [1, 3, 32, 32]. null: no shape. */
  input?: (number | string)[] | null;
  inputName?: string;
  nodes: NodeDef[];
  initializers?: TensorDef[];
  /** Graph outputs; default the first output of the last node. */
  outputs?: string[];
  /** Default 13. */
  opset?: number;
  name?: string;
}

function varint(out: number[], value: bigint): void {
  let v = BigInt.asUintN(64, value);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    out.push(b);
  } while (v !== 0n);
}

export function tensor(t: TensorDef): Record<string, unknown> {
  const dataType = t.dataType ?? FLOAT;
  const msg: Record<string, unknown> = { name: t.name ?? '', dims: t.dims, data_type: dataType };
  if (t.values) {
    if (dataType === INT64 && t.int64Field) {
      const bytes: number[] = [];
      for (const v of t.values) varint(bytes, BigInt(v));
      msg.int64_data = Uint8Array.from(bytes);
    } else if (dataType === INT64) {
      const view = new DataView(new ArrayBuffer(8 * t.values.length));
      t.values.forEach((v, i) => {
        view.setBigInt64(8 * i, BigInt(v), true);
      });
      msg.raw_data = new Uint8Array(view.buffer);
    } else {
      const view = new DataView(new ArrayBuffer(4 * t.values.length));
      t.values.forEach((v, i) => {
        view.setFloat32(4 * i, Number(v), true);
      });
      msg.raw_data = new Uint8Array(view.buffer);
    }
  }
  if (t.external) {
    msg.data_location = 1;
    msg.external_data = [{ key: 'location', value: '../../../etc/passwd' }];
  }
  return msg;
}

function attribute(name: string, v: AttrValue): Record<string, unknown> {
  if (typeof v === 'number') return { name, type: 2, i: v };
  if (Array.isArray(v)) return { name, type: 7, ints: v };
  if (typeof v === 'string') return { name, type: 3, s: new TextEncoder().encode(v) };
  if ('f' in v) return { name, type: 1, f: v.f };
  if ('floats' in v) return { name, type: 6, floats: v.floats };
  return { name, type: 4, t: tensor(v.t) };
}

function valueInfo(name: string, shape: (number | string)[] | null): Record<string, unknown> {
  if (shape === null) return { name };
  const dim = shape.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d }));
  return { name, type: { tensor_type: { elem_type: FLOAT, shape: { dim } } } };
}

export function encodeModel(g: GraphDef): Uint8Array {
  const inputName = g.inputName ?? 'x';
  const last = g.nodes[g.nodes.length - 1];
  const outputs = g.outputs ?? (last ? [last.outputs[0] as string] : [inputName]);
  const model = {
    ir_version: 8,
    producer_name: 'rfkit-test',
    opset_import: [{ domain: '', version: g.opset ?? 13 }],
    graph: {
      name: g.name ?? 'test',
      node: g.nodes.map((n, i) => ({
        name: n.name ?? `${n.op}_${i}`,
        op_type: n.op,
        domain: n.domain ?? '',
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.attrs ?? {}).map(([k, v]) => attribute(k, v)),
      })),
      initializer: (g.initializers ?? []).map(tensor),
      input: [valueInfo(inputName, g.input === undefined ? [1, 3, 32, 32] : g.input)],
      output: outputs.map((o) => valueInfo(o, null)),
    },
  };
  return modelType.encode(modelType.fromObject(model)).finish();
}

/** A weight initializer without data, like the stripped fixtures: dims only. */
export function weight(name: string, dims: number[]): TensorDef {
  return { name, dims };
}

export function ints(name: string, values: (number | bigint)[]): TensorDef {
  return { name, dims: [values.length], dataType: INT64, values };
}

/** A 0-D int64 constant (PyTorch's Gather indices). */
export function scalar(name: string, value: number): TensorDef {
  return { name, dims: [], dataType: INT64, values: [value] };
}

export const INT64_MAX = 9223372036854775807n;

export function floats(name: string, values: number[]): TensorDef {
  return { name, dims: [values.length], dataType: FLOAT, values };
}

/** A chain of single-input nodes x → t1 → t2 … with weights declared as needed. */
export function chain(
  ops: { op: string; attrs?: Record<string, AttrValue>; weight?: number[]; name?: string }[],
  input: (number | string)[] | null = [1, 3, 32, 32],
): Uint8Array {
  const nodes: NodeDef[] = [];
  const initializers: TensorDef[] = [];
  let prev = 'x';
  ops.forEach((o, i) => {
    const out = `t${i}`;
    const inputs = [prev];
    if (o.weight) {
      initializers.push(weight(`w${i}`, o.weight));
      inputs.push(`w${i}`);
    }
    nodes.push({ op: o.op, inputs, outputs: [out], attrs: o.attrs, name: o.name ?? `/n${i}/${o.op}` });
    prev = out;
  });
  return encodeModel({ input, nodes, initializers });
}
