// Builds small ONNX files in memory for the tests. The field numbers are written out here from
// onnx.proto3 rather than imported from the importer, so that the two stay independent.

import { Writer } from './wire.js';

export const FLOAT = 1;
export const INT64 = 7;

export interface TensorDef {
  name?: string;
  dims: number[];
  dataType?: number;
  /** Values stored as raw_data (little-endian); bigint for int64 values beyond 2^53. */
  values?: (number | bigint)[];
  /** Values stored in int64_data (varints) instead of raw_data. */
  int64Field?: boolean;
  /** With int64Field: one record per element (unpacked) instead of one packed record. */
  unpacked?: boolean;
  /** Marks the data as external (data_location EXTERNAL, a location that does not exist). */
  external?: boolean;
}

export type AttrValue =
  | number
  | number[]
  | string
  | { f: number }
  | { floats: number[] }
  | { t: TensorDef }
  /** An INTS attribute written one varint per element (unpacked), as some writers do. */
  | { ints: (number | bigint)[]; unpacked: true };

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

/** TensorProto fields: dims 1, data_type 2, int64_data 7, name 8, raw_data 9, external_data 13, data_location 14. */
export function writeTensor(w: Writer, t: TensorDef): void {
  const dataType = t.dataType ?? FLOAT;
  w.ints(1, t.dims).int(2, dataType);
  if (t.name !== undefined) w.string(8, t.name);
  if (t.values) {
    if (dataType === INT64 && t.int64Field) {
      w.ints(7, t.values, !t.unpacked);
    } else if (dataType === INT64) {
      const view = new DataView(new ArrayBuffer(8 * t.values.length));
      t.values.forEach((v, i) => {
        view.setBigInt64(8 * i, BigInt(v), true);
      });
      w.bytes(9, new Uint8Array(view.buffer));
    } else {
      const view = new DataView(new ArrayBuffer(4 * t.values.length));
      t.values.forEach((v, i) => {
        view.setFloat32(4 * i, Number(v), true);
      });
      w.bytes(9, new Uint8Array(view.buffer));
    }
  }
  if (t.external) {
    w.message(13, (e) => e.string(1, 'location').string(2, '../../../etc/passwd'));
    w.int(14, 1);
  }
}

/** AttributeProto fields: name 1, f 2, i 3, s 4, t 5, floats 7, ints 8, type 20. */
function writeAttribute(w: Writer, name: string, v: AttrValue): void {
  w.string(1, name);
  if (typeof v === 'number') w.int(20, 2).int(3, v);
  else if (Array.isArray(v)) w.int(20, 7).ints(8, v);
  else if (typeof v === 'string') w.int(20, 3).string(4, v);
  else if ('f' in v) w.int(20, 1).float(2, v.f);
  else if ('floats' in v) w.int(20, 6).floats(7, v.floats);
  else if ('ints' in v) w.int(20, 7).ints(8, v.ints, false);
  else w.int(20, 4).message(5, (t) => writeTensor(t, v.t));
}

/** ValueInfoProto { name 1, type 2 { tensor_type 1 { elem_type 1, shape 2 { dim 1 { dim_value 1 | dim_param 2 } } } } }. */
function writeValueInfo(w: Writer, name: string, shape: (number | string)[] | null): void {
  w.string(1, name);
  if (shape === null) return;
  w.message(2, (type) =>
    type.message(1, (tensor) =>
      tensor.int(1, FLOAT).message(2, (s) => {
        for (const d of shape)
          s.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
      }),
    ),
  );
}

/** ModelProto { ir_version 1, producer_name 2, graph 7, opset_import 8 }; GraphProto { node 1, name 2, initializer 5, input 11, output 12 }. */
export function encodeModel(g: GraphDef): Uint8Array {
  const inputName = g.inputName ?? 'x';
  const last = g.nodes[g.nodes.length - 1];
  const outputs = g.outputs ?? (last ? [last.outputs[0] as string] : [inputName]);
  const w = new Writer().int(1, 8).string(2, 'rfkit-test');
  w.message(7, (graph) => {
    g.nodes.forEach((n, i) => {
      // NodeProto { input 1, output 2, name 3, op_type 4, attribute 5, domain 7 }.
      graph.message(1, (node) => {
        for (const x of n.inputs) node.string(1, x);
        for (const x of n.outputs) node.string(2, x);
        node.string(3, n.name ?? `${n.op}_${i}`).string(4, n.op);
        for (const [k, v] of Object.entries(n.attrs ?? {})) node.message(5, (a) => writeAttribute(a, k, v));
        node.string(7, n.domain ?? '');
      });
    });
    graph.string(2, g.name ?? 'test');
    for (const t of g.initializers ?? []) graph.message(5, (x) => writeTensor(x, t));
    graph.message(11, (v) => writeValueInfo(v, inputName, g.input === undefined ? [1, 3, 32, 32] : g.input));
    for (const o of outputs) graph.message(12, (v) => writeValueInfo(v, o, null));
  });
  w.message(8, (o) => o.string(1, '').int(2, g.opset ?? 13));
  return w.finish();
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
