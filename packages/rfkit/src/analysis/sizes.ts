// Output sizes and SAME padding (DESIGN §1).

/**
 * Output size of a conv/pool window: `floor((n + pL + pR − ke)/s) + 1`, or with `ceilMode` PyTorch's
 * rule: round up, but drop a last window that would start beyond the input and left padding.
 */
export function outputSize(
  n: number,
  pL: number,
  pR: number,
  ke: number,
  s: number,
  ceilMode: boolean,
): number {
  const span = n + pL + pR - ke;
  if (!ceilMode) return Math.floor(span / s) + 1;
  let out = Math.ceil(span / s) + 1;
  if ((out - 1) * s >= n + pL) out -= 1;
  return out;
}

function sameLeft(total: number, lower: boolean): number {
  return lower ? Math.ceil(total / 2) : Math.floor(total / 2);
}

/**
 * SAME padding (TF/ONNX SAME_UPPER; `lower` = SAME_LOWER) for input size `n`. With `n` unknown the
 * left pad is still known when it is the same for every residue of n mod s; otherwise it is null.
 */
export function samePads(
  n: number | null,
  ke: number,
  s: number,
  lower: boolean,
): { left: number | null; right: number | null } {
  if (n !== null) {
    const out = Math.ceil(n / s);
    const total = Math.max((out - 1) * s + ke - n, 0);
    const left = sameLeft(total, lower);
    return { left, right: total - left };
  }
  // total = max(ke − s + r, 0) with r = (−n) mod s ∈ [0, s−1]; left is monotone in r.
  const lo = sameLeft(Math.max(ke - s, 0), lower);
  const hi = sameLeft(Math.max(ke - 1, 0), lower);
  return lo === hi ? { left: lo, right: null } : { left: null, right: null };
}
