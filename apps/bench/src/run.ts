// The benchmark: measures, checks agreement, writes BENCHMARKS.md, latest.json and the charts.

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { count, init, normalizeSweep, search } from 'rfkit';
import { type BenchArgs, parseBenchArgs } from './args.js';
import { depthChart, threadsChart } from './charts.js';
import { assertSameResult } from './equal.js';
import {
  choicesPerLayer,
  countSpaces,
  family,
  REFERENCE,
  REFERENCE_FEASIBLE,
  REFERENCE_HOLES_ALLOWED,
  REFERENCE_HOLES_ALLOWED_FEASIBLE,
} from './grids.js';
import { machineInfo } from './machine.js';
import { type BenchReport, renderMarkdown } from './report.js';
import { analysisSuite } from './suites/analysis.js';
import { countSuite } from './suites/count.js';
import {
  type BackendName,
  holesCost,
  type RunnerSpec,
  SearchBench,
  type SearchFn,
  type SearchRun,
} from './suites/search.js';

/** The files one run writes. */
export interface OutputPaths {
  markdown: string;
  json: string;
  depthSvg: string;
  threadsSvg: string;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export function outputPaths(args: BenchArgs): OutputPaths {
  const dir = args.out ?? (args.quick ? join(repoRoot, 'apps/bench/results/quick') : null);
  if (dir !== null) {
    return {
      markdown: join(dir, 'BENCHMARKS.md'),
      json: join(dir, 'latest.json'),
      depthSvg: join(dir, 'bench-depth.svg'),
      threadsSvg: join(dir, 'bench-threads.svg'),
    };
  }
  return {
    markdown: join(repoRoot, 'BENCHMARKS.md'),
    json: join(repoRoot, 'apps/bench/results/latest.json'),
    depthSvg: join(repoRoot, 'docs/bench-depth.svg'),
    threadsSvg: join(repoRoot, 'docs/bench-threads.svg'),
  };
}

interface Profile {
  samples: number;
  warmup: number;
  refTarget: Record<BackendName, number>;
  familyTarget: Record<BackendName, number>;
  /** Largest estimated time (ms) of a complete wasm sweep of the reference grid; 0 = never. */
  fullSweepBudgetMs: number;
  analysisModels: string[] | 'all';
}

const PROFILES: Record<'full' | 'quick', Profile> = {
  full: {
    samples: 7,
    warmup: 2,
    refTarget: { wasm: 1500, js: 1000, naive: 500 },
    familyTarget: { wasm: 300, js: 300, naive: 300 },
    fullSweepBudgetMs: 90_000,
    analysisModels: 'all',
  },
  quick: {
    samples: 3,
    warmup: 1,
    refTarget: { wasm: 30, js: 30, naive: 30 },
    familyTarget: { wasm: 15, js: 15, naive: 15 },
    fullSweepBudgetMs: 0,
    analysisModels: ['vgg_16', 'resnet_v1_50', 'inception_v3'],
  },
};

export interface RunDeps {
  search: SearchFn;
  init: () => Promise<unknown>;
  log: (line: string) => void;
}

export async function runBench(
  argv: string[],
  deps: Partial<RunDeps> = {},
): Promise<{ report: BenchReport; paths: OutputPaths }> {
  const args = parseBenchArgs(argv);
  const log = deps.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const searchFn: SearchFn = deps.search ?? ((spec, options) => search(spec, options));
  await (deps.init ?? init)();
  const mode = args.quick ? 'quick' : 'full';
  const profile = PROFILES[mode];
  const started = performance.now();
  const maxThreads = args.maxThreads ?? Math.max(1, cpus().length);
  const threadCounts = Array.from({ length: maxThreads }, (_, i) => i + 1);
  const bench = new SearchBench(searchFn, log);
  const paths = outputPaths(args);
  log(`rfkit bench (${mode}) → ${paths.markdown}`);

  // Reference grid: first its exact count, then every backend and thread count.
  const feasible = count(REFERENCE);
  if (feasible !== REFERENCE_FEASIBLE) {
    throw new Error(`count(reference) = ${feasible}, expected ${REFERENCE_FEASIBLE}`);
  }
  const feasibleWithHoles = count(REFERENCE_HOLES_ALLOWED);
  if (feasibleWithHoles !== REFERENCE_HOLES_ALLOWED_FEASIBLE) {
    throw new Error(
      `count(reference, holes allowed) = ${feasibleWithHoles}, expected ${REFERENCE_HOLES_ALLOWED_FEASIBLE}`,
    );
  }
  log('reference grid');
  const refRunners: RunnerSpec[] = [
    ...threadCounts.map((threads) => ({ backend: 'wasm' as const, threads })),
    ...threadCounts.map((threads) => ({ backend: 'js' as const, threads })),
    { backend: 'naive', threads: 1 },
  ];
  const refRuns = await bench.grid({
    name: 'reference',
    spec: REFERENCE,
    depth: REFERENCE.depth,
    choicesPerLayer: choicesPerLayer(REFERENCE),
    runners: refRunners,
    targetMs: profile.refTarget,
    samples: profile.samples,
    warmup: profile.warmup,
  });

  let fullSweep: BenchReport['reference']['fullSweep'] = null;
  const best = refRuns
    .filter((r) => r.backend === 'wasm')
    .reduce((a, b) => (a.combosPerSec >= b.combosPerSec ? a : b));
  const total = normalizeSweep(REFERENCE).total;
  const estimateMs = (Number(total) / best.combosPerSec) * 1000;
  if (estimateMs <= profile.fullSweepBudgetMs) {
    log(
      `complete reference sweep (wasm, threads: ${best.threads}, about ${(estimateMs / 1000).toFixed(1)} s)`,
    );
    const t0 = performance.now();
    const whole = await searchFn(REFERENCE, { backend: 'wasm', threads: best.threads });
    const msTaken = performance.now() - t0;
    if (whole.feasible !== REFERENCE_FEASIBLE || whole.evaluated !== total || !whole.complete) {
      throw new Error(
        `complete sweep found ${whole.feasible} feasible of ${whole.evaluated}, expected ${REFERENCE_FEASIBLE} of ${total}`,
      );
    }
    if (best.threads !== 1 && estimateMs * best.threads <= profile.fullSweepBudgetMs / 2) {
      assertSameResult(
        whole,
        await searchFn(REFERENCE, { backend: 'wasm', threads: 1 }),
        'complete sweep, 1 vs N threads',
      );
    }
    fullSweep = {
      threads: best.threads,
      ms: msTaken,
      feasible: whole.feasible.toString(),
      combosPerSec: Number(total) / (msTaken / 1000),
    };
    log(`  ${(msTaken / 1000).toFixed(2)} s, ${whole.feasible} feasible`);
  }

  const phase = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  log(`the holes rule against holes allowed, reference grid (${phase()})`);
  const holesRuns = await holesCost(
    bench,
    {
      none: REFERENCE,
      allow: REFERENCE_HOLES_ALLOWED,
      samples: profile.samples,
      warmup: profile.warmup,
    },
    log,
  );

  log(`grid family (${phase()})`);
  const familyRuns: SearchRun[] = [];
  for (const g of family(args.quick)) {
    familyRuns.push(
      ...(await bench.grid({
        name: g.name,
        spec: g.spec,
        depth: g.depth,
        choicesPerLayer: g.choicesPerLayer,
        runners: [
          { backend: 'wasm', threads: 1 },
          { backend: 'js', threads: 1 },
          { backend: 'naive', threads: 1 },
        ],
        targetMs: profile.familyTarget,
        samples: Math.min(profile.samples, 5),
        warmup: 1,
      })),
    );
  }

  log(`count() (${phase()})`);
  const countRuns = await countSuite(
    countSpaces(args.quick),
    // count() is the first code of its kind to run here; a few more warm-up calls let the JIT settle.
    { samples: profile.samples, warmup: profile.warmup + 3 },
    log,
  );

  log(`analysis (${phase()})`);
  const analysisRuns = await analysisSuite(
    { samples: profile.samples, warmup: profile.warmup, models: profile.analysisModels, chainLayers: 10_000 },
    log,
  );

  const chartDir = dirname(paths.markdown);
  const report: BenchReport = {
    version: 2,
    mode,
    date: new Date().toISOString(),
    durationS: (performance.now() - started) / 1000,
    machine: machineInfo(),
    reference: {
      spec: REFERENCE,
      total: total.toString(),
      feasible: feasible.toString(),
      runs: refRuns,
      fullSweep,
      holesAllowedFeasible: feasibleWithHoles.toString(),
      holes: holesRuns,
    },
    family: familyRuns,
    count: countRuns,
    analysis: analysisRuns,
    charts: { depth: relative(chartDir, paths.depthSvg), threads: relative(chartDir, paths.threadsSvg) },
  };

  const [depthSvg, threadsSvg] = await Promise.all([depthChart(familyRuns), threadsChart(refRuns)]);
  for (const p of Object.values(paths)) mkdirSync(dirname(p), { recursive: true });
  writeFileSync(paths.depthSvg, depthSvg);
  writeFileSync(paths.threadsSvg, threadsSvg);
  writeFileSync(paths.json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(
    paths.markdown,
    renderMarkdown(report, { ...report.charts, json: relative(chartDir, paths.json) }),
  );
  log(`wrote ${Object.values(paths).join(', ')} in ${report.durationS.toFixed(1)} s`);
  return { report, paths };
}
