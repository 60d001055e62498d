// Sorted run lists (`[start0, end0, start1, end1, …]`, inclusive, disjoint) and unions of
// products of them ("boxes"): membership, containment and the size of a union, for footprints.
import type { Runs } from './intset.js';

/** Index of the run containing `x`, or −1. */
export function runAt(runs: Runs, x: number): number {
  let lo = 0;
  let hi = runs.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (x < runs[2 * mid]!) hi = mid - 1;
    else if (x > runs[2 * mid + 1]!) lo = mid + 1;
    else return mid;
  }
  return -1;
}

function runsWithin(x: Runs, y: Runs): boolean {
  for (let i = 0; i < x.length; i += 2) {
    const r = runAt(y, x[i]!);
    if (r < 0 || y[2 * r + 1]! < x[i + 1]!) return false;
  }
  return true;
}

export function boxWithin(x: Runs[], y: Runs[]): boolean {
  return x.every((runs, a) => runsWithin(runs, y[a]!));
}

function runsSize(r: Runs): number {
  let n = 0;
  for (let i = 0; i < r.length; i += 2) n += r[i + 1]! - r[i]! + 1;
  return n;
}

/** Number of positions in the union of boxes, sweeping axis `a` and recursing on the rest. */
export function measure(boxes: Runs[][], a: number): number {
  if (boxes.length === 0) return 0;
  if (boxes.length === 1) return boxes[0]!.slice(a).reduce((n, r) => n * runsSize(r), 1);
  const last = a === boxes[0]!.length - 1;
  // Elementary segments of axis a: between consecutive run starts and ends.
  const cuts = new Set<number>();
  for (const b of boxes) for (let i = 0; i < b[a]!.length; i += 2) cuts.add(b[a]![i]!).add(b[a]![i + 1]! + 1);
  const xs = [...cuts].sort((x, y) => x - y);
  const memo = new Map<string, number>();
  let total = 0;
  for (let s = 0; s + 1 < xs.length; s++) {
    const x = xs[s]!;
    const active: number[] = [];
    boxes.forEach((b, j) => {
      if (runAt(b[a]!, x) >= 0) active.push(j);
    });
    if (active.length === 0) continue;
    const len = xs[s + 1]! - x;
    if (last) {
      total += len;
      continue;
    }
    const key = active.join(',');
    let m = memo.get(key);
    if (m === undefined) {
      m = measure(
        active.map((j) => boxes[j]!),
        a + 1,
      );
      memo.set(key, m);
    }
    total += len * m;
  }
  return total;
}
