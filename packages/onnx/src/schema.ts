// The subset of onnx.proto3 (ONNX IR, package `onnx`) that the importer reads, as a protobufjs
// JSON descriptor. Field numbers are those of the ONNX specification; every field left out is
// skipped by the decoder without being materialised (sub-graphs, docs, sparse tensors, functions).
//
// Deliberate departures from the .proto, so that weights are never copied into JS arrays:
// the packed numeric payloads of TensorProto (float_data, int32_data, int64_data, double_data,
// uint64_data) are declared as `bytes`. A packed repeated field is one length-delimited record
// on the wire, so the decoder hands back a zero-copy view and `tensor.ts` parses it only for the
// few small constants the importer needs. ONNX declares these fields `[packed = true]`, so every
// conforming writer packs them.

export const onnxDescriptor = {
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            ir_version: { type: 'int64', id: 1 },
            producer_name: { type: 'string', id: 2 },
            producer_version: { type: 'string', id: 3 },
            graph: { type: 'GraphProto', id: 7 },
            opset_import: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
          },
        },
        OperatorSetIdProto: {
          fields: {
            domain: { type: 'string', id: 1 },
            version: { type: 'int64', id: 2 },
          },
        },
        GraphProto: {
          fields: {
            node: { rule: 'repeated', type: 'NodeProto', id: 1 },
            name: { type: 'string', id: 2 },
            initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
            input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
            output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 },
            value_info: { rule: 'repeated', type: 'ValueInfoProto', id: 13 },
          },
        },
        NodeProto: {
          fields: {
            input: { rule: 'repeated', type: 'string', id: 1 },
            output: { rule: 'repeated', type: 'string', id: 2 },
            name: { type: 'string', id: 3 },
            op_type: { type: 'string', id: 4 },
            attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
            domain: { type: 'string', id: 7 },
          },
        },
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 },
            f: { type: 'float', id: 2 },
            i: { type: 'int64', id: 3 },
            s: { type: 'bytes', id: 4 },
            t: { type: 'TensorProto', id: 5 },
            floats: { rule: 'repeated', type: 'float', id: 7 },
            ints: { rule: 'repeated', type: 'int64', id: 8 },
            strings: { rule: 'repeated', type: 'bytes', id: 9 },
            type: { type: 'int32', id: 20 },
          },
        },
        TensorProto: {
          fields: {
            dims: { rule: 'repeated', type: 'int64', id: 1 },
            data_type: { type: 'int32', id: 2 },
            float_data: { type: 'bytes', id: 4 },
            int32_data: { type: 'bytes', id: 5 },
            int64_data: { type: 'bytes', id: 7 },
            name: { type: 'string', id: 8 },
            raw_data: { type: 'bytes', id: 9 },
            double_data: { type: 'bytes', id: 10 },
            uint64_data: { type: 'bytes', id: 11 },
            external_data: { rule: 'repeated', type: 'StringStringEntryProto', id: 13 },
            data_location: { type: 'int32', id: 14 },
          },
        },
        StringStringEntryProto: {
          fields: {
            key: { type: 'string', id: 1 },
            value: { type: 'string', id: 2 },
          },
        },
        ValueInfoProto: {
          fields: {
            name: { type: 'string', id: 1 },
            type: { type: 'TypeProto', id: 2 },
          },
        },
        TypeProto: {
          fields: {
            tensor_type: { type: 'TensorTypeProto', id: 1 },
          },
        },
        // TypeProto.Tensor, hoisted so that the descriptor stays flat.
        TensorTypeProto: {
          fields: {
            elem_type: { type: 'int32', id: 1 },
            shape: { type: 'TensorShapeProto', id: 2 },
          },
        },
        TensorShapeProto: {
          fields: {
            dim: { rule: 'repeated', type: 'Dimension', id: 1 },
          },
        },
        // TensorShapeProto.Dimension; a oneof on the wire, told apart here by field presence.
        Dimension: {
          fields: {
            dim_value: { type: 'int64', id: 1 },
            dim_param: { type: 'string', id: 2 },
          },
        },
      },
    },
  },
} as const;
