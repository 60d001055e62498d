// What the importer knows about each tensor of the graph while it walks the nodes.

import type { Const } from './tensor.js';

/**
 * A tensor computed from the model input's pixels. `layer` names the ModelSpec layer (or
 * `input`) whose output units it carries; ops that keep geometry (activations, casts, …) pass it
 * on unchanged.
 */
export interface PixelValue {
  kind: 'pixels';
  layer: string;
  /** Tensor axis of each spatial axis (model order); null once the spatial axes are flattened. */
  pos: number[] | null;
  /** Full tensor shape; entries null where unknown. Its length is the rank. */
  shape: (number | null)[];
  /** Every unit depends on every input pixel (after a global layer). */
  global: boolean;
}

export interface ConstValue {
  kind: 'const';
  c: Const;
}

export type Value = PixelValue | ConstValue;
