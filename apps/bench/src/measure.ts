// Timing with tinybench: warm-up, several samples, median and spread.

import { Bench } from 'tinybench';

export interface Timing {
  name: string;
  /** Every sample, in ms, in the order taken. */
  samplesMs: number[];
  medianMs: number;
  /** Median absolute deviation, ms. */
  madMs: number;
  minMs: number;
  maxMs: number;
}

export interface MeasureOptions {
  /** Samples per task. */
  samples: number;
  /** Unmeasured calls before the samples. */
  warmup: number;
}

function median(sorted: number[]): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  return n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

/** Summary of raw samples (exported for tests and for samples taken outside tinybench). */
export function summarize(name: string, samplesMs: number[]): Timing {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const med = median(sorted);
  const mad = median(sorted.map((x) => Math.abs(x - med)).sort((a, b) => a - b));
  return {
    name,
    samplesMs,
    medianMs: med,
    madMs: mad,
    minMs: sorted[0] ?? Number.NaN,
    maxMs: sorted.at(-1) ?? Number.NaN,
  };
}

/**
 * Runs the tasks one after another in one tinybench Bench (so their ratios come from the same
 * run) and returns the samples of each. Any task error aborts the benchmark.
 */
export async function measure(
  tasks: { name: string; fn: () => unknown }[],
  options: MeasureOptions,
): Promise<Timing[]> {
  const bench = new Bench({
    time: 0,
    iterations: options.samples,
    warmup: options.warmup > 0,
    warmupIterations: options.warmup,
    warmupTime: 0,
    retainSamples: true,
    throws: true,
  });
  const raw = new Map<string, number[]>();
  for (const t of tasks) {
    // Samples are kept in the order taken (tinybench returns them sorted).
    const list: number[] = [];
    raw.set(t.name, list);
    bench.add(t.name, async () => {
      const t0 = performance.now();
      await t.fn();
      list.push(performance.now() - t0);
    });
  }
  await bench.run();
  return bench.tasks.map((task) => {
    const r = task.result;
    if (r.state !== 'completed') throw new Error(`benchmark task ${task.name} ended in state ${r.state}`);
    // Warm-up calls also ran through the wrapper; the measured ones are the last `samples`.
    const taken = raw.get(task.name)!;
    return summarize(task.name, taken.slice(-r.latency.samplesCount));
  });
}
