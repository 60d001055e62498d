// Where paths meet: a pointwise op over several pixel inputs becomes an `add`/`mul` merge, and
// Concat along the channels a `concat`. One pixel path through a pointwise op is no layer.

import type { Op } from 'rfkit';
import { hasAttr, intAttr } from '../attributes.js';
import { broadcastShapes } from '../dims.js';
import type { IrNode } from '../ir.js';
import {
  type ConversionState,
  constOf,
  type Inputs,
  invalid,
  isPixels,
  layoutError,
  normAxis,
  type OpFamily,
  unsupported,
} from '../state.js';
import type { PixelValue } from '../values.js';

/** Merges of several paths that multiply (gates, attention masks); the rest add. */
const MULTIPLICATIVE = new Set(['Mul', 'Div', 'And', 'Where', 'Pow']);

/** A pointwise op over its (broadcast) inputs: the merge of its pixel paths (`mergeOp`, default add or mul). */
export function mergePaths(
  st: ConversionState,
  node: IrNode,
  ins: Inputs,
  pixels: readonly PixelValue[],
  mergeOp?: Op,
): PixelValue {
  const shapes = ins.map((v) => (isPixels(v) ? v.shape : (constOf(v)?.dims ?? [])));
  const rank = Math.max(...shapes.map((s) => s.length));
  const { shape } = broadcastShapes(shapes);
  const global = pixels.some((p) => p.global);
  let pos: number[] | null | undefined;
  for (const p of pixels) {
    if (p.global) continue;
    const shifted = p.pos?.map((q) => q + rank - p.shape.length) ?? null;
    if (pos === undefined) pos = shifted;
    else if (pos === null || shifted === null) pos = null;
    else if (pos.join() !== shifted.join()) {
      throw layoutError(node, 'its inputs have their spatial axes at different tensor axes');
    }
  }
  const first = pixels[0] as PixelValue;
  const finalPos = pos === undefined ? (first.pos?.map((q) => q + rank - first.shape.length) ?? null) : pos;
  const sources = [...new Set(pixels.map((p) => p.layer))];
  if (sources.length === 1) return { kind: 'pixels', layer: first.layer, pos: finalPos, shape, global };
  if (pixels.some((p) => !p.global && p.pos === null)) {
    // Flattened paths have no spatial layout left to align: their merge reads everything.
    return st.globalLayer(node, pixels, shape, null);
  }
  const op: Op = mergeOp ?? (MULTIPLICATIVE.has(node.opType) ? 'mul' : 'add');
  const layer = st.emit(node, { op }, sources);
  return { kind: 'pixels', layer, pos: finalPos, shape, global };
}

function concat(st: ConversionState, node: IrNode, ins: Inputs, pixels: readonly PixelValue[]): PixelValue[] {
  if (!hasAttr(node, 'axis')) throw invalid(node, 'attribute axis is required');
  const first = pixels[0] as PixelValue;
  const rank = first.shape.length;
  const axis = normAxis(node, intAttr(node, 'axis', 1), rank);
  for (const p of pixels) {
    if (p.shape.length !== rank) throw invalid(node, 'its inputs have different ranks');
    if (!p.global && p.pos?.includes(axis)) {
      throw unsupported(
        node,
        `it concatenates along spatial axis ${axis}; only channel concatenation is supported`,
      );
    }
  }
  let total: number | null = 0;
  for (const v of ins) {
    const d = isPixels(v) ? v.shape[axis] : (constOf(v)?.dims?.[axis] ?? null);
    total = total === null || d === null || d === undefined ? null : total + d;
  }
  const merged = mergePaths(st, node, ins, pixels, 'concat');
  const shape = merged.shape.slice();
  shape[axis] = total;
  return [{ ...merged, shape }];
}

export const mergeOps: OpFamily = { Concat: concat };
