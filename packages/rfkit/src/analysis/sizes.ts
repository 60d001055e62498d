// Output sizes and padding splits along one axis: the one home of these formulas. `analyze`, the
// residue pass and @rfkit/onnx's shape tracking all call them, so an imported model and its
// analysis can never disagree on a size. The oracle counts windows on its own: it is the check.
import type { NormalizedLayer } from '../types.js';

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
  const span = n + pL + pR - (d * (k - 1) + 1);
  if (!ceilMode) return Math.floor(span / s) + 1;
  let out = Math.ceil(span / s) + 1;
  if ((out - 1) * s >= n + pL) out -= 1;
  return out;
}

/**
 * Splits `total` pixels of padding between the two ends: TensorFlow/ONNX SAME_UPPER puts the odd
 * pixel at the end, SAME_LOWER (`lower`) at the beginning. `total` may be negative (cropping).
 */
export function splitPadding(total: number, lower: boolean): { begin: number; end: number } {
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
  const ke = d * (k - 1) + 1;
  if (n !== null) {
    const out = Math.ceil(n / s);
    return { out, ...splitPadding(Math.max((out - 1) * s + ke - n, 0), lower) };
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
  return (n - 1) * s - pL - pR + d * (k - 1) + 1 + outputPadding;
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
      return n * l.scale[a]!;
    default:
      return n;
  }
}
