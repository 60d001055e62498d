// Field numbers of the ONNX messages the importer reads (onnx.proto3, package `onnx`, as fixed by
// the ONNX specification). Every other field — sub-graphs, docs, metadata, sparse tensors,
// functions, training info — is skipped on the wire without being materialised.

export const ModelProto = { graph: 7, opsetImport: 8 } as const;

export const OperatorSetIdProto = { domain: 1, version: 2 } as const;

export const GraphProto = { node: 1, name: 2, initializer: 5, input: 11, output: 12, valueInfo: 13 } as const;

export const NodeProto = { input: 1, output: 2, name: 3, opType: 4, attribute: 5, domain: 7 } as const;

export const AttributeProto = {
  name: 1,
  f: 2,
  i: 3,
  s: 4,
  t: 5,
  floats: 7,
  ints: 8,
  strings: 9,
  type: 20,
} as const;

/**
 * The numeric payloads (float_data … uint64_data) are repeated scalars that ONNX declares
 * packed; writers may still emit them one element per record, and protobuf requires readers to
 * accept both.
 */
export const TensorProto = {
  dims: 1,
  dataType: 2,
  floatData: 4,
  int32Data: 5,
  int64Data: 7,
  name: 8,
  rawData: 9,
  doubleData: 10,
  uint64Data: 11,
  externalData: 13,
  dataLocation: 14,
} as const;

/** TensorProto.DataLocation EXTERNAL. */
export const DATA_LOCATION_EXTERNAL = 1;

export const ValueInfoProto = { name: 1, type: 2 } as const;

/** TypeProto is a oneof: a later sequence, map, sparse or optional type replaces a tensor type. */
export const TypeProto = { tensorType: 1, otherTypes: [4, 5, 8, 9] } as const;

/** TypeProto.Tensor. */
export const TensorTypeProto = { shape: 2 } as const;

export const TensorShapeProto = { dim: 1 } as const;

/** TensorShapeProto.Dimension, a oneof of dim_value and dim_param. */
export const Dimension = { dimValue: 1, dimParam: 2 } as const;
