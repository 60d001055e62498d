// Worker tasks of limits.test.ts: each case calls the built library with a space at or beyond a
// limit and reports how it ended (the limits must refuse at once, never loop or allocate).
import type * as Rfkit from '../../src/index.js';
import { DIST } from './bounded.js';

export interface CaseOutcome {
  name: string;
  ok: boolean;
  code?: string;
  path?: string;
  message?: string;
  details?: Record<string, unknown>;
  /** What the call returned (a count as a decimal string, a total, feasible). */
  value?: string;
  /** Time of the call (reported, never asserted). */
  ms: number;
}

export interface LimitCase {
  name: string;
  call: 'normalizeSweep' | 'count' | 'searchSync' | 'search';
  spec: unknown;
}

export async function runLimitCases(
  cases: LimitCase[],
  report: (e: { case: string }) => void,
): Promise<CaseOutcome[]> {
  const rf = (await import(DIST)) as typeof Rfkit;
  await rf.init();
  const out: CaseOutcome[] = [];
  for (const c of cases) {
    report({ case: c.name });
    const t0 = performance.now();
    const ms = () => Math.round(performance.now() - t0);
    try {
      const spec = c.spec as Rfkit.SweepSpec;
      let value: string;
      if (c.call === 'normalizeSweep') value = String(rf.normalizeSweep(spec).total);
      else if (c.call === 'count') value = String(rf.count(spec));
      else if (c.call === 'searchSync') value = String(rf.searchSync(spec, { backend: 'js' }).feasible);
      else value = String((await rf.search(spec)).feasible);
      out.push({ name: c.name, ok: true, value, ms: ms() });
    } catch (e) {
      const err = e as Rfkit.RfError;
      out.push({
        name: c.name,
        ok: false,
        code: rf.isRfError(e) ? err.code : `not an RfError: ${(e as Error)?.name}`,
        path: err.path,
        message: String(err.message),
        ms: ms(),
        details: rf.isRfError(e)
          ? JSON.parse(JSON.stringify(err.details, (_, v) => (typeof v === 'bigint' ? String(v) : v)))
          : undefined,
      });
    }
  }
  return out;
}
