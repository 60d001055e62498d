// How large one sweep may be. Beyond these a run would take hours or leave exact arithmetic;
// count() answers "how many are feasible" for a space of any size.

import { RfError } from '../../../errors.js';
import type { NormalizedSweep } from '../../../types.js';
import { MAX_RUN_COMBINATIONS, MAX_RUN_LEAVES } from '../../space/limits.js';

// The numbers live with the other limits of the search, in space/limits.ts.
export { MAX_RUN_COMBINATIONS, MAX_RUN_LEAVES, MAX_TOP } from '../../space/limits.js';

/**
 * Throws `space-too-large` when a sweep over [start, end) could not finish in reasonable time, or
 * (given the suffix entries per prefix of its plan) would walk too many prefixes.
 */
export function checkRunSize(
  sweep: NormalizedSweep,
  start: bigint,
  end: bigint,
  entriesPerLeaf?: number,
): void {
  const size = end - start;
  const hint = 'use count() for the number of feasible combinations, or narrow the choices or depth';
  if (sweep.total > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RfError(
      'space-too-large',
      `the space has ${sweep.total} combinations, more than 2^53 where indices stay exact; ${hint} (shards do not help)`,
      undefined,
      { limit: 'exact-indices', combinations: sweep.total, max: BigInt(Number.MAX_SAFE_INTEGER) },
    );
  }
  if (size > BigInt(MAX_RUN_COMBINATIONS)) {
    throw new RfError(
      'space-too-large',
      `this search covers ${size} combinations, more than the ${MAX_RUN_COMBINATIONS} one run sweeps; ${hint}, or shard the space over several runs`,
      undefined,
      { limit: 'combinations-per-run', combinations: size, max: BigInt(MAX_RUN_COMBINATIONS) },
    );
  }
  const prefixes = entriesPerLeaf === undefined ? 0 : Math.ceil(Number(size) / entriesPerLeaf);
  if (prefixes > MAX_RUN_LEAVES) {
    throw new RfError(
      'space-too-large',
      `this search covers ${size} combinations in ${prefixes} prefixes, more than the ${MAX_RUN_LEAVES} one run walks; ${hint}, or shard the space over several runs`,
      undefined,
      { limit: 'prefixes-per-run', combinations: size, prefixes, max: MAX_RUN_LEAVES },
    );
  }
}
