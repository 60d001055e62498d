// The result of a run: the kernel's top heap and the host's extra entries ranked into the top
// list, the rf buckets into the histogram and the Pareto front.

import { CFG_HEAP_SIZE, HEAP_COST, HEAP_FIELDS, HEAP_INDEX, HEAP_RF } from '@rfkit/kernel/layout';
import type { NormalizedSweep, SweepResult } from '../../../types.js';
import type { Kernel } from '../../backend/kernel.js';
import { candidateMaker, coversSpace } from '../../result/build.js';
import { compareRanked, frontOf, type Ranked } from '../../result/rank.js';
import { spaceId } from '../../space/space-id.js';
import type { Regions } from './memory.js';
import type { Tally } from './tally.js';

export function assemble(
  sweep: NormalizedSweep,
  kernel: Kernel,
  regions: Regions,
  tally: Tally,
  run: { start: number; end: number; next: number; t0: number },
): SweepResult {
  const f64 = new Float64Array(kernel.buffer());
  const heapSize = f64[(regions.cfg >> 3) + CFG_HEAP_SIZE]!;
  const entries: Ranked[] = [];
  for (let i = 0; i < heapSize; i++) {
    const e = (regions.heap >> 3) + i * HEAP_FIELDS;
    entries.push({ cost: f64[e + HEAP_COST]!, rf: f64[e + HEAP_RF]!, index: f64[e + HEAP_INDEX]! });
  }
  for (let i = 0; i < tally.extra.length; i += 3) {
    entries.push({ cost: tally.extra[i]!, rf: tally.extra[i + 1]!, index: tally.extra[i + 2]! });
  }
  const candidate = candidateMaker(sweep);
  const top = entries
    .sort(compareRanked)
    .slice(0, sweep.top)
    .map((e) => candidate(e.cost, e.rf, e.index as number));

  const buckets = tally.sorted();
  let feasible = 0n;
  const histogram = buckets.map(({ rf, count: n }) => {
    const count = BigInt(n);
    feasible += count;
    return { rf, count };
  });
  const pareto = frontOf(buckets).map((b) => candidate(b.cost, b.rf, b.index));

  return {
    evaluated: BigInt(run.next - run.start),
    feasible,
    top,
    pareto,
    histogram,
    warnings: [],
    engine: 'sweep',
    backend: kernel.backend,
    elapsedMs: performance.now() - run.t0,
    range: { start: BigInt(run.start), end: BigInt(run.end) },
    complete: coversSpace({ start: BigInt(run.start), end: BigInt(run.end) }, BigInt(run.next), sweep.total),
    nextIndex: BigInt(run.next),
    total: sweep.total,
    spaceId: spaceId(sweep),
  };
}
