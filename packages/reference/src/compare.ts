import type { SweepResult } from './types.js';

/**
 * A result without the fields that may differ between equal runs (which engine and backend ran,
 * how long it took) and without its warnings, which the naive evaluator does not give.
 */
export function comparable<R extends SweepResult>(
  r: R,
): Omit<R, 'backend' | 'elapsedMs' | 'engine' | 'warnings'> {
  const { backend: _b, elapsedMs: _e, engine: _g, warnings: _w, ...rest } = r;
  return rest;
}
