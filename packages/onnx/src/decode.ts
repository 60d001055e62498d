// Bytes → IrGraph: reads the few ONNX messages the importer needs straight off the wire
// (wire.ts) and refuses anything that is not an ONNX model with a graph.
//
// Protobuf's merge rules hold: a repeated field appends (packed or one element per record, both
// accepted), a singular scalar takes its last value, a singular message merges with earlier
// occurrences, and a field whose wire type does not match its declaration is skipped as unknown.

import { RfError } from 'rfkit';
import { finishTensor, newTensor, readTensor, type TensorDraft } from './decode-tensor.js';
import type { IrAttribute, IrGraph, IrNode, IrTensor, IrValueInfo } from './ir.js';
import { MAX_RANK } from './limits.js';
import * as F from './schema.js';
import { I32, LEN, Reader, VARINT, WireError } from './wire.js';

function readAttribute(r: Reader): IrAttribute {
  const A = F.AttributeProto;
  const a: IrAttribute = {
    name: '',
    type: 0,
    f: null,
    i: null,
    s: null,
    t: null,
    floats: [],
    ints: [],
    strings: [],
  };
  let tensor: TensorDraft | null = null;
  r.message('AttributeProto', () =>
    r.fields((field, wire) => {
      switch (field) {
        case A.name:
          if (wire !== LEN) return false;
          a.name = r.string();
          return true;
        case A.f:
          if (wire !== I32) return false;
          a.f = r.float();
          return true;
        case A.i:
          if (wire !== VARINT) return false;
          a.i = r.int64();
          return true;
        case A.s:
          if (wire !== LEN) return false;
          a.s = r.string();
          return true;
        case A.t:
          if (wire !== LEN) return false;
          tensor ??= newTensor();
          readTensor(r, tensor);
          return true;
        case A.floats:
          return r.repeated(wire, I32, () => a.floats.push(r.float()));
        case A.ints:
          return r.repeated(wire, VARINT, () => a.ints.push(r.int64()));
        case A.strings:
          if (wire !== LEN) return false;
          a.strings.push(r.string());
          return true;
        case A.type:
          if (wire !== VARINT) return false;
          a.type = r.int32();
          return true;
        default:
          return false;
      }
    }),
  );
  if (tensor !== null) a.t = finishTensor(tensor);
  return a;
}

function readNode(r: Reader, index: number): IrNode {
  const N = F.NodeProto;
  const node: IrNode = {
    index,
    name: '',
    opType: '',
    domain: '',
    inputs: [],
    outputs: [],
    attributes: new Map(),
  };
  r.message('NodeProto', () =>
    r.fields((field, wire) => {
      if (wire !== LEN) return false;
      switch (field) {
        case N.input:
          node.inputs.push(r.string());
          return true;
        case N.output:
          node.outputs.push(r.string());
          return true;
        case N.name:
          node.name = r.string();
          return true;
        case N.opType:
          node.opType = r.string();
          return true;
        case N.attribute: {
          const attr = readAttribute(r);
          node.attributes.set(attr.name, attr);
          return true;
        }
        case N.domain:
          node.domain = r.string();
          return true;
        default:
          return false;
      }
    }),
  );
  return node;
}

/** A Dimension: its dim_value, or null when symbolic or absent (the oneof's last member wins). */
function readDimension(r: Reader): number | null {
  let value: number | null = null;
  r.message('TensorShapeProto.Dimension', () =>
    r.fields((field, wire) => {
      if (field === F.Dimension.dimValue && wire === VARINT) value = r.int64();
      else if (field === F.Dimension.dimParam && wire === LEN) {
        r.bytes();
        value = null;
      } else return false;
      return true;
    }),
  );
  return value;
}

interface ValueInfoDraft {
  name: string;
  /** Dims of the tensor type's shape; null without a tensor type or shape. */
  dims: (number | null)[] | null;
  /** Number of dims on the wire; only the first MAX_RANK + 1 are kept. */
  rank: number;
}

function readShape(r: Reader, v: ValueInfoDraft): void {
  r.message('TensorShapeProto', () =>
    r.fields((field, wire) => {
      if (field !== F.TensorShapeProto.dim || wire !== LEN) return false;
      const d = readDimension(r);
      const dims = (v.dims ??= []);
      if (v.rank++ <= MAX_RANK) dims.push(d);
      return true;
    }),
  );
}

function readType(r: Reader, v: ValueInfoDraft): void {
  r.message('TypeProto', () =>
    r.fields((field, wire) => {
      if (wire !== LEN) return false;
      if (field === F.TypeProto.tensorType) {
        r.message('TypeProto.Tensor', () =>
          r.fields((f, w) => {
            if (f !== F.TensorTypeProto.shape || w !== LEN) return false;
            if (v.dims === null) {
              v.dims = [];
              v.rank = 0;
            }
            readShape(r, v);
            return true;
          }),
        );
        return true;
      }
      if ((F.TypeProto.otherTypes as readonly number[]).includes(field)) {
        r.bytes();
        v.dims = null;
        v.rank = 0;
        return true;
      }
      return false;
    }),
  );
}

function readValueInfo(r: Reader): IrValueInfo {
  const v: ValueInfoDraft = { name: '', dims: null, rank: 0 };
  r.message('ValueInfoProto', () =>
    r.fields((field, wire) => {
      if (wire !== LEN) return false;
      if (field === F.ValueInfoProto.name) v.name = r.string();
      else if (field === F.ValueInfoProto.type) readType(r, v);
      else return false;
      return true;
    }),
  );
  if (v.dims === null) return { name: v.name, shape: null };
  if (v.rank > MAX_RANK) {
    throw new RfError('too-large', `value "${v.name}" has rank ${v.rank}; at most ${MAX_RANK} is accepted`);
  }
  const huge = v.dims.findIndex((d) => d !== null && !Number.isFinite(d));
  if (huge >= 0) {
    throw new RfError(
      'too-large',
      `value "${v.name}": dimension ${huge} is beyond 2^53, more than any tensor can hold`,
    );
  }
  // A zero or negative extent is no usable size: treat it like a symbolic one.
  return { name: v.name, shape: v.dims.map((d) => (d !== null && d > 0 ? d : null)) };
}

interface GraphDraft {
  name: string;
  nodes: IrNode[];
  initializers: Map<string, IrTensor>;
  inputs: IrValueInfo[];
  outputs: IrValueInfo[];
  valueInfo: Map<string, IrValueInfo>;
}

function readGraph(r: Reader, g: GraphDraft): void {
  const G = F.GraphProto;
  r.message('GraphProto', () =>
    r.fields((field, wire) => {
      if (wire !== LEN) return false;
      switch (field) {
        case G.node:
          g.nodes.push(readNode(r, g.nodes.length));
          return true;
        case G.name:
          g.name = r.string();
          return true;
        case G.initializer: {
          const draft = newTensor();
          readTensor(r, draft);
          const t = finishTensor(draft);
          g.initializers.set(t.name, t);
          return true;
        }
        case G.input:
          g.inputs.push(readValueInfo(r));
          return true;
        case G.output:
          g.outputs.push(readValueInfo(r));
          return true;
        case G.valueInfo: {
          const info = readValueInfo(r);
          g.valueInfo.set(info.name, info);
          return true;
        }
        default:
          return false;
      }
    }),
  );
}

/** Decodes an ONNX ModelProto. Throws `RfError('invalid-onnx')` for anything else. */
export function decodeModel(bytes: Uint8Array): IrGraph {
  const r = new Reader(bytes);
  let graph: GraphDraft | null = null;
  let opset = 0;
  try {
    r.fields((field, wire) => {
      if (wire !== LEN) return false;
      if (field === F.ModelProto.graph) {
        graph ??= {
          name: '',
          nodes: [],
          initializers: new Map(),
          inputs: [],
          outputs: [],
          valueInfo: new Map(),
        };
        readGraph(r, graph);
        return true;
      }
      if (field === F.ModelProto.opsetImport) {
        let domain = '';
        let version = 0;
        r.message('OperatorSetIdProto', () =>
          r.fields((f, w) => {
            if (f === F.OperatorSetIdProto.domain && w === LEN) domain = r.string();
            else if (f === F.OperatorSetIdProto.version && w === VARINT) version = r.int64();
            else return false;
            return true;
          }),
        );
        if ((domain === '' || domain === 'ai.onnx') && Number.isSafeInteger(version))
          opset = Math.max(opset, version);
        return true;
      }
      return false;
    });
  } catch (e) {
    if (!(e instanceof WireError)) throw e;
    throw new RfError(
      'invalid-onnx',
      `not a valid ONNX file: the protobuf data is malformed at ${e.message}`,
    );
  }
  if (graph === null) {
    throw new RfError(
      'invalid-onnx',
      'not a valid ONNX file: it holds no graph (ModelProto.graph is missing)',
    );
  }
  const g: GraphDraft = graph;
  return {
    name: g.name,
    opset,
    nodes: g.nodes,
    initializers: g.initializers,
    inputs: g.inputs,
    outputs: g.outputs,
    valueInfo: g.valueInfo,
  };
}
