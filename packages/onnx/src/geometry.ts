// Per-axis geometry of ONNX conv/pool/deconv attributes, and output sizes for shape tracking
// (needed to fold Shape → Resize chains and ConvTranspose output_shape). The size formulas are
// rfkit's own, so a tracked shape always equals the size the analysis reports.

import { deconvOutputSize, RfError, samePadding, windowOutputSize } from 'rfkit';
import { describeNode } from './attributes.js';
import type { IrNode } from './ir.js';
import { MAX_DIM } from './limits.js';

/** Checks that every value of an attribute lies in `[min, MAX_DIM]` (or `[-MAX_DIM, MAX_DIM]`). */
export function checkDims(node: IrNode, field: string, values: readonly number[], min: number): number[] {
  for (const v of values) {
    if (!Number.isFinite(v) || Math.abs(v) > MAX_DIM) {
      // Beyond 2^53 the number held is not the file's (int64 → double): do not print it.
      const shown = Math.abs(v) > Number.MAX_SAFE_INTEGER ? 'beyond 2^53' : String(v);
      throw new RfError(
        'too-large',
        `${describeNode(node)}: ${field} value ${shown} is absurd (the limit is ${MAX_DIM})`,
        `${node.name}.${field}`,
      );
    }
    if (!Number.isInteger(v) || v < min) {
      throw new RfError(
        'invalid-onnx',
        `${describeNode(node)}: ${field} must be integers ≥ ${min}, got [${values.join(', ')}]`,
        `${node.name}.${field}`,
      );
    }
  }
  return values.slice();
}

export type AutoPad = 'NOTSET' | 'SAME_UPPER' | 'SAME_LOWER' | 'VALID';

export function parseAutoPad(node: IrNode, value: string): AutoPad {
  const v = value === '' ? 'NOTSET' : value.toUpperCase();
  if (v === 'NOTSET' || v === 'SAME_UPPER' || v === 'SAME_LOWER' || v === 'VALID') return v;
  throw new RfError(
    'invalid-onnx',
    `${describeNode(node)}: auto_pad "${value}" is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID`,
    `${node.name}.auto_pad`,
  );
}

/** Output size of a conv/pool along one axis (rfkit's formulas), or null when unknown or not positive. */
export function windowOut(
  n: number | null,
  k: number,
  s: number,
  d: number,
  autoPad: AutoPad,
  begin: number,
  end: number,
  ceil: boolean,
): number | null {
  if (n === null) return null;
  let out: number;
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER')
    out = samePadding(n, k, s, d, autoPad === 'SAME_LOWER').out as number;
  else if (autoPad === 'VALID') out = windowOutputSize(n, k, s, d, 0, 0, false);
  else out = windowOutputSize(n, k, s, d, begin, end, ceil);
  return out > 0 ? out : null;
}

/** Output size of a transposed convolution along one axis, or null when unknown or not positive. */
export function deconvOut(
  n: number | null,
  k: number,
  s: number,
  d: number,
  begin: number,
  end: number,
  extra: number,
): number | null {
  if (n === null) return null;
  const out = deconvOutputSize(n, k, s, d, begin, end, extra);
  return out > 0 ? out : null;
}
