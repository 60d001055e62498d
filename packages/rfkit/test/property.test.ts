// The closed form (`analyze`, `regionOf`) against the brute-force oracle on random models.
// The two share no arithmetic: the oracle propagates explicit index sets (src/oracle).

import { modelArb } from '@rfkit/reference';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/analyze.js';
import { regionOf } from '../src/analysis/region.js';
import { isRfError } from '../src/errors.js';
import { parseModel } from '../src/model/parse.js';
import { oracle, oracleRegionSpans } from '../src/oracle/oracle.js';
import type { LayerReport, ModelSpec, OracleLayerReport, OracleReport, Report } from '../src/types.js';
import { zoo, zooNames } from '../src/zoo/index.js';

type Outcome<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

function attempt<T>(f: () => T): Outcome<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (isRfError(e)) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
}

/** Equal, or both null; fractional values (jumps after up-sampling) up to rounding. */
function same(a: number | null | undefined, b: number | null | undefined): boolean {
  if (a === null || b === null || a === undefined || b === undefined) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
}

const FIELDS = ['rf', 'jump', 'effectivePadding', 'center', 'outputSize', 'covered'] as const;

/**
 * The first difference between two reports, or null. With `lenient`, a null from analyze where the
 * oracle has a value is let through (a conservative null; the strict property below catches those).
 */
function difference(closed: Report, brute: OracleReport, lenient = false): string | null {
  if (closed.layers.length !== brute.layers.length)
    return `layer count ${closed.layers.length} vs ${brute.layers.length}`;
  for (let i = 0; i < closed.layers.length; i++) {
    const c = closed.layers[i] as LayerReport;
    const o = brute.layers[i] as OracleLayerReport;
    if (c.name !== o.name) return `layer ${i}: name ${c.name} vs ${o.name}`;
    if (c.global !== o.global) return `${c.name}.global: analyze ${c.global}, oracle ${o.global}`;
    for (const f of FIELDS) {
      const cv = c[f];
      const ov = o[f];
      const ok = (v: number | null, a: number) =>
        same(v, ov[a]) || (lenient && v === null && f !== 'outputSize');
      if (cv.length !== ov.length || !cv.every(ok)) {
        return `${c.name}.${f}: analyze ${JSON.stringify(cv)}, oracle ${JSON.stringify(ov)}`;
      }
    }
  }
  return null;
}

/**
 * A report's warnings as sorted `code: layers` strings (messages are free text), but
 * `unproductive`, which the oracle leaves out (test/erf-property.test.ts checks it against paths).
 */
function warningKeys(report: Report | OracleReport): string[] {
  return report.warnings
    .filter((w) => w.code !== 'unproductive')
    .map((w) => `${w.code}: ${w.layers.join(', ')}`)
    .sort();
}

interface AgreeOptions {
  /** Without an input size, let analyze be null where the oracle has a value. Default false. */
  lenientNulls?: boolean;
  /** Compare warnings (codes and layers) — always with a known size. Default: with a known size only. */
  warnings?: 'always' | 'sized';
}

/**
 * analyze and the oracle agree on a model: both reject it with the same code, or agree field for
 * field and warning for warning (see AgreeOptions for what is let through).
 */
function agree(spec: ModelSpec, options: AgreeOptions = {}): void {
  const closed = attempt(() => analyze(spec));
  const brute = attempt(() => oracle(spec));
  const show = () => JSON.stringify(spec);
  if (!closed.ok && !brute.ok) {
    if (closed.code !== brute.code) {
      throw new Error(
        `analyze rejects with ${closed.code} (${closed.message}), oracle with ${brute.code} (${brute.message}): ${show()}`,
      );
    }
    return;
  }
  if (!closed.ok)
    throw new Error(`analyze rejects (${closed.code}: ${closed.message}), the oracle accepts: ${show()}`);
  if (!brute.ok)
    throw new Error(`the oracle rejects (${brute.code}: ${brute.message}), analyze accepts: ${show()}`);
  const sized = closed.value.input.size !== null;
  const d = difference(closed.value, brute.value, (options.lenientNulls ?? false) && !sized);
  if (d) throw new Error(`${d}\nmodel: ${show()}`);
  if (!sized && (options.warnings ?? 'sized') === 'sized') return;
  const cw = warningKeys(closed.value);
  const ow = warningKeys(brute.value);
  if (JSON.stringify(cw) !== JSON.stringify(ow)) {
    throw new Error(
      `warnings: analyze ${JSON.stringify(cw)}, oracle ${JSON.stringify(ow)}\nmodel: ${show()}`,
    );
  }
}

/** numRuns for a property, scaled by RFKIT_PROPERTY_SCALE (default 1) for longer local runs. */
function runs(n: number): number {
  const scale = Number(process.env.RFKIT_PROPERTY_SCALE ?? '1');
  return Math.max(1, Math.round(n * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

/** Models without an input size, narrow and wide. */
const sizeless = fc.oneof(
  { weight: 3, arbitrary: modelArb({ inputSize: 'never' }) },
  { weight: 1, arbitrary: modelArb({ inputSize: 'never', wide: true }) },
);

describe('analyze equals the oracle', () => {
  it('on random chains', () => {
    fc.assert(
      fc.property(modelArb({ dags: false }), (m) => agree(m, { lenientNulls: true })),
      { numRuns: runs(3000) },
    );
  });

  it('on random DAGs', () => {
    fc.assert(
      fc.property(modelArb(), (m) => agree(m, { lenientNulls: true })),
      { numRuns: runs(3000) },
    );
  });

  it('on larger random DAGs', () => {
    fc.assert(
      fc.property(modelArb({ maxBlocks: 8 }), (m) => agree(m, { lenientNulls: true })),
      { numRuns: runs(300) },
    );
  });

  it('on random DAGs with wider kernels, strides, dilations and paddings', () => {
    fc.assert(
      fc.property(modelArb({ wide: true }), (m) => agree(m, { lenientNulls: true })),
      { numRuns: runs(600) },
    );
  });

  it('strict mode rejects exactly the models the oracle finds misaligned', () => {
    fc.assert(
      fc.property(modelArb(), (spec) => {
        const brute = attempt(() => oracle(spec));
        if (!brute.ok) return;
        const misaligned = brute.value.warnings.some((w) => w.code === 'misaligned-merge');
        const strict = attempt(() => analyze(spec, { strict: true }));
        const rejected = !strict.ok && strict.code === 'misaligned';
        if (misaligned !== rejected) {
          const what = strict.ok ? 'accepts' : `rejects with ${strict.code}`;
          throw new Error(
            `oracle misaligned: ${misaligned}, strict analyze ${what}: ${JSON.stringify(spec)}`,
          );
        }
      }),
      { numRuns: runs(800) },
    );
  });

  it('is null exactly where the oracle varies with the unknown input size', () => {
    fc.assert(
      fc.property(sizeless, (m) => agree(m)),
      { numRuns: runs(1000) },
    );
  });

  it('warns without an input size exactly where the oracle does', () => {
    fc.assert(
      fc.property(sizeless, (m) => agree(m, { lenientNulls: true, warnings: 'always' })),
      { numRuns: runs(1000) },
    );
  });

  it('values known without an input size hold at every input size', () => {
    const arb = fc.record({
      spec: modelArb({ inputSize: 'never' }),
      n: fc.integer({ min: 1, max: 64 }),
    });
    fc.assert(
      fc.property(arb, ({ spec, n }) => {
        const general = attempt(() => analyze(spec));
        const sized = attempt(() =>
          oracle(spec, { inputSize: new Array<number>(parseModel(spec).axes).fill(n) }),
        );
        if (!general.ok || !sized.ok) return;
        general.value.layers.forEach((c, i) => {
          const o = sized.value.layers[i]!;
          if (c.global) return;
          for (const f of ['rf', 'jump', 'effectivePadding', 'center', 'covered'] as const) {
            c[f].forEach((v, a) => {
              if (v !== null && !same(v, o[f][a])) {
                throw new Error(
                  `${c.name}.${f}[${a}]: analyze ${v} without a size, oracle ${o[f][a]} at n=${n}: ${JSON.stringify(spec)}`,
                );
              }
            });
          }
        });
      }),
      { numRuns: runs(600) },
    );
  });
});

describe('analyze equals the oracle on the model zoo', () => {
  it.each(zooNames)('%s', (name) => {
    const spec = zoo[name]!;
    agree(spec);
    // Without an input size the oracle runs once per residue class: only the smaller models.
    if (spec.layers.length <= 80) agree({ ...spec, input: {} }, { warnings: 'always' });
  });
});

describe('regionOf equals the oracle region', () => {
  it('for random units of random layers', () => {
    const arb = fc.record({
      spec: modelArb(),
      pick: fc.nat(),
      units: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
    });
    fc.assert(
      fc.property(arb, ({ spec, pick, units }) => {
        const closed = attempt(() => analyze(spec));
        if (!closed.ok) return;
        const report = closed.value;
        const layer = report.layers[pick % report.layers.length]!;
        // regionOf takes units inside the output (any unit >= 0 when its size is unknown).
        const index = units.slice(0, report.axes).map((u, a) => u % (layer.outputSize[a] ?? 24));
        const region = regionOf(report, layer.name, index);
        const spans = oracleRegionSpans(spec, layer.name, index);
        const size = report.input.size;
        spans.forEach((span, a) => {
          const start = span === null ? null : span.start;
          const end = span === null ? null : span.end;
          const got = [region.start[a], region.end[a]];
          if (!same(got[0], start) || !same(got[1], end)) {
            throw new Error(
              `${layer.name} unit ${JSON.stringify(index)} axis ${a}: regionOf [${got}], oracle [${start}, ${end}]: ${JSON.stringify(spec)}`,
            );
          }
          if (size && region.clipped && start !== null && end !== null) {
            const lo = Math.max(start, 0);
            const hi = Math.min(end, size[a]! - 1);
            // A box wholly in the padding clips to nothing (null).
            const want = lo <= hi ? [lo, hi] : [null, null];
            if (region.clipped.start[a] !== want[0] || region.clipped.end[a] !== want[1]) {
              throw new Error(
                `${layer.name} unit ${JSON.stringify(index)} axis ${a}: clipped [${region.clipped.start[a]}, ${region.clipped.end[a]}], expected [${want}]: ${JSON.stringify(spec)}`,
              );
            }
          }
        });
      }),
      { numRuns: runs(1500) },
    );
  });
});

describe('regressions found by the property tests', () => {
  // analyze treats a SAME layer's input size as arbitrary; here it is always even (after ×2
  // up-sampling), so the pad is 0 for every model input size and nothing depends on it.
  it('SAME after an up-sampling by 2 has a known pad', () => {
    const spec: ModelSpec = {
      layers: [
        { op: 'upsample', scale: [2] },
        { op: 'conv', kernel: 3, stride: 2, padding: 'same' },
      ],
    };
    const brute = oracle(spec).output;
    expect([brute.rf, brute.effectivePadding, brute.center, brute.covered]).toEqual([[2], [0], [0.5], [2]]);
    const closed = analyze(spec).output;
    expect([closed.rf, closed.effectivePadding, closed.center, closed.covered]).toEqual([
      [2],
      [0],
      [0.5],
      [2],
    ]);
  });

  // The SAME pad of `a` is 0 or 1 with the parity of n, but `b`'s unit lies inside `a`'s either
  // way, so the merged span is 3 for every n (P and centre do vary).
  it('a merge whose span does not depend on an unknown SAME pad', () => {
    const spec: ModelSpec = {
      layers: [
        { name: 'a', op: 'conv', kernel: [3], stride: 2, padding: 'same' },
        { name: 'b', op: 'conv', kernel: 1, stride: 2, inputs: ['input'] },
        { name: 'sum', op: 'add', inputs: ['a', 'b'] },
      ],
    };
    const brute = oracle(spec).output;
    expect([brute.rf, brute.effectivePadding, brute.covered]).toEqual([[3], [null], [3]]);
    const closed = analyze(spec).output;
    expect([closed.rf, closed.effectivePadding, closed.covered]).toEqual([[3], [null], [3]]);
  });

  // After ×3 up-sampling the SAME pad is 1 or 2 with n, but both windows read input units -1 and 0.
  it('a SAME pad that varies without changing the region (up-sampling by 3)', () => {
    const spec: ModelSpec = {
      layers: [
        { op: 'upsample', scale: [3] },
        { name: 'pool', op: 'avgpool', kernel: 4, stride: 2, padding: 'same-lower' },
      ],
    };
    const want = [[2], [1], [-0.5], [2]];
    const brute = oracle(spec).output;
    expect([brute.rf, brute.effectivePadding, brute.center, brute.covered]).toEqual(want);
    const report = analyze(spec);
    const closed = report.output;
    expect([closed.rf, closed.effectivePadding, closed.center, closed.covered]).toEqual(want);
    const region = regionOf(report, 'pool', [0]);
    expect([region.start, region.end]).toEqual([[-1], [0]]);
  });

  // After ×2 up-sampling the SAME pad is 0 or 1 with n; the unit reads {0, 1} or {-1, 0}: the
  // span is 2 either way (P and centre do vary).
  it('a SAME pad that varies without changing the span (up-sampling by 2)', () => {
    const spec: ModelSpec = {
      layers: [
        { op: 'upsample', scale: [2] },
        { op: 'conv', kernel: 3, stride: 3, padding: 'same' },
      ],
    };
    const brute = oracle(spec).output;
    expect([brute.rf, brute.effectivePadding, brute.covered]).toEqual([[2], [null], [2]]);
    const closed = analyze(spec).output;
    expect([closed.rf, closed.effectivePadding, closed.covered]).toEqual([[2], [null], [2]]);
  });

  // The pads repeat with n mod 2 here. Parallel branches must not multiply that period (12
  // stride-2 layers side by side have period 2, not 4096), or analyze gives up on a known value.
  it('parallel strided branches do not multiply the residue period', () => {
    const branches = Array.from({ length: 10 }, (_, i) => ({
      name: `c${i}`,
      op: 'conv' as const,
      kernel: 1,
      stride: 2,
      inputs: ['input'],
    }));
    const spec: ModelSpec = {
      layers: [
        ...branches,
        { name: 'b', op: 'conv', kernel: 1, stride: 2, inputs: ['input'] },
        { name: 'a', op: 'conv', kernel: [3], stride: 2, padding: 'same', inputs: ['input'] },
        { name: 'sum', op: 'add', inputs: ['a', 'b', ...branches.map((c) => c.name)] },
      ],
    };
    const brute = oracle(spec).output;
    expect([brute.rf, brute.covered]).toEqual([[3], [3]]);
    const closed = analyze(spec).output;
    expect([closed.rf, closed.covered]).toEqual([[3], [3]]);
  });

  // u's units 0 and 1 both read input 0 (centre 0); c's unit 1 is centred on input 1: the paths
  // are misaligned in output phase 1 (with `input` in place of c, analyze does warn).
  it('warns about a merge misaligned in one phase after up-sampling', () => {
    const spec: ModelSpec = {
      layers: [
        { name: 'd', op: 'conv', kernel: [1], stride: 2 },
        { name: 'u', op: 'upsample', scale: 2 },
        { name: 'c', op: 'conv', kernel: 3, padding: 1, inputs: ['input'] },
        { name: 'sum', op: 'add', inputs: ['u', 'c'] },
      ],
    };
    expect(warningKeys(oracle(spec))).toEqual(['misaligned-merge: sum, u, c']);
    expect(warningKeys(analyze(spec))).toEqual(['misaligned-merge: sum, u, c']);
  });

  // b's SAME pad is unknown (0 or 1); a (k4, pad 1 for every n) and c are known and misaligned
  // (centres 0.5 and 0): one symbolic path must not hide the pairs that are known.
  it('checks alignment of known paths next to a symbolic one', () => {
    const spec: ModelSpec = {
      layers: [
        { name: 'a', op: 'conv', kernel: [4], stride: 2, padding: 'same' },
        { name: 'b', op: 'conv', kernel: 3, stride: 2, padding: 'same', inputs: ['input'] },
        { name: 'c', op: 'conv', kernel: 1, stride: 2, inputs: ['input'] },
        { name: 'sum', op: 'add', inputs: ['a', 'b', 'c'] },
      ],
    };
    const want = [
      'misaligned-merge: sum, a, b',
      'misaligned-merge: sum, a, c',
      'same-padding-unknown-size: b',
    ];
    expect(warningKeys(oracle(spec))).toEqual(want);
    expect(warningKeys(analyze(spec))).toEqual(want);
  });
});
