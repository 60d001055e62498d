// The reference evaluator: every index decoded and evaluated on its own, straight from the
// definitions (space.ts). Slow on purpose — the fast backends, count() and mergeResults() are all
// checked against it, and the benchmark measures how much faster they are.
//
// It does not explain an empty result: its `warnings` are always empty (compare with comparable(),
// which leaves warnings out, and check rfkit's warnings against `feasible === 0n` instead). It
// enumerates, so it reports the sweep engine.

import { coveredBy, decode, evaluate, expand } from './space.js';
import { spaceIdOf } from './space-id.js';
import type { Candidate, NormalizedSweep, SweepResult, SweepSpec } from './types.js';

/** Lower cost, then larger rf, then lower index first. */
function ranksBefore(a: Candidate, b: Candidate): boolean {
  if (a.cost !== b.cost) return a.cost < b.cost;
  if (a.rf !== b.rf) return a.rf > b.rf;
  return a.index < b.index;
}

/** The exact result of a search over the indices [range.start, range.end) (default: all of them). */
export function naiveSearch(
  spec: SweepSpec | NormalizedSweep,
  range?: { start: bigint; end: bigint },
): SweepResult {
  const t0 = performance.now();
  const space = expand(spec);
  const start = range?.start ?? 0n;
  const end = range?.end ?? space.total;
  if (start < 0n || end > space.total || start > end) {
    throw new RangeError(`range [${start}, ${end}) is not inside [0, ${space.total})`);
  }

  let feasible = 0n;
  const top: Candidate[] = [];
  const histogram = new Map<number, bigint>();
  // First (= lowest index) candidate of each (rf, cost) pair.
  const pairs = new Map<string, Candidate>();

  for (let index = start; index < end; index++) {
    const layers = decode(space, index);
    const e = evaluate(space, layers);
    if (!e.feasible) continue;
    feasible++;
    // covered is filled in for the candidates kept (below): building it for every one would be slow.
    const c: Candidate = { index, layers, rf: e.rf, stride: e.stride, covered: 0, cost: e.cost };
    histogram.set(c.rf, (histogram.get(c.rf) ?? 0n) + 1n);
    const key = `${c.rf}:${c.cost}`;
    if (!pairs.has(key)) pairs.set(key, c);
    // Insertion into a list kept sorted and cut at `top`.
    let at = top.length;
    while (at > 0 && ranksBefore(c, top[at - 1]!)) at--;
    if (at < space.top) {
      top.splice(at, 0, c);
      if (top.length > space.top) top.pop();
    }
  }

  // A pair is dominated when another pair has rf >= and cost <=, differing in at least one. A
  // pair that is not the cheapest at its rf is dominated by that cheapest one, so only those are
  // compared (this keeps the quadratic check small).
  const cheapest = new Map<number, number>();
  for (const p of pairs.values()) cheapest.set(p.rf, Math.min(cheapest.get(p.rf) ?? p.cost, p.cost));
  const all = [...pairs.values()].filter((p) => p.cost === cheapest.get(p.rf));
  const pareto = all
    .filter(
      (p) =>
        !all.some((q) => q !== p && q.rf >= p.rf && q.cost <= p.cost && (q.rf > p.rf || q.cost < p.cost)),
    )
    .sort((a, b) => a.rf - b.rf);
  for (const c of [...top, ...pareto]) c.covered = coveredBy(c.layers);

  return {
    evaluated: end - start,
    feasible,
    top,
    pareto,
    histogram: [...histogram.entries()].sort((a, b) => a[0] - b[0]).map(([rf, count]) => ({ rf, count })),
    warnings: [],
    engine: 'sweep',
    backend: 'js',
    elapsedMs: performance.now() - t0,
    range: { start, end },
    // Complete means the whole space, not just the range asked for.
    complete: start === 0n && end === space.total,
    nextIndex: end,
    total: space.total,
    spaceId: spaceIdOf(space),
  };
}
