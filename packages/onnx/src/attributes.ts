// Typed access to node attributes, with errors that name the node and the attribute.

import { RfError } from 'rfkit';
import type { IrAttribute, IrNode, IrTensor } from './ir.js';

/** How a node is named in messages: `Conv node "/layer1/conv1/Conv"` (or its index). */
export function describeNode(node: IrNode): string {
  const id = node.name !== '' ? `"${node.name}"` : `#${node.index}`;
  return `${node.opType || '(no op_type)'} node ${id}`;
}

// AttributeProto.AttributeType values.
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_STRING = 3;

function bad(node: IrNode, name: string, what: string): RfError {
  return new RfError(
    'invalid-onnx',
    `${describeNode(node)}: attribute ${name} ${what}`,
    `${node.name}.${name}`,
  );
}

function attr(node: IrNode, name: string): IrAttribute | undefined {
  return node.attributes.get(name);
}

export function hasAttr(node: IrNode, name: string): boolean {
  return node.attributes.has(name);
}

function checkInt(node: IrNode, name: string, v: number): number {
  // The decoder turns int64 values beyond ±(2^53 − 1) into ±Infinity: no exact number to print.
  if (!Number.isFinite(v)) throw bad(node, name, 'has a value beyond 2^53, more than any size or axis');
  if (!Number.isSafeInteger(v)) throw bad(node, name, `must be an integer, got ${v}`);
  return v;
}

export function intAttr(node: IrNode, name: string, fallback: number): number {
  const a = attr(node, name);
  if (!a) return fallback;
  if (a.i === null) {
    if (a.ints.length === 1) return checkInt(node, name, a.ints[0] as number);
    // proto3 writers omit a zero scalar; the type tag still says INT.
    if (a.type === ATTR_INT) return 0;
    throw bad(node, name, 'must be an INT');
  }
  return checkInt(node, name, a.i);
}

/** INTS attribute; null when absent. */
export function intsAttr(node: IrNode, name: string): number[] | null {
  const a = attr(node, name);
  if (!a) return null;
  if (a.ints.length === 0 && a.i !== null) return [checkInt(node, name, a.i)];
  return a.ints.map((v) => checkInt(node, name, v));
}

export function floatAttr(node: IrNode, name: string, fallback: number): number {
  const a = attr(node, name);
  if (!a) return fallback;
  if (a.f !== null) return a.f;
  if (a.i !== null) return a.i;
  if (a.type === ATTR_FLOAT) return 0;
  throw bad(node, name, 'must be a FLOAT');
}

/** FLOATS attribute; null when absent. */
export function floatsAttr(node: IrNode, name: string): number[] | null {
  const a = attr(node, name);
  if (!a) return null;
  if (a.floats.length === 0 && a.f !== null) return [a.f];
  return a.floats;
}

export function stringAttr(node: IrNode, name: string, fallback: string): string {
  const a = attr(node, name);
  if (!a) return fallback;
  if (a.s === null) {
    if (a.type === ATTR_STRING) return '';
    throw bad(node, name, 'must be a STRING');
  }
  return a.s;
}

export function tensorAttr(node: IrNode, name: string): IrTensor | null {
  return attr(node, name)?.t ?? null;
}
