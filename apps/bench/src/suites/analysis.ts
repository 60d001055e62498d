// Analysis speed (ns per layer) on the zoo models and on a 10,000-layer conv chain.

import { analyze, type ModelSpec } from 'rfkit';
import { zoo, zooNames } from 'rfkit/zoo';
import { measure, type Timing } from '../measure.js';

export interface AnalysisRun {
  model: string;
  layers: number;
  /** Median time of one analyze() call divided by the layer count. */
  nsPerLayer: number;
  timing: Timing;
}

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
  const models: [string, ModelSpec][] = names.map((n) => [n, zoo[n]!]);
  models.push([`conv chain (${options.chainLayers} layers)`, convChain(options.chainLayers)]);
  // Each model must analyse before it is timed.
  for (const [, m] of models) analyze(m);
  const timings = await measure(
    models.map(([n, m]) => ({ name: n, fn: () => analyze(m) })),
    options,
  );
  return models.map(([n, m], i) => {
    const t = timings[i]!;
    const run: AnalysisRun = {
      model: n,
      layers: m.layers.length,
      nsPerLayer: (t.medianMs * 1e6) / m.layers.length,
      timing: t,
    };
    log(
      `  ${n.padEnd(28)} ${String(m.layers.length).padStart(6)} layers  ${run.nsPerLayer.toFixed(0).padStart(8)} ns/layer`,
    );
    return run;
  });
}
