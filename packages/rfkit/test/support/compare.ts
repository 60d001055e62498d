import type { SweepResult } from '../../src/types.js';

/** A result without the fields that may differ between equal runs (which backend ran, how long it took). */
export function comparable(r: SweepResult): Omit<SweepResult, 'backend' | 'elapsedMs'> {
  const { backend: _b, elapsedMs: _e, ...rest } = r;
  return rest;
}
