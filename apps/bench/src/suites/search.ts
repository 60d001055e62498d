// Throughput of search(): wasm and js backends (1…N threads) and the naive evaluator.
//
// Each runner sweeps one shard of a grid (rfkit's shardRange), sized by calibration so a
// sample does about the target time of work; the middle shard of 2^k is used so every runner sees a
// typical region of the space. Before anything is timed, the runners' results are compared field
// for field on common shards.

import { naiveSearch } from '@rfkit/reference';
import { normalizeSweep, type SweepResult, type SweepSpec, shardRange } from 'rfkit';
import { assertSameResult } from '../equal.js';
import { measure, type Timing } from '../measure.js';

export type BackendName = 'wasm' | 'js' | 'naive';
export type SearchFn = (
  spec: SweepSpec,
  options: { backend: 'wasm' | 'js'; threads: number; shard?: Shard },
) => Promise<SweepResult>;

export interface Shard {
  index: number;
  count: number;
}

export interface SearchRun {
  grid: string;
  depth: number;
  choicesPerLayer: number;
  backend: BackendName;
  threads: number;
  shard: Shard;
  range: { start: string; end: string };
  combinations: string;
  /** Combinations covered per second at the median sample (pruned ones included, as `evaluated`). */
  combosPerSec: number;
  /** Relative spread: MAD / median, in percent. */
  spreadPct: number;
  timing: Timing;
}

export interface RunnerSpec {
  backend: BackendName;
  threads: number;
}

/** One backend sweeping one shard of a grid under one holes rule (the holes-cost table). */
export interface HolesRun {
  holes: 'none' | 'allow';
  backend: 'wasm' | 'js';
  shard: Shard;
  combinations: string;
  feasible: string;
  combosPerSec: number;
  spreadPct: number;
  timing: Timing;
}

function middleShard(k: number): Shard {
  const count = 2 ** k;
  return { index: Math.floor(count / 2), count };
}

export class SearchBench {
  constructor(
    private readonly search: SearchFn,
    private readonly log: (line: string) => void,
  ) {}

  run(spec: SweepSpec, r: RunnerSpec, shard: Shard): Promise<SweepResult> {
    if (r.backend === 'naive') {
      const total = normalizeSweep(spec).total;
      return Promise.resolve(naiveSearch(spec, shardRange(total, shard.index, shard.count)));
    }
    return this.search(spec, {
      backend: r.backend,
      threads: r.threads,
      ...(shard.count > 1 ? { shard } : {}),
    });
  }

  /**
   * A middle shard 1/2^k (k ≥ minK) whose sweep does about `targetMs` of work beyond the call's
   * fixed cost (planning, worker start-up), found by timing ever larger shards from about 1024
   * combinations. The fast backends are far from linear in the shard size (they prune and group
   * whole subtrees), so each step predicts linearly, which can only undershoot, and measures again.
   */
  async calibrate(spec: SweepSpec, r: RunnerSpec, targetMs: number, minK = 0): Promise<Shard> {
    const total = normalizeSweep(spec).total;
    const kMax = Math.max(minK, Math.floor(Math.log2(Number(total) / 1024)));
    if (kMax > 1000) throw new Error('grid too large to calibrate');
    const time = async (k: number) => {
      const t0 = performance.now();
      await this.run(spec, r, middleShard(k));
      return performance.now() - t0;
    };
    // The fixed cost: the smaller of two calls on the smallest shard (the first one warms up).
    const fixed = Math.min(await time(kMax), await time(kMax));
    let k = kMax;
    let ms = fixed;
    for (;;) {
      const work = ms - fixed;
      if (k <= minK) return middleShard(minK);
      if (work >= targetMs) return middleShard(k);
      const steps = Math.min(4, Math.max(1, Math.floor(Math.log2(targetMs / Math.max(work, 0.5)))));
      k = Math.max(minK, k - steps);
      ms = await time(k);
    }
  }

  /**
   * Calibrates every runner, checks that all agree, then times them in one tinybench run.
   * `shareShardWith` maps a runner to the one whose shard it reuses (e.g. more threads).
   */
  async grid(options: {
    name: string;
    spec: SweepSpec;
    depth: number;
    choicesPerLayer: number;
    runners: RunnerSpec[];
    targetMs: Record<BackendName, number>;
    samples: number;
    warmup: number;
    /** Smallest k of a runner's shard (0 = the whole grid may be swept). */
    minK?: number;
  }): Promise<SearchRun[]> {
    const { name, spec, runners } = options;
    const total = normalizeSweep(spec).total;
    const key = (r: RunnerSpec) => `${r.backend}×${r.threads}`;
    // Threads share the single-thread runner's shard so their speeds compare on the same work.
    const shards = new Map<string, Shard>();
    for (const backend of ['wasm', 'js', 'naive'] as const) {
      const own = runners.filter((r) => r.backend === backend);
      if (own.length === 0) continue;
      const base = own.find((r) => r.threads === 1) ?? own[0]!;
      const shard = await this.calibrate(spec, base, options.targetMs[backend], options.minK ?? 0);
      for (const r of own) shards.set(key(r), shard);
    }

    // Agreement, before any speed is reported: every runner against the first on the smallest
    // shard, and every runner against the others that share its shard.
    const smallest = [...shards.values()].reduce((a, b) => (a.count >= b.count ? a : b));
    const reference = await this.run(spec, runners[0]!, smallest);
    for (const r of runners.slice(1)) {
      assertSameResult(
        reference,
        await this.run(spec, r, smallest),
        `${name}: ${key(runners[0]!)} vs ${key(r)} on shard ${smallest.index}/${smallest.count}`,
      );
    }
    const groups = new Map<string, RunnerSpec[]>();
    for (const r of runners) {
      const s = shards.get(key(r))!;
      const g = `${s.index}/${s.count}`;
      groups.set(g, [...(groups.get(g) ?? []), r]);
    }
    for (const [g, rs] of groups) {
      if (rs.length < 2 || g === `${smallest.index}/${smallest.count}`) continue;
      const s = shards.get(key(rs[0]!))!;
      const first = await this.run(spec, rs[0]!, s);
      for (const r of rs.slice(1))
        assertSameResult(
          first,
          await this.run(spec, r, s),
          `${name}: ${key(rs[0]!)} vs ${key(r)} on shard ${g}`,
        );
    }

    const timings = await measure(
      runners.map((r) => ({ name: `${name} ${key(r)}`, fn: () => this.run(spec, r, shards.get(key(r))!) })),
      { samples: options.samples, warmup: options.warmup },
    );
    return runners.map((r, i) => {
      const shard = shards.get(key(r))!;
      const range = shardRange(total, shard.index, shard.count);
      const combos = range.end - range.start;
      const t = timings[i]!;
      const run: SearchRun = {
        grid: name,
        depth: options.depth,
        choicesPerLayer: options.choicesPerLayer,
        backend: r.backend,
        threads: r.threads,
        shard,
        range: { start: range.start.toString(), end: range.end.toString() },
        combinations: combos.toString(),
        combosPerSec: Number(combos) / (t.medianMs / 1000),
        spreadPct: (100 * t.madMs) / t.medianMs,
        timing: t,
      };
      this.log(
        `  ${name.padEnd(10)} ${key(r).padEnd(8)} ${formatRate(run.combosPerSec).padStart(10)} combos/s ±${run.spreadPct.toFixed(1)}% (${combos} combos, median ${t.medianMs.toFixed(1)} ms)`,
      );
      return run;
    });
  }
}

/**
 * What the holes rule costs: the whole grid swept with holes "none" and "allow", by wasm and js on
 * one thread, all four in one tinybench run; wasm and js must agree under both rules. The whole
 * grid, not a shard: a shard's first layers may be gridded, and then the rule prunes all of it.
 */
export async function holesCost(
  bench: SearchBench,
  options: {
    none: SweepSpec;
    allow: SweepSpec;
    samples: number;
    warmup: number;
  },
  log: (line: string) => void,
): Promise<HolesRun[]> {
  const wasm: RunnerSpec = { backend: 'wasm', threads: 1 };
  const js: RunnerSpec = { backend: 'js', threads: 1 };
  const shard: Shard = { index: 0, count: 1 };
  const cases = [
    { holes: 'none' as const, spec: options.none },
    { holes: 'allow' as const, spec: options.allow },
  ];
  const feasible = new Map<string, bigint>();
  for (const c of cases) {
    const a = await bench.run(c.spec, wasm, shard);
    assertSameResult(
      a,
      await bench.run(c.spec, js, shard),
      `holes ${c.holes}: wasm vs js on shard ${shard.index}/${shard.count}`,
    );
    feasible.set(c.holes, a.feasible);
  }
  const tasks = cases.flatMap((c) => [wasm, js].map((r) => ({ ...c, runner: r })));
  const timings = await measure(
    tasks.map((t) => ({
      name: `holes ${t.holes} ${t.runner.backend}`,
      fn: () => bench.run(t.spec, t.runner, shard),
    })),
    { samples: options.samples, warmup: options.warmup },
  );
  const range = shardRange(normalizeSweep(options.allow).total, shard.index, shard.count);
  const combos = range.end - range.start;
  return tasks.map((t, i) => {
    const timing = timings[i]!;
    const run: HolesRun = {
      holes: t.holes,
      backend: t.runner.backend as 'wasm' | 'js',
      shard,
      combinations: combos.toString(),
      feasible: feasible.get(t.holes)!.toString(),
      combosPerSec: Number(combos) / (timing.medianMs / 1000),
      spreadPct: (100 * timing.madMs) / timing.medianMs,
      timing,
    };
    log(
      `  holes ${t.holes.padEnd(5)} ${t.runner.backend.padEnd(4)} ${formatRate(run.combosPerSec).padStart(10)} combos/s ±${run.spreadPct.toFixed(1)}% (${combos} combos, median ${timing.medianMs.toFixed(1)} ms)`,
    );
    return run;
  });
}

export function formatRate(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [v, u] of units) if (x >= v) return `${(x / v).toPrecision(3)} ${u}`;
  return x.toPrecision(3);
}
