// Every ONNX op the importer knows, by op type (a domain other than ai.onnx is written
// `domain::Op`), with the handler that converts it. To add an op, add it to its family's table
// (or a new family here); an op in two families is a programming error caught on load.

import type { OpFamily, OpHandler } from '../state.js';
import { cropOps } from './crop.js';
import { mergeOps } from './merge.js';
import { pointwiseOps } from './pointwise.js';
import { reduceOps } from './reduce.js';
import { resizeOps } from './resize.js';
import { shapeOps } from './shapes.js';
import { windowOps } from './windows.js';

const FAMILIES: readonly OpFamily[] = [
  pointwiseOps,
  mergeOps,
  windowOps,
  reduceOps,
  shapeOps,
  cropOps,
  resizeOps,
];

function register(families: readonly OpFamily[]): ReadonlyMap<string, OpHandler> {
  const handlers = new Map<string, OpHandler>();
  for (const family of families) {
    for (const [op, handler] of Object.entries(family)) {
      if (handlers.has(op)) throw new Error(`@rfkit/onnx: op ${op} has two handlers`);
      handlers.set(op, handler);
    }
  }
  return handlers;
}

export const HANDLERS = register(FAMILIES);

/** The registry key of a node's op. */
export function opKey(node: { domain: string; opType: string }): string {
  return node.domain === '' || node.domain === 'ai.onnx' ? node.opType : `${node.domain}::${node.opType}`;
}
