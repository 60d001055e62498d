// Time of count() on spaces far beyond enumeration.

import { count, normalizeSweep, type SweepSpec } from 'rfkit';
import { measure, type Timing } from '../measure.js';

export interface CountRun {
  name: string;
  depth: number;
  /** Combinations in the space (decimal). */
  total: string;
  /** Feasible combinations, exact (decimal). */
  feasible: string;
  timing: Timing;
}

export async function countSuite(
  spaces: { name: string; depth: number; spec: SweepSpec }[],
  options: { samples: number; warmup: number },
  log: (line: string) => void,
): Promise<CountRun[]> {
  const values = spaces.map((s) => count(s.spec));
  const timings = await measure(
    spaces.map((s) => ({ name: s.name, fn: () => count(s.spec) })),
    options,
  );
  return spaces.map((s, i) => {
    const t = timings[i]!;
    const run: CountRun = {
      name: s.name,
      depth: s.depth,
      total: normalizeSweep(s.spec).total.toString(),
      feasible: values[i]!.toString(),
      timing: t,
    };
    log(`  ${s.name}: ${run.feasible} feasible of ${run.total}, median ${t.medianMs.toFixed(2)} ms`);
    return run;
  });
}
