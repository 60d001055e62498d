import type { SweepResult } from './types.js';

/** A result without the fields that may differ between equal runs (which backend ran, how long it took). */
export function comparable<R extends SweepResult>(r: R): Omit<R, 'backend' | 'elapsedMs'> {
  const { backend: _b, elapsedMs: _e, ...rest } = r;
  return rest;
}
