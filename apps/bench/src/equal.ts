// Engines and backends must agree field for field before any speed is reported.

import { isDeepStrictEqual } from 'node:util';
import type { SweepResult } from 'rfkit';

/** The fields that must be identical: everything but `engine`, `backend` and `elapsedMs`. */
function comparable(r: SweepResult): Omit<SweepResult, 'engine' | 'backend' | 'elapsedMs'> {
  const { engine: _g, backend: _b, elapsedMs: _e, ...rest } = r;
  return rest;
}

/** The first path where two values differ, or null. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (isDeepStrictEqual(a, b)) return null;
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = firstDifference(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`,
      );
      if (d !== null) return d;
    }
  }
  const show = (x: unknown) =>
    typeof x === 'bigint' ? `${x}n` : JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
  return `${path || '(root)'}: ${show(a)?.slice(0, 80)} vs ${show(b)?.slice(0, 80)}`;
}

/** Throws unless the results agree on every field but engine, backend and elapsedMs. */
export function assertSameResult(a: SweepResult, b: SweepResult, what: string): void {
  const d = firstDifference(comparable(a), comparable(b));
  if (d !== null) throw new Error(`results differ (${what}) at ${d}`);
}
