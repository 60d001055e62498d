// IrGraph → ModelSpec. Walks the nodes in topological order and tracks, for every tensor,
// whether it is a constant (folded where small) or carries pixels of the model input, and then
// which ModelSpec layer produced its units. Only ops that change geometry become layers; each op
// type is converted by its handler in src/ops/ (looked up in ops/registry.ts).

import type { ModelSpec, Warning } from 'rfkit';
import { RfError } from 'rfkit';
import { describeNode } from './attributes.js';
import { foldNode } from './fold/fold.js';
import type { Topology } from './graph.js';
import { setUpInputs } from './input.js';
import type { IrGraph, IrNode } from './ir.js';
import { HANDLERS, opKey } from './ops/registry.js';
import {
  ConversionState,
  type ConvertOptions,
  constOf,
  type InputLayout,
  type Inputs,
  isPixels,
  unsupported,
} from './state.js';
import { unknownConst } from './tensor.js';
import type { PixelValue, Value } from './values.js';

export function convert(
  graph: IrGraph,
  topo: Topology,
  layout: InputLayout,
  options: ConvertOptions,
): { model: ModelSpec; warnings: Warning[] } {
  const st = new ConversionState(graph, layout, options);
  setUpInputs(st);
  for (const node of topo.order) if (topo.live.has(node)) visit(st, node);
  const outputs = graph.outputs.map((o) => st.values.get(o.name));
  if (!outputs.some(isPixels))
    throw new RfError('invalid-onnx', 'no graph output depends on the model input');
  // A model of pointwise ops only: one identity layer so that the report has an output.
  if (st.layers.length === 0) st.layers.push({ name: 'output', op: 'identity' });
  const model: ModelSpec = {
    name: options.name ?? (graph.name !== '' ? graph.name : 'onnx-model'),
    input: st.inputSpec,
    layers: st.layers,
  };
  return { model, warnings: st.warnings };
}

function visit(st: ConversionState, node: IrNode): void {
  const ins = node.inputs.map((n) => (n === '' ? undefined : st.values.get(n)));
  const pixels = ins.filter(isPixels);
  let outs: Value[];
  if (pixels.length === 0) {
    outs = foldNode(node, ins.map(constOf), st.graph.opset).map((c) => ({ kind: 'const', c }));
  } else {
    const op = opKey(node);
    const handler = HANDLERS.get(op);
    outs = handler ? handler(st, node, ins, pixels) : [unknown(st, node, ins, pixels, op)];
  }
  node.outputs.forEach((name, i) => {
    if (name === '') return;
    // Extra outputs (MaxPool indices, Dropout mask, BatchNormalization statistics) share the geometry.
    st.values.set(name, outs[i] ?? outs[0] ?? { kind: 'const', c: unknownConst });
  });
}

/** An op without a handler: identity where the options allow it, else unsupported-op. */
function unknown(
  st: ConversionState,
  node: IrNode,
  ins: Inputs,
  pixels: readonly PixelValue[],
  op: string,
): Value {
  const sources = [...new Set(pixels.map((p) => p.layer))];
  if (st.options.unknownAsIdentity && sources.length === 1 && isPixels(ins[0])) {
    const x = ins[0];
    const layer = st.emit(node, { op: 'identity' }, [x.layer]);
    st.warn(
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
