// Exact merge of shard or partial results of one space: shard results merge into exactly the
// unsharded result.
//
// Why it is exact: the global top-k is the top-k of the union of the parts' top-k lists; a point on
// the global Pareto front (with the lowest index of its (rf, cost) pair) is undominated and lowest
// inside its own part, so the front of the union of the parts' fronts is the global front; counts
// and histograms add up.

import { RfError } from '../../errors.js';
import type { Candidate, SweepResult } from '../../types.js';
import { topOfSpaceId } from '../space/space-id.js';
import { compareCandidates, paretoFront } from './rank.js';

function mismatch(message: string): never {
  throw new RfError('merge-mismatch', message);
}

function cmp(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The part of the range a result really covers: `[range.start, nextIndex)`. */
function covered(r: SweepResult): string {
  return `[${r.range.start}, ${r.nextIndex})`;
}

/**
 * Merges results of the same space (same spaceId, which includes `top`) whose covered ranges
 * tile one contiguous range, in any order. An incomplete part covers `[range.start, nextIndex)`.
 * The merged result equals a single run over the union: its range runs from the first part's
 * start to the last part's `range.end`, and it is complete iff the last part is (a partial last
 * part can then be resumed). `elapsedMs` is the sum of the parts' times; `backend` is the parts'
 * backend (the first part's if they differ). Throws RfError `merge-mismatch` for different spaces,
 * overlaps or gaps, and `invalid-argument` for an empty list.
 */
export function mergeResults(parts: SweepResult[]): SweepResult {
  if (!Array.isArray(parts) || parts.length === 0) {
    throw new RfError('invalid-argument', 'mergeResults needs at least one result');
  }
  const first = parts[0]!;
  for (const [i, p] of parts.entries()) {
    if (p.spaceId !== first.spaceId) {
      mismatch(
        `result ${i} is of space ${p.spaceId}, result 0 of ${first.spaceId}: only shards of one space (and top) merge`,
      );
    }
    if (p.total !== first.total) {
      mismatch(`result ${i} has total ${p.total}, result 0 has ${first.total}: not the same space`);
    }
    if (p.nextIndex < p.range.start || p.nextIndex > p.range.end) {
      mismatch(
        `result ${i}: nextIndex ${p.nextIndex} lies outside its range [${p.range.start}, ${p.range.end})`,
      );
    }
    if (p.complete && p.nextIndex !== p.range.end) {
      mismatch(`result ${i} is marked complete but stops at ${p.nextIndex} before ${p.range.end}`);
    }
  }

  const sorted = parts
    .map((p, i) => ({ p, i }))
    // Empty partial parts ([s, s)) sort before a part that starts at the same s.
    .sort((a, b) => cmp(a.p.range.start, b.p.range.start) || cmp(a.p.nextIndex, b.p.nextIndex) || a.i - b.i);
  for (let j = 1; j < sorted.length; j++) {
    const prev = sorted[j - 1]!;
    const cur = sorted[j]!;
    const end = prev.p.nextIndex;
    const start = cur.p.range.start;
    if (start < end) {
      mismatch(`results ${prev.i} ${covered(prev.p)} and ${cur.i} ${covered(cur.p)} overlap`);
    }
    if (start > end) {
      const why = prev.p.complete ? '' : ` (result ${prev.i} is incomplete; resume it first)`;
      mismatch(
        `gap [${end}, ${start}) between results ${prev.i} ${covered(prev.p)} and ${cur.i} ${covered(cur.p)}${why}`,
      );
    }
  }

  const last = sorted.at(-1)!.p;
  const start = sorted[0]!.p.range.start;

  let evaluated = 0n;
  let feasible = 0n;
  let elapsedMs = 0;
  const histogram = new Map<number, bigint>();
  const tops: Candidate[] = [];
  const fronts: Candidate[] = [];
  for (const { p } of sorted) {
    evaluated += p.evaluated;
    feasible += p.feasible;
    elapsedMs += p.elapsedMs;
    for (const h of p.histogram) histogram.set(h.rf, (histogram.get(h.rf) ?? 0n) + h.count);
    tops.push(...p.top);
    fronts.push(...p.pareto);
  }

  const k = topCount(parts);
  return {
    evaluated,
    feasible,
    top: tops.sort(compareCandidates).slice(0, k),
    pareto: paretoFront(fronts),
    histogram: [...histogram.entries()].sort((a, b) => a[0] - b[0]).map(([rf, count]) => ({ rf, count })),
    // Backends give identical results, so a mixed merge is still exact; it reports the first's.
    backend: first.backend,
    elapsedMs,
    range: { start, end: last.range.end },
    complete: last.complete,
    nextIndex: last.nextIndex,
    total: first.total,
    spaceId: first.spaceId,
  };
}

/** The `top` of the space: from the id, else from a part whose list was cut, else all of them. */
function topCount(parts: SweepResult[]): number {
  const fromId = topOfSpaceId(parts[0]!.spaceId);
  if (fromId !== null) return fromId;
  let k = Number.POSITIVE_INFINITY;
  for (const p of parts) if (p.feasible > BigInt(p.top.length)) k = Math.min(k, p.top.length);
  return k;
}
