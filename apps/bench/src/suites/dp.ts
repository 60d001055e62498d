// The DP engine: against the sweep on the reference grid (both whole-space searches), wasm against
// js, and its time against depth on spaces far beyond any sweep. Before anything is timed, every
// pair that must agree is compared field for field (and the DP's feasible count with count()).

import { count, normalizeSweep, type SweepResult, type SweepSpec } from 'rfkit';
import { assertSameResult } from '../equal.js';
import { measure, type Timing } from '../measure.js';
import type { SearchFn } from './search.js';

/** One whole-space search of the reference grid by one engine and backend (1 thread). */
export interface EngineRun {
  engine: 'sweep' | 'dp';
  backend: 'wasm' | 'js';
  timing: Timing;
}

/** The DP on one deep space, both backends. */
export interface DpDepthRun {
  depth: number;
  choicesPerLayer: number;
  /** Combinations in the space (decimal). */
  total: string;
  /** Feasible combinations (decimal), equal to count(). */
  feasible: string;
  wasm: Timing;
  js: Timing;
}

/** The targets, checked against the rows (reported, never asserted in tests). */
export const DP_TARGETS = {
  /** The DP at least this many times faster than the sweep on the depth-8 reference grid (wasm). */
  referenceSpeedup: 10,
  /** Depth 24 × 16 choices under this many ms (wasm). */
  depth24Ms: 100,
  /** Depth 64 under this many ms (wasm, either width). */
  depth64Ms: 2000,
};

const CHOICES: Record<16 | 32, SweepSpec['choices']> = {
  16: { kernel: [3, 5, 7, 9], stride: [1, 2], dilation: [1, 2] },
  32: { kernel: [3, 5, 7, 9], stride: [1, 2], dilation: [1, 2, 3, 4] },
};

/** The deep spaces: stride 32, rf 400–1200, params, top 10; 16 or 32 distinct choices a layer. */
export function dpSpace(depth: number, choices: 16 | 32): SweepSpec {
  return {
    depth,
    choices: CHOICES[choices],
    constraints: { stride: 32, rf: { min: 400, max: 1200 } },
    objective: 'params',
    top: 10,
  };
}

export function dpDepths(quick: boolean): number[] {
  return quick ? [8, 24, 64] : [8, 16, 24, 32, 48, 64];
}

/** The reference grid searched whole by the sweep and by the DP, wasm and js, one thread each. */
export async function dpVsSweep(
  search: SearchFn,
  spec: SweepSpec,
  options: { samples: number; warmup: number },
  log: (line: string) => void,
): Promise<EngineRun[]> {
  const runs: { engine: 'sweep' | 'dp'; backend: 'wasm' | 'js' }[] = [
    { engine: 'sweep', backend: 'wasm' },
    { engine: 'sweep', backend: 'js' },
    { engine: 'dp', backend: 'wasm' },
    { engine: 'dp', backend: 'js' },
  ];
  const go = (r: (typeof runs)[number]) => search(spec, { ...r, threads: 1 });
  const results: SweepResult[] = [];
  for (const r of runs) {
    const got = await go(r);
    if (got.engine !== r.engine) throw new Error(`asked for the ${r.engine} engine, ${got.engine} ran`);
    results.push(got);
  }
  for (let i = 1; i < runs.length; i++) {
    assertSameResult(
      results[0]!,
      results[i]!,
      `reference grid, sweep wasm vs ${runs[i]!.engine} ${runs[i]!.backend}`,
    );
  }
  const timings = await measure(
    runs.map((r) => ({ name: `reference ${r.engine} ${r.backend}`, fn: () => go(r) })),
    options,
  );
  return runs.map((r, i) => {
    const t = timings[i]!;
    log(`  ${r.engine} ${r.backend}: median ${t.medianMs.toFixed(2)} ms`);
    return { ...r, timing: t };
  });
}

/** The DP's time against depth, both widths, wasm and js. */
export async function dpDepthSuite(
  search: SearchFn,
  depths: number[],
  options: { samples: number; warmup: number },
  log: (line: string) => void,
): Promise<DpDepthRun[]> {
  const out: DpDepthRun[] = [];
  for (const choices of [16, 32] as const) {
    for (const depth of depths) {
      const spec = dpSpace(depth, choices);
      const go = (backend: 'wasm' | 'js') => search(spec, { engine: 'dp', backend, threads: 1 });
      const wasm = await go('wasm');
      assertSameResult(wasm, await go('js'), `DP depth ${depth} × ${choices}, wasm vs js`);
      const exact = count(spec);
      if (wasm.feasible !== exact) {
        throw new Error(`DP depth ${depth} × ${choices}: ${wasm.feasible} feasible, count() says ${exact}`);
      }
      const [tw, tj] = await measure(
        [
          { name: `dp d${depth}×${choices} wasm`, fn: () => go('wasm') },
          { name: `dp d${depth}×${choices} js`, fn: () => go('js') },
        ],
        options,
      );
      const run: DpDepthRun = {
        depth,
        choicesPerLayer: choices,
        total: normalizeSweep(spec).total.toString(),
        feasible: wasm.feasible.toString(),
        wasm: tw!,
        js: tj!,
      };
      log(
        `  depth ${depth} × ${choices}: wasm ${tw!.medianMs.toFixed(1)} ms, js ${tj!.medianMs.toFixed(1)} ms`,
      );
      out.push(run);
    }
  }
  return out;
}
