// The importer's own view of an ONNX file: plain objects with JS numbers, decoupled from
// the wire format so that the rest of the package never sees varints or field numbers.

/** A TensorProto: dims and data type always; payload views only, parsed on demand (tensor.ts). */
export interface IrTensor {
  name: string;
  dims: number[];
  dataType: number;
  /** true when data_location is EXTERNAL: the payload lives in another file that is never read. */
  external: boolean;
  raw: Uint8Array | null;
  floatData: Uint8Array | null;
  int32Data: Uint8Array | null;
  int64Data: Uint8Array | null;
  doubleData: Uint8Array | null;
  uint64Data: Uint8Array | null;
}

export interface IrAttribute {
  name: string;
  /** AttributeProto.type (0 when the writer left it out). */
  type: number;
  f: number | null;
  i: number | null;
  s: string | null;
  t: IrTensor | null;
  floats: number[];
  ints: number[];
  strings: string[];
}

export interface IrNode {
  /** Position in GraphProto.node. */
  index: number;
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: Map<string, IrAttribute>;
}

/** A graph input/output: its static shape, entries null where symbolic; null without shape. */
export interface IrValueInfo {
  name: string;
  shape: (number | null)[] | null;
}

export interface IrGraph {
  name: string;
  /** Version of the default (ai.onnx) operator set; 0 when not declared. */
  opset: number;
  nodes: IrNode[];
  initializers: Map<string, IrTensor>;
  inputs: IrValueInfo[];
  outputs: IrValueInfo[];
  valueInfo: Map<string, IrValueInfo>;
}
