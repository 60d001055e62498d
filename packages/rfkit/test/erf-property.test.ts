// rfMin, the ERF and the unproductive warning against brute force on random models: the ERF
// against oracleErf (explicit position → weight maps, exact rationals), rfMin against the minimum
// over explicit paths, and the chain variance against its closed form Σ jump²·d²·(k²−1)/12.

import { modelArb } from '@rfkit/reference';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/analyze.js';
import { erfOf } from '../src/analysis/erf-of.js';
import { isRfError } from '../src/errors.js';
import { parseModel } from '../src/model/parse.js';
import { oracleErf } from '../src/oracle/oracle.js';
import type { LayerSpec, ModelSpec, Report } from '../src/types.js';
import { rfMinByPaths } from './support/paths.js';

function tryAnalyze(spec: ModelSpec): Report | null {
  try {
    return analyze(spec);
  } catch (e) {
    if (isRfError(e)) return null;
    throw e;
  }
}

function runs(n: number): number {
  const scale = Number(process.env.RFKIT_PROPERTY_SCALE ?? '1');
  return Math.max(1, Math.round(n * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

const TOL = 1e-9;

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= TOL * Math.max(1, Math.abs(b));
}

/**
 * analyze's erf and erfOf agree with oracleErf on every layer: std to 1e-9, span exactly, the
 * weights to 1e-9 and their first position exactly. With `lenient`, analyze may be null where the
 * oracle has a value (without an input size, the two pick their stand-in sizes differently).
 */
function erfAgrees(spec: ModelSpec, lenient: boolean): void {
  const report = tryAnalyze(spec);
  if (report === null) return;
  const show = () => JSON.stringify(spec);
  for (const l of report.layers) {
    const brute = oracleErf(spec, l.name);
    const dist = erfOf(report, l.name);
    brute.forEach((o, a) => {
      const std = l.erf.std[a]!;
      const span = l.erf.span[a]!;
      const where = `${l.name} axis ${a}`;
      const ostd = o?.std ?? null;
      const ospan = o?.span ?? null;
      if (std === null || ostd === null) {
        if (std !== ostd && !(lenient && std === null))
          throw new Error(`${where}: erf.std ${std}, oracle ${ostd}: ${show()}`);
      } else if (!close(std, ostd)) throw new Error(`${where}: erf.std ${std}, oracle ${ostd}: ${show()}`);
      if (span !== ospan && !(lenient && span === null))
        throw new Error(`${where}: erf.span ${span}, oracle ${ospan}: ${show()}`);
      const got = dist.axes[a];
      if (!got || !o || o.weights === null) return;
      if (got.start !== o.start && !(lenient && got.start === null))
        throw new Error(`${where}: erfOf start ${got.start}, oracle ${o.start}: ${show()}`);
      if (got.weights.length !== o.weights.length)
        throw new Error(
          `${where}: erfOf has ${got.weights.length} weights, oracle ${o.weights.length}: ${show()}`,
        );
      o.weights.forEach((w, i) => {
        if (Math.abs(got.weights[i]! - w) > TOL)
          throw new Error(`${where}: weight ${i} is ${got.weights[i]}, oracle ${w}: ${show()}`);
      });
      if (got.span.last - got.span.first + 1 !== span)
        throw new Error(`${where}: erfOf span ${JSON.stringify(got.span)} vs erf.span ${span}: ${show()}`);
    });
  }
}

describe('the ERF equals the brute force', () => {
  it('on random chains', () => {
    fc.assert(
      fc.property(modelArb({ dags: false, inputSize: 'always' }), (m) => erfAgrees(m, false)),
      { numRuns: runs(1500) },
    );
  });

  it('on random DAGs (residual and concat merges, deconv, upsample, dilation, padding)', () => {
    fc.assert(
      fc.property(modelArb({ inputSize: 'always' }), (m) => erfAgrees(m, false)),
      { numRuns: runs(1500) },
    );
  });

  it('on random DAGs with wider kernels, strides, dilations and paddings', () => {
    fc.assert(
      fc.property(modelArb({ wide: true, inputSize: 'always' }), (m) => erfAgrees(m, false)),
      { numRuns: runs(300) },
    );
  });

  it('without an input size (values shift with unknown SAME pads, std and span do not)', () => {
    fc.assert(
      fc.property(modelArb({ inputSize: 'never' }), (m) => erfAgrees(m, true)),
      { numRuns: runs(800) },
    );
  });
});

/** A chain of windows (conv and pools): rf, strides, dilations and padding, no up-sampling. */
const windowChain = fc.integer({ min: 1, max: 3 }).chain((axes) => {
  const per = (min: number, max: number) =>
    fc.array(fc.integer({ min, max }), { minLength: axes, maxLength: axes });
  const layer: fc.Arbitrary<LayerSpec> = fc.record({
    op: fc.constantFrom('conv' as const, 'maxpool' as const, 'avgpool' as const),
    kernel: per(1, 9),
    stride: per(1, 2),
    dilation: per(1, 3),
    padding: fc.oneof(fc.integer({ min: -1, max: 4 }), fc.constantFrom('same' as const, 'valid' as const)),
  });
  return fc.record({
    layers: fc.array(layer, { minLength: 1, maxLength: 16 }),
    size: fc.option(fc.constant(new Array<number>(axes).fill(100_000)), { nil: undefined }),
  });
});

describe('the ERF of a chain', () => {
  it('has the closed-form variance Σ jump²·d²·(k²−1)/12 (jump before the layer)', () => {
    fc.assert(
      fc.property(windowChain, ({ layers, size }) => {
        const spec: ModelSpec = { layers, ...(size ? { input: { size } } : {}) };
        const report = tryAnalyze(spec);
        if (report === null) return;
        const m = parseModel(spec);
        for (let a = 0; a < m.axes; a++) {
          let jump = 1;
          let variance = 0;
          m.layers.forEach((l, i) => {
            const k = l.kernel[a]!;
            const d = l.dilation[a]!;
            variance += (jump * jump * d * d * (k * k - 1)) / 12;
            jump *= l.stride[a]!;
            const std = report.layers[i]!.erf.std[a]!;
            if (!close(std * std, variance))
              throw new Error(
                `layer ${i} axis ${a}: std² ${std * std}, closed form ${variance}: ${JSON.stringify(spec)}`,
              );
            // rfMin is rf in a chain.
            expect(report.layers[i]!.rfMin[a]).toBe(report.layers[i]!.rf[a]);
          });
        }
      }),
      { numRuns: runs(2000) },
    );
  });

  it('grows like √depth while rf grows like depth (Luo et al.)', () => {
    const at = (depth: number) => analyze(`in100000 ${'conv3 '.repeat(depth)}`).output;
    const [a, b] = [at(100), at(400)];
    expect(b.rf[0]! / a.rf[0]!).toBeCloseTo(801 / 201, 9);
    expect(b.erf.std[0]! / a.erf.std[0]!).toBeCloseTo(2, 9);
    // 100 3×3 convs: std √(100·8/12) ≈ 8.16; the central 95% is about ±1.96σ ≈ 32 positions.
    expect(a.erf.std[0]).toBeCloseTo(Math.sqrt(200 / 3), 9);
    expect(a.erf.span[0]).toBeGreaterThanOrEqual(31);
    expect(a.erf.span[0]).toBeLessThanOrEqual(33);
  });
});

describe('rfMin and the unproductive warning', () => {
  it('rfMin is the smallest rf over the explicit paths, and the warning names the first layer whose rfMin exceeds the input on every axis', () => {
    fc.assert(
      fc.property(modelArb({ inputSize: 'always', maxBlocks: 5 }), (spec) => {
        const report = tryAnalyze(spec);
        if (report === null) return;
        const m = parseModel(spec);
        const want = rfMinByPaths(m);
        if (want === null) return;
        report.layers.forEach((l, i) => {
          // After a global merge the analysis has no output size, so a SAME pad after up-sampling
          // is unknown to it (null) while the path, a chain, knows its size.
          // Likewise a path's rf past a global merge can depend on a SAME pad whose size only the
          // path (or only the model) knows: on global layers an axis that either side leaves
          // null is not compared.
          const differs = l.rfMin.some((v, a) => {
            const w = want[i]![a];
            if (w === undefined || (l.global && (v === null || w === null))) return false;
            return v !== w;
          });
          if (differs)
            throw new Error(
              `${l.name}: rfMin ${JSON.stringify(l.rfMin)}, over paths ${JSON.stringify(want[i])}: ${JSON.stringify(spec)}`,
            );
        });
        const size = m.input.size!;
        const first = want.findIndex((v) => v.every((r, a) => r !== null && r !== undefined && r > size[a]!));
        // Where the brute force cannot tell a layer's rfMin, it cannot tell the first unproductive one.
        const unknown = want.findIndex((v) => v.includes(undefined));
        if (unknown >= 0 && (first < 0 || unknown <= first)) return;
        const warned = report.warnings.filter((w) => w.code === 'unproductive');
        const expected = first < 0 ? [] : [[m.layers[first]!.name]];
        expect(warned.map((w) => w.layers)).toEqual(expected);
      }),
      { numRuns: runs(600) },
    );
  });
});
