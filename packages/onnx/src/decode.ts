// Bytes → IrGraph. protobufjs does the wire decoding; this file turns its messages into plain
// objects and refuses anything that is not an ONNX model with a graph.

import protobuf from 'protobufjs/light.js';
import { RfError } from 'rfkit';
import type { IrAttribute, IrGraph, IrNode, IrTensor, IrValueInfo } from './ir.js';
import { MAX_RANK } from './limits.js';
import { onnxDescriptor } from './schema.js';

// Built once per process: reflection and codegen are the costly part of protobufjs.
let modelType: protobuf.Type | null = null;

function getModelType(): protobuf.Type {
  if (modelType === null) {
    modelType = protobuf.Root.fromJSON(onnxDescriptor).lookupType('onnx.ModelProto');
  }
  return modelType;
}

type Msg = Record<string, unknown>;

const has = (m: Msg, key: string): boolean => Object.hasOwn(m, key);

/**
 * An int64 as a JS number. protobufjs yields a Long where the `long` package is loadable and a
 * number elsewhere (browsers); values beyond 2^53 become ±Infinity so that limit checks catch them.
 */
export function int64(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'object' && v !== null && 'low' in v && 'high' in v) {
    const { low, high, unsigned } = v as { low: number; high: number; unsigned?: boolean };
    const hi = unsigned ? high >>> 0 : high | 0;
    if (hi > 0x1fffff) return Number.POSITIVE_INFINITY;
    if (hi < -0x200000) return Number.NEGATIVE_INFINITY;
    return hi * 4294967296 + (low >>> 0);
  }
  return Number.NaN;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return utf8.decode(v);
  return '';
}

function bytesOrNull(m: Msg, key: string): Uint8Array | null {
  const v = m[key];
  return has(m, key) && v instanceof Uint8Array ? v : null;
}

function toTensor(m: Msg): IrTensor {
  const dims = ((m.dims as unknown[]) ?? []).map(int64);
  if (dims.length > MAX_RANK) {
    throw new RfError(
      'too-large',
      `tensor "${str(m.name)}" has rank ${dims.length}; at most ${MAX_RANK} is accepted`,
    );
  }
  return {
    name: str(m.name),
    dims,
    dataType: typeof m.data_type === 'number' ? m.data_type : 0,
    // Either marker is enough: a file that names an external location is never followed.
    external: m.data_location === 1 || ((m.external_data as unknown[]) ?? []).length > 0,
    raw: bytesOrNull(m, 'raw_data'),
    floatData: bytesOrNull(m, 'float_data'),
    int32Data: bytesOrNull(m, 'int32_data'),
    int64Data: bytesOrNull(m, 'int64_data'),
    doubleData: bytesOrNull(m, 'double_data'),
    uint64Data: bytesOrNull(m, 'uint64_data'),
  };
}

function toAttribute(m: Msg): IrAttribute {
  return {
    name: str(m.name),
    type: typeof m.type === 'number' ? m.type : 0,
    f: has(m, 'f') && typeof m.f === 'number' ? m.f : null,
    i: has(m, 'i') ? int64(m.i) : null,
    s: has(m, 's') ? str(m.s) : null,
    t: has(m, 't') && m.t !== null ? toTensor(m.t as Msg) : null,
    floats: ((m.floats as unknown[]) ?? []).map((x) => (typeof x === 'number' ? x : Number.NaN)),
    ints: ((m.ints as unknown[]) ?? []).map(int64),
    strings: ((m.strings as unknown[]) ?? []).map(str),
  };
}

function toNode(m: Msg, index: number): IrNode {
  const attributes = new Map<string, IrAttribute>();
  for (const a of (m.attribute as Msg[]) ?? []) {
    const attr = toAttribute(a);
    attributes.set(attr.name, attr);
  }
  return {
    index,
    name: str(m.name),
    opType: str(m.op_type),
    domain: str(m.domain),
    inputs: ((m.input as unknown[]) ?? []).map(str),
    outputs: ((m.output as unknown[]) ?? []).map(str),
    attributes,
  };
}

function toValueInfo(m: Msg): IrValueInfo {
  const name = str(m.name);
  const tensorType = (m.type as Msg | null | undefined)?.tensor_type as Msg | null | undefined;
  const shape = tensorType?.shape as Msg | null | undefined;
  if (!shape) return { name, shape: null };
  const dims = ((shape.dim as Msg[]) ?? []).map((d) => (has(d, 'dim_value') ? int64(d.dim_value) : null));
  if (dims.length > MAX_RANK) {
    throw new RfError(
      'too-large',
      `value "${name}" has rank ${dims.length}; at most ${MAX_RANK} is accepted`,
    );
  }
  // A zero or negative extent is no usable size: treat it like a symbolic one.
  return { name, shape: dims.map((d) => (d !== null && d > 0 ? d : null)) };
}

/** Decodes an ONNX ModelProto. Throws `RfError('invalid-onnx')` for anything else. */
export function decodeModel(bytes: Uint8Array): IrGraph {
  let model: Msg;
  try {
    model = getModelType().decode(bytes) as unknown as Msg;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new RfError('invalid-onnx', `not a valid ONNX file: the protobuf data does not decode (${why})`);
  }
  const graph = model.graph as Msg | null | undefined;
  if (!has(model, 'graph') || !graph) {
    throw new RfError(
      'invalid-onnx',
      'not a valid ONNX file: it holds no graph (ModelProto.graph is missing)',
    );
  }
  let opset = 0;
  for (const o of (model.opset_import as Msg[]) ?? []) {
    const domain = str(o.domain);
    if (domain === '' || domain === 'ai.onnx') opset = Math.max(opset, int64(o.version));
  }
  const initializers = new Map<string, IrTensor>();
  for (const t of (graph.initializer as Msg[]) ?? []) {
    const tensor = toTensor(t);
    initializers.set(tensor.name, tensor);
  }
  const valueInfo = new Map<string, IrValueInfo>();
  for (const v of (graph.value_info as Msg[]) ?? []) {
    const info = toValueInfo(v);
    valueInfo.set(info.name, info);
  }
  return {
    name: str(graph.name),
    opset: Number.isFinite(opset) ? opset : 0,
    nodes: ((graph.node as Msg[]) ?? []).map(toNode),
    initializers,
    inputs: ((graph.input as Msg[]) ?? []).map(toValueInfo),
    outputs: ((graph.output as Msg[]) ?? []).map(toValueInfo),
    valueInfo,
  };
}
