// Command-line options of the benchmark.

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface BenchArgs {
  /** Small grids, few samples: finishes in well under 30 s. Default false. */
  quick: boolean;
  /**
   * Where BENCHMARKS.md, latest.json and the SVG charts go. Default: the repository's own places
   * (BENCHMARKS.md at the root, apps/bench/results/latest.json, docs/bench-*.svg) for a full run,
   * apps/bench/results/quick/ for a quick one, so a quick check never overwrites the real report.
   */
  out: string | null;
  /** Largest thread count to measure. Default: the number of CPU cores. */
  maxThreads: number | null;
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  // `pnpm bench -- --quick` may hand the `--` through.
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      'max-threads': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      'usage: node apps/bench/dist/main.js [--quick] [--out DIR] [--max-threads N]\n' +
        '  --quick          small grids and few samples (< 30 s); writes to apps/bench/results/quick/ unless --out\n' +
        '  --out DIR        write BENCHMARKS.md, latest.json and the SVG charts into DIR\n' +
        '  --max-threads N  measure 1…N threads (default: CPU cores)\n',
    );
    process.exit(0);
  }
  let maxThreads: number | null = null;
  if (values['max-threads'] !== undefined) {
    maxThreads = Number(values['max-threads']);
    if (!Number.isInteger(maxThreads) || maxThreads < 1) {
      throw new Error(`--max-threads: expected an integer >= 1, got ${values['max-threads']}`);
    }
  }
  return {
    quick: values.quick ?? false,
    out: values.out === undefined ? null : resolve(values.out),
    maxThreads,
  };
}
