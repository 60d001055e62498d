// Integer helpers of the analysis (phase periods, residue classes). The oracle keeps its own: it
// shares no arithmetic with the code it checks.

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
