// Output sizes and padding splits along one axis: the one home of these formulas. `analyze`, the
// residue pass and @rfkit/onnx's shape tracking all call them, so an imported model and its
// analysis can never disagree on a size. The oracle counts windows on its own: it is the check.
// The arithmetic is checked (checked.ts): a size whose computation leaves ±(2^53 − 1) is an
// `overflow` error, never a rounded number. The exported functions check their arguments too:
// they are public (see index.ts).
import { RfError } from '../errors.js';
import { show } from '../messages.js';
import type { NormalizedLayer } from '../types.js';
import { add, mul, sub } from './checked.js';

/** `value` as an integer ≥ `min` (any safe integer without `min`), else `invalid-argument`. */
function int(fn: string, name: string, value: unknown, min?: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || (min !== undefined && value < min)) {
    const want = min === undefined ? 'an integer' : `an integer >= ${min}`;
    throw new RfError('invalid-argument', `${fn}: ${name} must be ${want}, got ${show(value)}`, name);
  }
  return value;
}

function bool(fn: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new RfError('invalid-argument', `${fn}: ${name} must be a boolean, got ${show(value)}`, name);
  }
  return value;
}

/** The arguments every window formula takes: sizes ≥ 0, kernel, stride and dilation ≥ 1, any pads. */
function windowArgs(
  fn: string,
  n: unknown,
  k: unknown,
  s: unknown,
  d: unknown,
  pL: unknown,
  pR: unknown,
): void {
  int(fn, 'n', n, 0);
  int(fn, 'k', k, 1);
  int(fn, 's', s, 1);
  int(fn, 'd', d, 1);
  int(fn, 'pL', pL);
  int(fn, 'pR', pR);
}

/** `d·(k−1)+1`, checked. */
function effectiveKernel(k: number, d: number): number {
  return add(mul(d, k - 1, 'outputSize'), 1, 'outputSize');
}

/**
 * Output size of a conv/pool window of kernel `k`, stride `s`, dilation `d` over `n` input pixels
 * with `pL`/`pR` pixels of padding: `floor((n + pL + pR − ke)/s) + 1` with `ke = d·(k−1)+1`, or
 * with `ceilMode` PyTorch's rule: round up, but drop a last window that would start beyond the
 * input and the left padding. May be ≤ 0 (the layer leaves nothing): callers decide what that
 * means.
 */
export function windowOutputSize(
  n: number,
  k: number,
  s: number,
  d: number,
  pL: number,
  pR: number,
  ceilMode: boolean,
): number {
  windowArgs('windowOutputSize', n, k, s, d, pL, pR);
  bool('windowOutputSize', 'ceilMode', ceilMode);
  // The pads first: large pads of opposite signs (a crop on one side) cancel before meeting n.
  const span = add(add(pL, pR, 'outputSize'), sub(n, effectiveKernel(k, d), 'outputSize'), 'outputSize');
  if (!ceilMode) return Math.floor(span / s) + 1;
  let out = Math.ceil(span / s) + 1;
  if (mul(out - 1, s, 'outputSize') >= add(n, pL, 'outputSize')) out -= 1;
  return out;
}

/**
 * Splits `total` pixels of padding between the two ends: TensorFlow/ONNX SAME_UPPER puts the odd
 * pixel at the end, SAME_LOWER (`lower`) at the beginning. `total` may be negative (cropping).
 */
export function splitPadding(total: number, lower: boolean): { begin: number; end: number } {
  int('splitPadding', 'total', total);
  bool('splitPadding', 'lower', lower);
  const begin = lower ? Math.ceil(total / 2) : Math.floor(total / 2);
  return { begin, end: total - begin };
}

/**
 * SAME padding (SAME_UPPER; `lower` = SAME_LOWER) of a window over `n` input pixels:
 * `out = ceil(n/s)`, `total = max((out−1)·s + ke − n, 0)`, split by `splitPadding`. With `n`
 * unknown (null) the output size and right pad are null, and the left pad is still known when
 * it is the same for every residue of n mod s (otherwise null too).
 */
export function samePadding(
  n: number | null,
  k: number,
  s: number,
  d: number,
  lower: boolean,
): { out: number | null; begin: number | null; end: number | null } {
  const fn = 'samePadding';
  if (n !== null) int(fn, 'n', n, 0);
  int(fn, 'k', k, 1);
  int(fn, 's', s, 1);
  int(fn, 'd', d, 1);
  bool(fn, 'lower', lower);
  const ke = effectiveKernel(k, d);
  if (n !== null) {
    const out = Math.ceil(n / s);
    // (out−1)·s − n lies in (−s, 0]: subtracting n first keeps every step in range.
    const total = add(sub(mul(out - 1, s, 'padding'), n, 'padding'), ke, 'padding');
    return { out, ...splitPadding(Math.max(total, 0), lower) };
  }
  // total = max(ke − s + r, 0) with r = (−n) mod s ∈ [0, s−1]; the left pad is monotone in r.
  const lo = splitPadding(Math.max(ke - s, 0), lower).begin;
  const hi = splitPadding(Math.max(ke - 1, 0), lower).begin;
  return { out: null, begin: lo === hi ? lo : null, end: null };
}

/**
 * Output size of a transposed convolution over `n` input units:
 * `(n − 1)·s − pL − pR + d·(k−1) + 1 + outputPadding`. May be ≤ 0.
 */
export function deconvOutputSize(
  n: number,
  k: number,
  s: number,
  d: number,
  pL: number,
  pR: number,
  outputPadding: number,
): number {
  windowArgs('deconvOutputSize', n, k, s, d, pL, pR);
  int('deconvOutputSize', 'outputPadding', outputPadding, 0);
  const f = 'outputSize';
  const grown = add(mul(n - 1, s, f), add(effectiveKernel(k, d), outputPadding, f), f);
  return sub(grown, add(pL, pR, f), f);
}

/**
 * Output size of layer `l` on axis `a` for an input of `n` units (not for `global`, which has
 * none). Identity and merges keep their (first) input's size.
 */
export function layerOutputSize(l: NormalizedLayer, a: number, n: number): number {
  const k = l.kernel[a]!;
  const s = l.stride[a]!;
  const d = l.dilation[a]!;
  switch (l.op) {
    case 'conv':
    case 'maxpool':
    case 'avgpool':
      if (l.padding.kind === 'same') return samePadding(n, k, s, d, l.padding.lower).out!;
      return windowOutputSize(n, k, s, d, l.padding.begin[a]!, l.padding.end[a]!, l.ceilMode);
    case 'deconv':
      if (l.padding.kind !== 'explicit') throw new Error('unreachable: same padding on deconv');
      return deconvOutputSize(n, k, s, d, l.padding.begin[a]!, l.padding.end[a]!, l.outputPadding[a]!);
    case 'upsample':
      return mul(n, l.scale[a]!, 'outputSize');
    default:
      return n;
  }
}
