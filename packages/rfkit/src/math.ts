// Integer helpers shared by the analysis and the oracle (both need phase periods). They are not
// the formulas under test, so sharing them costs the oracle none of its independence.

/** Greatest common divisor, ≥ 0 (gcd(0, 0) = 0). */
export function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** Least common multiple of two positive integers. */
export function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}
