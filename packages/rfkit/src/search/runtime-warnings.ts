// Warnings about how a search ran rather than about its space (the js backend standing in for wasm,
// threads that could not start). They join the result's `warnings` after the space's own, and unlike
// those they can come with feasible combinations: the numbers are exact either way.

import type { SearchWarning, SweepResult } from '../types.js';

/** Codes of the warnings that describe the run, not the space. */
export const RUNTIME_WARNING_CODES: ReadonlySet<string> = new Set([
  'wasm-unavailable',
  'threads-unavailable',
]);

export function isRuntimeWarning(w: SearchWarning): boolean {
  return RUNTIME_WARNING_CODES.has(w.code);
}

/** `result` with `extra` after its own warnings (the same object when there are none). */
export function withWarnings(result: SweepResult, extra: SearchWarning[]): SweepResult {
  if (extra.length === 0) return result;
  return { ...result, warnings: [...result.warnings, ...extra] };
}
