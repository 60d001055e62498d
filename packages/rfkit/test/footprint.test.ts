// footprintOf: the exact n-D input set of a unit, in closed form, against the n-D brute-force
// oracle (explicit points pushed backwards through every op) on random models, pixel for pixel.

import { modelArb } from '@rfkit/reference';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/analyze.js';
import { type Footprint, footprintOf } from '../src/analysis/footprint.js';
import { footprintSize, footprintSlice } from '../src/analysis/footprint-slice.js';
import { regionOf } from '../src/analysis/region.js';
import { isRfError } from '../src/errors.js';
import { parseCompact, parseModel } from '../src/model/parse.js';
import { oracleFootprint, oracleRegion } from '../src/oracle/oracle.js';
import type { ModelSpec, Report } from '../src/types.js';
import { zoo } from '../src/zoo/index.js';
import { errorOf } from './support/errors.js';
import { forkModelArb } from './support/forks.js';

/** Every point of a footprint, as "x,y,z" keys (for small footprints). */
function pointsOf(fp: Footprint): Set<string> {
  const out = new Set<string>();
  for (const box of fp.boxes) {
    let prefixes: number[][] = [[]];
    for (const runs of box) {
      const next: number[][] = [];
      for (const p of prefixes)
        for (let i = 0; i < runs.length; i += 2)
          for (let x = runs[i]!; x <= runs[i + 1]!; x++) next.push([...p, x]);
      prefixes = next;
    }
    for (const p of prefixes) out.add(p.join(','));
  }
  return out;
}

/** The oracle's points drawn into the same 2-D window as footprintSlice draws. */
function oracleMask(
  points: number[][],
  rowAxis: number | null,
  colAxis: number,
  at: number[],
  box: number[][],
) {
  const [r0, r1] = rowAxis === null ? [0, 0] : box[rowAxis]!;
  const [c0, c1] = box[colAxis]!;
  const width = c1! - c0! + 1;
  const mask = new Uint8Array(width * (r1! - r0! + 1));
  for (const p of points) {
    if (!p.every((x, a) => a === rowAxis || a === colAxis || x === at[a])) continue;
    const r = rowAxis === null ? 0 : p[rowAxis]!;
    mask[(r - r0!) * width + p[colAxis]! - c0!] = 1;
  }
  return mask;
}

function attempt<T>(f: () => T): T | null {
  try {
    return f();
  } catch (e) {
    if (isRfError(e)) return null;
    throw e;
  }
}

/** A model, a layer and a unit inside its output, for models analyze accepts. */
const caseArb = (models: fc.Arbitrary<ModelSpec>) =>
  fc
    .record({
      spec: models,
      layerPick: fc.nat(),
      unitPick: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
    })
    .map(({ spec, layerPick, unitPick }) => {
      const report = attempt(() => analyze(spec));
      if (!report) return null;
      const li = layerPick % report.layers.length;
      const l = report.layers[li]!;
      const unit = l.outputSize.map((n, a) => (n === null ? unitPick[a]! % 5 : unitPick[a]! % n));
      return { spec, report, li, unit };
    })
    .filter((c): c is { spec: ModelSpec; report: Report; li: number; unit: number[] } => c !== null);

/** Largest bounding box (in positions) compared with the brute force. */
const MAX_VOLUME = 20_000;

function check(spec: ModelSpec, report: Report, li: number, unit: number[]): void {
  const name = report.layers[li]!.name;
  const fp = footprintOf(spec, li, unit);
  // The brute force lists every point at every layer: keep it to footprints it can list quickly.
  const volume = fp.start.reduce<number>((v, s, a) => v * (s === null ? 1 : fp.end[a]! - s + 1), 1);
  if (volume > MAX_VOLUME) return;
  const brute = oracleFootprint(spec, name, unit).points;
  const show = () => `${JSON.stringify(spec)} layer ${name} unit ${unit}`;
  const mine = pointsOf(fp);
  const theirs = new Set(brute.map((p) => p.join(',')));
  const missing = [...theirs].filter((p) => !mine.has(p));
  const extra = [...mine].filter((p) => !theirs.has(p));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(`missing ${missing.slice(0, 5)} extra ${extra.slice(0, 5)}: ${show()}`);
  }
  expect(fp.exact).toBe(true);
  expect(footprintSize(fp), show()).toBe(brute.length);
  if (brute.length === 0) {
    expect(fp.start.every((s) => s === null)).toBe(true);
    return;
  }
  // Bounds are the points' per-axis extremes, inside the per-axis oracle's sets (which can be
  // wider: a path that reads nothing on one axis still counts on the others there).
  const axes = unit.length;
  const per = oracleRegion(spec, name, unit).indices;
  for (let a = 0; a < axes; a++) {
    const xs = brute.map((p) => p[a]!);
    expect([fp.start[a], fp.end[a]], show()).toEqual([Math.min(...xs), Math.max(...xs)]);
    expect(
      xs.every((x) => per[a]!.includes(x)),
      show(),
    ).toBe(true);
  }
  // Pixel for pixel: every 2-D slice through a read point, on every pair of drawn axes.
  const box = fp.start.map((s, a) => [s! - 1, fp.end[a]! + 1]);
  const at = brute[Math.floor(brute.length / 2)]!;
  const pairs: [number | null, number][] = axes === 1 ? [[null, 0]] : [];
  for (let r = 0; r < axes; r++) for (let c = 0; c < axes; c++) if (r !== c) pairs.push([r, c]);
  for (const [rowAxis, colAxis] of pairs) {
    const opts = {
      rowAxis,
      colAxis,
      rows: (rowAxis === null ? [0, 0] : box[rowAxis]) as [number, number],
      cols: box[colAxis] as [number, number],
      at,
    };
    const got = footprintSlice(fp, opts);
    expect([...got], `${show()} slice ${rowAxis},${colAxis} at ${at}`).toEqual([
      ...oracleMask(brute, rowAxis, colAxis, at, box),
    ]);
  }
}

describe('footprintOf equals the n-D oracle', () => {
  it('on random DAGs with merges, deconv, upsample, 1–3 axes', () => {
    fc.assert(
      fc.property(caseArb(modelArb({ inputSize: 'always' })), ({ spec, report, li, unit }) =>
        check(spec, report, li, unit),
      ),
      { numRuns: 400 },
    );
  });

  it('on forks whose branches read different shapes (unions that are not boxes)', () => {
    fc.assert(
      fc.property(caseArb(forkModelArb()), ({ spec, report, li, unit }) => check(spec, report, li, unit)),
      { numRuns: 400 },
    );
  });

  it('on random chains', () => {
    fc.assert(
      fc.property(caseArb(modelArb({ inputSize: 'always', dags: false })), ({ spec, report, li, unit }) =>
        check(spec, report, li, unit),
      ),
      { numRuns: 200 },
    );
  });

  it('on wider random DAGs (larger kernels, strides, dilations)', () => {
    fc.assert(
      fc.property(
        caseArb(modelArb({ inputSize: 'always', wide: true, maxBlocks: 3 })),
        ({ spec, report, li, unit }) => check(spec, report, li, unit),
      ),
      { numRuns: 100 },
    );
  });

  it('without an input size, wherever the set is determined', () => {
    const models = modelArb({ inputSize: 'never' }).filter(
      (m) => !m.layers.some((l) => l.op === 'global' || typeof l.padding === 'string'),
    );
    fc.assert(
      fc.property(caseArb(models), ({ spec, report, li, unit }) => check(spec, report, li, unit)),
      { numRuns: 200 },
    );
  });
});

describe('footprintOf', () => {
  it('draws the union of branches, not the product of per-axis sets', () => {
    // A 3×3 kernel and a 3×3 kernel at dilation 6, added: 9 + 8 cells, not the 5×5 of a product.
    const dilated = footprintOf('in32 x:identity a:conv3p1(x) b:conv3p6d6(x) s:add(a,b)', 's', [12, 12]);
    expect(footprintSize(dilated)).toBe(17);
    expect([dilated.start, dilated.end]).toEqual([
      [6, 6],
      [18, 18],
    ]);
    const plus = footprintOf('in16 x:identity a:conv1x5p0x2(x) b:conv5x1p2x0(x) s:add(a,b)', 's', [5, 5]);
    const mask = footprintSlice(plus, { rowAxis: 0, colAxis: 1, rows: [3, 7], cols: [3, 7] });
    const rows = [0, 1, 2, 3, 4].map((r) => [...mask.slice(r * 5, r * 5 + 5)].join(''));
    expect(rows).toEqual(['00100', '00100', '11111', '00100', '00100']);
  });

  it('keeps deep residual models to a few boxes', () => {
    // One box per unit: every residual branch contains its shortcut.
    const spec = zoo.resnet_v1_152!;
    const report = analyze(spec);
    const last = report.layers.map((l) => l.global).lastIndexOf(false);
    const fp = footprintOf(spec, last, [3, 4]);
    expect(fp.boxes).toHaveLength(1);
    const r = regionOf(report, last, [3, 4]);
    expect([fp.start, fp.end]).toEqual([r.start, r.end]);
    expect(footprintSize(fp)).toBe(report.layers[last]!.rf[0]! * report.layers[last]!.rf[1]!);
  });

  it('reads the whole input at a global layer, and needs its size there', () => {
    const fp = footprintOf('in5x7 conv3 global', 1, 0);
    expect(fp.global).toBe(true);
    expect(fp.boxes).toEqual([
      [
        [0, 4],
        [0, 6],
      ],
    ]);
    expect(footprintSize(fp)).toBe(35);
    expect(errorOf(() => footprintOf('conv3 global', 1, 0))).toMatchObject({ code: 'invalid-argument' });
    expect(footprintSize(footprintOf('conv3 global', 1, 0, { inputSize: 4 }))).toBe(16);
  });

  it('is empty for a unit that reads nothing', () => {
    const fp = footprintOf('1d in8 deconv1s2p1', 0, 0);
    expect(fp.boxes).toEqual([]);
    expect(fp.start).toEqual([null]);
    expect(footprintSize(fp)).toBe(0);
  });

  it('accepts a parsed model, names or indices, and a scalar unit', () => {
    const spec = parseCompact('in16 a:conv3s2 b:conv3d2');
    const byName = footprintOf(spec, 'b', [1, 1]);
    expect(footprintOf(parseModel(spec), 1, 1)).toEqual(byName);
    expect(byName.boxes).toEqual([
      [
        [2, 4, 6, 8, 10, 12],
        [2, 4, 6, 8, 10, 12],
      ],
    ]);
  });

  it('rejects unknown layers, units outside the output, and sizes it cannot know', () => {
    expect(errorOf(() => footprintOf('in8 conv3', 'nope', 0))).toMatchObject({ code: 'unknown-layer' });
    expect(errorOf(() => footprintOf('in8 conv3', 0, 6))).toMatchObject({ code: 'invalid-argument' });
    expect(errorOf(() => footprintOf('in8 conv3', 0, [0, 0, 0]))).toMatchObject({ code: 'invalid-argument' });
    // SAME under stride 2: the left pad of a 3-wide kernel is 0 or 1, by n mod 2.
    const e = errorOf(() => footprintOf('conv3s2psame', 0, 0));
    expect(e).toMatchObject({ code: 'invalid-argument', path: 'inputSize' });
    expect(footprintOf('conv3s2psame', 0, 0, { inputSize: 8 }).start).toEqual([0, 0]);
    expect(footprintOf('conv3s2psame', 0, 0, { inputSize: 9 }).start).toEqual([-1, -1]);
  });

  it('slices a 3-D footprint through a chosen position, and checks its window', () => {
    const fp = footprintOf(
      'in6x6x6 x:identity a:conv1x1x3p0x0x1(x) b:conv3x1x1p1x0x0(x) s:add(a,b)',
      's',
      [2, 2, 2],
    );
    expect(footprintSize(fp)).toBe(5);
    const at = (z: number) =>
      footprintSlice(fp, { rowAxis: 1, colAxis: 2, rows: [1, 3], cols: [1, 3], at: [z, 0, 0] });
    expect([...at(2)]).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0]);
    expect([...at(1)]).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(
      errorOf(() => footprintSlice(fp, { rowAxis: 1, colAxis: 2, rows: [1, 3], cols: [1, 3] })),
    ).toMatchObject({
      code: 'invalid-argument',
    });
    expect(
      errorOf(() =>
        footprintSlice(fp, { rowAxis: 1, colAxis: 1, rows: [1, 3], cols: [1, 3], at: [0, 0, 0] }),
      ),
    ).toMatchObject({
      code: 'invalid-argument',
    });
  });
});
