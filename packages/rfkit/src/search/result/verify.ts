// What the fields of a result must say about each other, and about the space it claims to be of.
// Every result the library takes back — a JSON file, the parts of a merge, a resumed checkpoint —
// passes through here, so an edited or corrupted one is refused with the reason instead of merging
// or resuming into a wrong answer. (A file's checksum catches what no invariant can: an edit that
// is consistent, like a top list swapped for another valid one.)

import { isRfError } from '../../errors.js';
import type { Candidate, NormalizedSweep, SweepResult } from '../../types.js';
import { count } from '../count/count.js';
import { isRuntimeWarning } from '../runtime-warnings.js';
import { indexDecoder } from '../space/choices.js';
import { evaluateLayers } from '../space/combination.js';
import { spaceId, topOfSpaceId } from '../space/space-id.js';
import { coversSpace } from './build.js';
import { compareCandidates } from './rank.js';
import { fieldPath, invalidResult } from './read.js';

/**
 * Checks the relations between a result's fields (errors name the field under `prefix`):
 * - the range lies in [0, total], nextIndex in the range, evaluated = nextIndex − range.start,
 *   feasible ≤ evaluated; `complete` is true exactly when the whole space is covered;
 * - `top` holds min(feasible, k) candidates (k from the spaceId), strictly in ranking order;
 * - `pareto` is strictly increasing in rf and cost, starts at top[0], ends at the largest rf of
 *   the histogram, holds every point of the front that ranks within the top list, and every top
 *   candidate is matched or beaten by a front point (none beats one);
 * - the histogram ascends in rf, has no empty bins, sums to feasible, and has room for every
 *   candidate's rf (exactly the top list's rfs when the top list holds every feasible point);
 * - every candidate lies in the covered part of the range, has the same number of layers, and
 *   covers at most its rf;
 * - warnings about the space (why nothing is feasible) come only with nothing feasible; those about
 *   the run (the js backend standing in, threads that could not start) may come with anything.
 */
export function checkInvariants(r: SweepResult, prefix: string): void {
  const at = (name: string) => fieldPath(prefix, name);
  const { start, end } = r.range;
  if (start > end) invalidResult(at('range'), `start ${start} is after end ${end}`);
  if (end > r.total) invalidResult(at('range.end'), `${end} is beyond total ${r.total}`);
  if (r.nextIndex < start || r.nextIndex > end) {
    invalidResult(at('nextIndex'), `${r.nextIndex} is outside the range [${start}, ${end}]`);
  }
  if (r.evaluated !== r.nextIndex - start) {
    invalidResult(
      at('evaluated'),
      `${r.evaluated} does not match the covered range [${start}, ${r.nextIndex}) of ${r.nextIndex - start}`,
    );
  }
  if (r.feasible > r.evaluated)
    invalidResult(at('feasible'), `${r.feasible} exceeds evaluated ${r.evaluated}`);
  const whole = coversSpace(r.range, r.nextIndex, r.total);
  if (r.complete && !whole) {
    invalidResult(
      at('complete'),
      `true, but the result covers only [${start}, ${r.nextIndex}) of the space's [0, ${r.total}) (complete means the whole space)`,
    );
  }
  if (!r.complete && whole) {
    invalidResult(at('complete'), `false, but the result covers the whole space [0, ${r.total})`);
  }
  const k = topOfSpaceId(r.spaceId);
  if (k === null) {
    invalidResult(
      at('spaceId'),
      `expected a space fingerprint like "0123456789abcdef-top10", got "${r.spaceId}"`,
    );
  }

  // Candidates: inside what was covered, one depth.
  const depth = r.top[0]?.layers.length ?? r.pareto[0]?.layers.length;
  for (const [name, list] of [
    ['top', r.top],
    ['pareto', r.pareto],
  ] as const) {
    list.forEach((c, i) => {
      if (c.layers.length !== depth) {
        invalidResult(at(`${name}[${i}].layers`), `has ${c.layers.length} layers, expected ${depth}`);
      }
      if (c.index < start || c.index >= r.nextIndex) {
        invalidResult(
          at(`${name}[${i}].index`),
          `${c.index} is outside the covered range [${start}, ${r.nextIndex})`,
        );
      }
      if (c.covered > c.rf) {
        invalidResult(
          at(`${name}[${i}].covered`),
          `${c.covered} exceeds the rf ${c.rf} (a unit cannot read more pixels than its span)`,
        );
      }
    });
  }
  if (r.feasible > 0n && r.warnings.some((w) => !isRuntimeWarning(w))) {
    invalidResult(at('warnings'), `say that nothing is feasible, but feasible is ${r.feasible}`);
  }

  // Top: the k best feasible, ranked.
  const expectTop = r.feasible < BigInt(k) ? Number(r.feasible) : k;
  if (r.top.length !== expectTop) {
    invalidResult(
      at('top'),
      `has ${r.top.length} entries, but with ${r.feasible} feasible and top ${k} it must have ${expectTop}`,
    );
  }
  r.top.forEach((c, i) => {
    if (i > 0 && compareCandidates(r.top[i - 1]!, c) >= 0) {
      invalidResult(
        at(`top[${i}]`),
        `is not ranked after top[${i - 1}] (lower cost, then larger rf, then lower index)`,
      );
    }
  });

  // Histogram.
  const bins = new Map<number, bigint>();
  let sum = 0n;
  r.histogram.forEach((h, i) => {
    const prev = r.histogram[i - 1];
    if (prev !== undefined && h.rf <= prev.rf) {
      invalidResult(
        at(`histogram[${i}].rf`),
        `${h.rf} is not above the previous rf ${prev.rf} (rf must ascend)`,
      );
    }
    if (h.count === 0n)
      invalidResult(at(`histogram[${i}].count`), 'expected a count >= 1 (empty bins are left out)');
    bins.set(h.rf, h.count);
    sum += h.count;
  });
  if (sum !== r.feasible)
    invalidResult(at('histogram'), `counts add up to ${sum}, but feasible is ${r.feasible}`);
  const inTop = new Map<number, bigint>();
  r.top.forEach((c, i) => {
    const n = (inTop.get(c.rf) ?? 0n) + 1n;
    inTop.set(c.rf, n);
    if (n > (bins.get(c.rf) ?? 0n)) {
      invalidResult(
        at(`top[${i}].rf`),
        `${c.rf} has ${bins.get(c.rf) ?? 0n} feasible points in the histogram, fewer than the top list holds`,
      );
    }
  });
  const topHoldsAll = BigInt(r.top.length) === r.feasible;
  if (topHoldsAll) {
    for (const [rf, n] of bins) {
      if (inTop.get(rf) !== n) {
        invalidResult(
          at('histogram'),
          `rf ${rf} has ${n} feasible points, but the top list (which holds all ${r.feasible}) has ${inTop.get(rf) ?? 0}`,
        );
      }
    }
  }

  // Pareto front.
  r.pareto.forEach((c, i) => {
    const prev = r.pareto[i - 1];
    if (prev !== undefined && (c.rf <= prev.rf || c.cost <= prev.cost)) {
      invalidResult(
        at(`pareto[${i}]`),
        `(rf ${c.rf}, cost ${c.cost}) must have larger rf and cost than pareto[${i - 1}]`,
      );
    }
    if (!bins.has(c.rf))
      invalidResult(at(`pareto[${i}].rf`), `${c.rf} has no feasible point in the histogram`);
  });
  if ((r.feasible === 0n) !== (r.pareto.length === 0)) {
    invalidResult(
      at('pareto'),
      r.feasible === 0n ? 'must be empty without feasible points' : 'is empty, but there are feasible points',
    );
  }
  if (r.feasible === 0n) return;
  const first = r.pareto[0]!;
  const best = r.top[0]!;
  if (first.index !== best.index || first.rf !== best.rf || first.cost !== best.cost) {
    invalidResult(
      at('pareto[0]'),
      `must be the cheapest feasible point, top[0] (index ${best.index}), got index ${first.index}`,
    );
  }
  const last = r.pareto.at(-1)!;
  const maxRf = r.histogram.at(-1)!.rf;
  if (last.rf !== maxRf) {
    invalidResult(
      at(`pareto[${r.pareto.length - 1}].rf`),
      `${last.rf}, but the largest feasible rf in the histogram is ${maxRf} (the front must reach it)`,
    );
  }
  const topByIndex = new Map(r.top.map((c) => [c.index, c]));
  const lastTop = r.top.at(-1)!;
  r.pareto.forEach((p, i) => {
    const t = topByIndex.get(p.index);
    if (t === undefined) {
      if (topHoldsAll || compareCandidates(p, lastTop) < 0) {
        invalidResult(at(`pareto[${i}]`), `(index ${p.index}) ranks within the top list but is not in it`);
      }
    } else if (!sameCandidate(t, p)) {
      invalidResult(at(`pareto[${i}]`), `(index ${p.index}) differs from the same index in the top list`);
    }
  });
  r.top.forEach((t, i) => {
    checkAgainstFront(t, r.pareto, at(`top[${i}]`));
  });
}

function sameCandidate(a: Candidate, b: Candidate): boolean {
  return (
    a.rf === b.rf &&
    a.stride === b.stride &&
    a.covered === b.covered &&
    a.cost === b.cost &&
    a.layers.length === b.layers.length &&
    a.layers.every(
      (l, i) =>
        l.kernel === b.layers[i]!.kernel &&
        l.stride === b.layers[i]!.stride &&
        l.dilation === b.layers[i]!.dilation,
    )
  );
}

/** A feasible point is matched or beaten by the front, and beats no point of it. */
function checkAgainstFront(t: Candidate, front: readonly Candidate[], path: string): void {
  // The front ascends in rf and cost: the cheapest point with rf >= t.rf is the first of them,
  // the dearest with rf <= t.rf the one just before (or at) it.
  let lo = 0;
  let hi = front.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (front[mid]!.rf < t.rf) lo = mid + 1;
    else hi = mid;
  }
  const above = front[lo];
  if (above === undefined || above.cost > t.cost) {
    invalidResult(
      path,
      `(rf ${t.rf}, cost ${t.cost}) is not matched or beaten by any point of the Pareto front`,
    );
  }
  const same = above.rf === t.rf;
  if (same && above.cost === t.cost && above.index > t.index) {
    invalidResult(
      path,
      `has the front's (rf ${t.rf}, cost ${t.cost}) at a lower index than the front's point ${above.index}`,
    );
  }
  const below = same ? above : front[lo - 1];
  if (below !== undefined && below.cost >= t.cost && !(below.rf === t.rf && below.cost === t.cost)) {
    invalidResult(
      path,
      `(rf ${t.rf}, cost ${t.cost}) beats the Pareto front's (rf ${below.rf}, cost ${below.cost})`,
    );
  }
}

/**
 * Checks a result against the space it claims to be of: the fingerprint and size, every
 * candidate (its index decodes to its layers, whose rf, total stride, covered pixels and cost
 * follow, and it is feasible), the histogram's rf within the constraints, and — for a result of
 * the whole space — `feasible` against count(). Errors name the field under `prefix`. (Warnings
 * are only checked to come with nothing feasible: the checksum protects their text.)
 */
export function verifyAgainstSpace(r: SweepResult, sweep: NormalizedSweep, prefix: string): void {
  const at = (name: string) => fieldPath(prefix, name);
  const id = spaceId(sweep);
  if (r.spaceId !== id) invalidResult(at('spaceId'), `${r.spaceId} is not this space's fingerprint ${id}`);
  if (r.total !== sweep.total)
    invalidResult(at('total'), `${r.total}, but the space has ${sweep.total} combinations`);
  const decode = indexDecoder(sweep);
  for (const [name, list] of [
    ['top', r.top],
    ['pareto', r.pareto],
  ] as const) {
    list.forEach((c, i) => {
      const path = at(`${name}[${i}]`);
      const layers = decode(c.index);
      if (c.layers.length !== layers.length) {
        invalidResult(fieldPath(path, 'layers'), `has ${c.layers.length} layers, the space ${layers.length}`);
      }
      layers.forEach((l, j) => {
        const got = c.layers[j]!;
        for (const key of ['kernel', 'stride', 'dilation'] as const) {
          if (got[key] !== l[key]) {
            invalidResult(
              fieldPath(path, `layers[${j}].${key}`),
              `${got[key]}, but index ${c.index} stands for ${key} ${l[key]} at layer ${j}`,
            );
          }
        }
      });
      const e = evaluateLayers(sweep, layers);
      for (const key of ['rf', 'stride', 'covered', 'cost'] as const) {
        if (c[key] !== e[key]) {
          invalidResult(fieldPath(path, key), `${c[key]}, but the layers of index ${c.index} give ${e[key]}`);
        }
      }
      if (!e.feasible) invalidResult(path, `index ${c.index} does not meet the space's constraints`);
    });
  }
  r.histogram.forEach((h, i) => {
    if ((sweep.rfMin !== null && h.rf < sweep.rfMin) || (sweep.rfMax !== null && h.rf > sweep.rfMax)) {
      invalidResult(at(`histogram[${i}].rf`), `${h.rf} lies outside the space's rf constraint`);
    }
  });
  if (r.complete) {
    const n = exactCount(sweep);
    if (n !== null && n !== r.feasible) {
      invalidResult(at('feasible'), `${r.feasible}, but the space has ${n} feasible combinations`);
    }
  }
}

/** count(), or null where the space is beyond count()'s limits (the other checks still apply). */
function exactCount(sweep: NormalizedSweep): bigint | null {
  try {
    return count(sweep);
  } catch (e) {
    if (isRfError(e, 'space-too-large')) return null;
    throw e;
  }
}
