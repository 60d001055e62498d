// Candidates of a search re-analysed: each candidate's layers as a 1-D model of SAME-padded convs
// at the space's input size, whose analyze() report must give the candidate's rf, total stride and
// covered pixels — and, under the holes rule, a dense field at every layer.

import { expect } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import type { Candidate, LayerChoice, NormalizedSweep } from '../../src/types.js';

/** A 1-D model of the candidate's layers with SAME padding (search layers pad "same"). */
function modelOf(layers: LayerChoice[], size: number) {
  return {
    input: { size: [size] },
    layers: layers.map((l) => ({
      op: 'conv' as const,
      kernel: l.kernel,
      stride: l.stride,
      dilation: l.dilation,
      padding: 'same' as const,
    })),
  };
}

export function checkAgainstAnalyze(sweep: NormalizedSweep, candidates: Candidate[]): void {
  for (const c of candidates) {
    const report = analyze(modelOf(c.layers, sweep.inputSize ?? 64));
    const out = report.output;
    expect([c.rf, c.stride, c.covered]).toEqual([out.rf[0], out.jump[0], out.covered[0]]);
    if (sweep.holes === 'none') {
      // Every layer is dense, as analyze reports them.
      for (const l of report.layers) expect(l.covered[0]).toBe(l.rf[0]);
    }
  }
}
