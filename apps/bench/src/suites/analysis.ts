// Analysis speed (ns per layer) on the zoo models and on a 10,000-layer conv chain, with the
// effective receptive field (analyze's default) and without it (`erf: false`).

import { analyze, type ModelSpec } from 'rfkit';
import { zoo, zooNames } from 'rfkit/zoo';
import { measure, type Timing } from '../measure.js';

export interface AnalysisRun {
  model: string;
  layers: number;
  /** Median time of one analyze() call (ERF included, the default) divided by the layer count. */
  nsPerLayer: number;
  timing: Timing;
  /** analyze(model, { erf: false }): the analysis without the effective receptive field. */
  plain: Timing;
}

/** Speed targets of analyze() with the ERF, ms (resnet_v1_152 and the 10,000-layer chain). */
export const ERF_TARGETS_MS: Record<string, number> = {
  resnet_v1_152: 20,
  'conv chain (10000 layers)': 1000,
};

/** A plain chain of convolutions with varied kernels, strides, dilations and paddings. */
export function convChain(layers: number): ModelSpec {
  const kernels = [3, 1, 5, 3, 7];
  return {
    name: `conv-chain-${layers}`,
    input: { size: [1_000_000, 1_000_000], channels: 3 },
    layers: Array.from({ length: layers }, (_, i) => ({
      op: 'conv' as const,
      kernel: kernels[i % kernels.length]!,
      // A stride of 2 now and then keeps sizes and jumps well inside exact arithmetic.
      stride: i < 16 && i % 4 === 3 ? 2 : 1,
      dilation: i % 7 === 6 ? 2 : 1,
      padding: 'same' as const,
    })),
  };
}

export async function analysisSuite(
  options: { samples: number; warmup: number; models: string[] | 'all'; chainLayers: number },
  log: (line: string) => void,
): Promise<AnalysisRun[]> {
  const names = options.models === 'all' ? [...zooNames] : options.models.filter((n) => zooNames.includes(n));
  // The model of the ERF target is measured in every profile.
  if (!names.includes('resnet_v1_152')) names.push('resnet_v1_152');
  const models: [string, ModelSpec][] = names.map((n) => [n, zoo[n]!]);
  models.push([`conv chain (${options.chainLayers} layers)`, convChain(options.chainLayers)]);
  // Each model must analyse before it is timed; a few more calls let the JIT settle on the ERF's
  // code paths too (tinybench's one or two warm-up calls leave them cold).
  for (const [, m] of models) {
    const t0 = performance.now();
    for (let i = 0; i < 20 && performance.now() - t0 < 300; i++) {
      analyze(m);
      analyze(m, { erf: false });
    }
  }
  const timings = await measure(
    models.flatMap(([n, m]) => [
      { name: n, fn: () => analyze(m) },
      { name: `${n} (erf: false)`, fn: () => analyze(m, { erf: false }) },
    ]),
    options,
  );
  return models.map(([n, m], i) => {
    const t = timings[2 * i]!;
    const run: AnalysisRun = {
      model: n,
      layers: m.layers.length,
      nsPerLayer: (t.medianMs * 1e6) / m.layers.length,
      timing: t,
      plain: timings[2 * i + 1]!,
    };
    log(
      `  ${n.padEnd(28)} ${String(m.layers.length).padStart(6)} layers  ${run.nsPerLayer.toFixed(0).padStart(8)} ns/layer  ${t.medianMs.toFixed(2).padStart(9)} ms (${run.plain.medianMs.toFixed(2)} ms without the ERF)`,
    );
    return run;
  });
}
