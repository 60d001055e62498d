// Exact merge of shard or partial results of one space: shard results merge into exactly the
// unsharded result.
//
// Why it is exact: the global top-k is the top-k of the union of the parts' top-k lists; a point on
// the global Pareto front (with the lowest index of its (rf, cost) pair) is undominated and lowest
// inside its own part, so the front of the union of the parts' fronts is the global front; counts
// and histograms add up.

import { invalidArgument, RfError } from '../../errors.js';
import { show } from '../../messages.js';
import type { Candidate, NormalizedSweep, SearchWarning, SweepResult, SweepSpec } from '../../types.js';
import { asNormalized } from '../space/normalize.js';
import { topOfSpaceId } from '../space/space-id.js';
import { coversSpace } from './build.js';
import { compareCandidates, paretoFront } from './rank.js';
import { readResult } from './read.js';
import { checkInvariants, verifyAgainstSpace } from './verify.js';

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

/** Options of mergeResults. */
export interface MergeOptions {
  /**
   * The space the parts are of. Given, every part's candidates are checked against it as well
   * (see resultFromJSON). Default: none (each part's fields and their relations only).
   */
  spec?: SweepSpec | NormalizedSweep;
}

/**
 * Merges results of the same space (same spaceId, which includes `top`) whose covered ranges
 * tile one contiguous range, in any order. An unfinished part covers `[range.start, nextIndex)`.
 * The merged result equals a single run over the union: its range runs from the first part's
 * start to the last part's `range.end`, it can be resumed where the last part stopped, and it is
 * `complete` only when it covers the whole space — parts that leave out its start or end merge
 * into an honest partial result. `elapsedMs` is the sum of the parts' times; `backend` and
 * `engine` are the parts' (the first part's if they differ); `warnings` are every part's, each
 * once (parts of one space carry the same).
 *
 * Every part is checked first (RfError `invalid-result` naming `parts[i].field`: types, the
 * relations between its fields, and with `options.spec` its candidates against the space).
 * Throws RfError `merge-mismatch` for parts of different spaces, overlaps or gaps, and
 * `invalid-argument` for anything but a non-empty array.
 */
export function mergeResults(parts: SweepResult[], options: MergeOptions = {}): SweepResult {
  if (!Array.isArray(parts))
    invalidArgument('parts', `expected an array of SweepResults, got ${show(parts)}`);
  if (parts.length === 0) invalidArgument('parts', 'mergeResults needs at least one result');
  if (typeof options !== 'object' || options === null) {
    invalidArgument('options', `expected an object, got ${show(options)}`);
  }
  const { spec, ...rest } = options;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) invalidArgument(`options.${unknown}`, 'unknown option (expected spec)');
  const sweep = spec === undefined ? undefined : asNormalized(spec);
  const checked = parts.map((x, i) => {
    const path = `parts[${i}]`;
    const r = readResult(x, path, 'bigint');
    checkInvariants(r, path);
    if (sweep !== undefined) verifyAgainstSpace(r, sweep, path);
    return r;
  });
  return mergeChecked(checked);
}

/** mergeResults of parts already checked. */
function mergeChecked(parts: SweepResult[]): SweepResult {
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
      const unfinished = prev.p.nextIndex < prev.p.range.end;
      const why = unfinished ? ` (result ${prev.i} is unfinished; resume it first)` : '';
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
  const warnings = new Map<string, SearchWarning>();
  const tops: Candidate[] = [];
  const fronts: Candidate[] = [];
  for (const { p } of sorted) {
    evaluated += p.evaluated;
    feasible += p.feasible;
    elapsedMs += p.elapsedMs;
    for (const h of p.histogram) histogram.set(h.rf, (histogram.get(h.rf) ?? 0n) + h.count);
    for (const w of p.warnings) warnings.set(`${w.code}\n${w.message}`, { code: w.code, message: w.message });
    tops.push(...p.top);
    fronts.push(...p.pareto);
  }

  const k = topOfSpaceId(first.spaceId)!;
  return {
    evaluated,
    feasible,
    top: tops.sort(compareCandidates).slice(0, k),
    pareto: paretoFront(fronts),
    histogram: [...histogram.entries()].sort((a, b) => a[0] - b[0]).map(([rf, count]) => ({ rf, count })),
    warnings: [...warnings.values()],
    // Engines and backends give identical results, so a mixed merge is still exact; it reports the first's.
    engine: first.engine,
    backend: first.backend,
    elapsedMs,
    range: { start, end: last.range.end },
    complete: coversSpace({ start, end: last.range.end }, last.nextIndex, first.total),
    nextIndex: last.nextIndex,
    total: first.total,
    spaceId: first.spaceId,
  };
}
