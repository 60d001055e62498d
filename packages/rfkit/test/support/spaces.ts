import { normalizeSweep } from '../../src/search/space/normalize.js';
import type { NormalizedSweep, SweepSpec } from '../../src/types.js';

/**
 * The normalised space of a random spec, or undefined when the spec is (legitimately) rejected as
 * unsatisfiable or has more than `maxTotal` combinations (too many for the naive evaluator).
 */
export function smallSpace(spec: SweepSpec, maxTotal: bigint): NormalizedSweep | undefined {
  try {
    const sweep = normalizeSweep(spec);
    return sweep.total <= maxTotal ? sweep : undefined;
  } catch {
    return undefined;
  }
}
