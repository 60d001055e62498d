// Which graph input is the image, and what the model input is: its spatial axes (in the chosen
// layout), size and channels. Initializers and the other inputs become constants.

import { RfError } from 'rfkit';
import { range } from './dims.js';
import { MAX_DIM } from './limits.js';
import type { ConversionState } from './state.js';
import { tensorConst } from './tensor.js';

export function setUpInputs(st: ConversionState): void {
  const { graph } = st;
  for (const [name, t] of graph.initializers) st.values.set(name, { kind: 'const', c: tensorConst(t) });
  const real = graph.inputs.filter((i) => !graph.initializers.has(i.name));
  if (real.length === 0) {
    throw new RfError(
      'invalid-onnx',
      'the graph has no input (every graph input is an initializer, or none is declared)',
    );
  }
  const image = real.find((i) => i.shape !== null && i.shape.length >= 3 && i.shape.length <= 5);
  if (!image) {
    const first = real[0] as (typeof real)[number];
    const what = first.shape === null ? 'no static rank' : `rank ${first.shape.length}`;
    throw new RfError(
      'invalid-onnx',
      `graph input "${first.name}" has ${what}; the importer needs a tensor of rank 3–5 (batch, channels and 1–3 spatial axes)`,
    );
  }
  for (const other of real) {
    if (other === image) continue;
    const dims = other.shape?.every((d) => d !== null) ? (other.shape as number[]) : null;
    st.values.set(other.name, { kind: 'const', c: { dims, data: null, float: true } });
    st.warn(
      'extra-input',
      `graph input "${other.name}" is treated as a constant: only "${image.name}" is analysed`,
      [],
    );
  }
  const shape = image.shape as (number | null)[];
  const rank = shape.length;
  st.axes = rank - 2;
  for (const d of shape) {
    if (d !== null && d > MAX_DIM) {
      throw new RfError(
        'too-large',
        `graph input "${image.name}" has a dimension of ${d} (the limit is ${MAX_DIM})`,
      );
    }
  }
  const pos = st.layout === 'channels-first' ? range(2, rank) : range(1, rank - 1);
  const channelAxis = st.layout === 'channels-first' ? 1 : rank - 1;
  const size = pos.map((p) => shape[p] ?? null);
  if (size.every((s) => s !== null)) st.inputSpec.size = size as number[];
  else if (size.some((s) => s !== null)) {
    st.warn(
      'partial-input-size',
      `graph input "${image.name}" has a symbolic spatial size [${size.map((s) => s ?? '?').join(', ')}]; the model is analysed without an input size`,
      [],
    );
  }
  const channels = shape[channelAxis];
  if (channels !== null && channels !== undefined) st.inputSpec.channels = channels;
  st.canScalar = st.axes === 2 || st.inputSpec.size !== undefined;
  st.values.set(image.name, { kind: 'pixels', layer: 'input', pos, shape: shape.slice(), global: false });
}
