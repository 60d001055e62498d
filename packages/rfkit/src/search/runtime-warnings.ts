// Warnings about how a search ran rather than about its space (threads that could not start), added
// to the result's `warnings`.
//
// INTERIM HOOK: `SweepResult.warnings` arrives with the holes/unreachable work on another branch;
// until it lands this adds the field untyped, and afterwards the field's own type takes over (then
// SearchWarning below becomes the public one and this file only appends).

import type { SweepResult } from '../types.js';

export interface SearchWarning {
  code: string;
  message: string;
}

/** `result` with `extra` after its own warnings (the same object when there are none). */
export function withWarnings(result: SweepResult, extra: SearchWarning[]): SweepResult {
  if (extra.length === 0) return result;
  const own = (result as { warnings?: SearchWarning[] }).warnings ?? [];
  return { ...result, warnings: [...own, ...extra] } as SweepResult;
}
