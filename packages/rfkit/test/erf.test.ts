// The effective receptive field, rfMin and erfOf on hand-computed examples (every expected value
// below was worked out on paper from the definitions in docs/erf.md), and the joint 2-D map
// against a brute force on random models.

import { modelArb } from '@rfkit/reference';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/analyze.js';
import { erfOf } from '../src/analysis/erf-of.js';
import { isRfError } from '../src/errors.js';
import { parseCompact, parseModel } from '../src/model/parse.js';
import type { ModelSpec, Report } from '../src/types.js';
import { zoo } from '../src/zoo/index.js';
import { brute2d } from './support/erf2d.js';
import { errorOf } from './support/errors.js';

const codeOf = (f: () => unknown) => errorOf(f).code;

const layer = (r: Report, name: string) => r.layers.find((l) => l.name === name)!;
const weightsOf = (r: Report, name: string, a = 0) => Array.from(erfOf(r, name).axes[a]!.weights);

describe('ERF by op', () => {
  it('a window spreads weight equally over its taps', () => {
    const r = analyze('1d in16 c:conv3p1');
    expect(layer(r, 'c').erf).toEqual({ std: [Math.sqrt(8 / 12)], span: [3] });
    const e = erfOf(r, 'c').axes[0]!;
    expect(e.start).toBe(-1);
    expect(Array.from(e.weights)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(e.mean).toBe(0);
    expect(e.span).toEqual({ first: 0, last: 2 });
  });

  it('a residual add (and a concat) gives each input half the weight', () => {
    for (const merge of ['add', 'concat'] as const) {
      const spec: ModelSpec = {
        input: { size: [16] },
        layers: [
          { name: 'c', op: 'conv', kernel: 3, padding: 1 },
          { name: 'm', op: merge, inputs: ['c', 'input'] },
        ],
      };
      const r = analyze(spec);
      // ½·(⅓, ⅓, ⅓) + ½·δ0 = (1/6, 2/3, 1/6): variance 1/3; rf 3 and rfMin 1 (the skip).
      const want = [1 / 6, 2 / 3, 1 / 6];
      weightsOf(r, 'm').forEach((w, i) => {
        expect(w).toBeCloseTo(want[i]!, 15);
      });
      expect(layer(r, 'm').erf.std[0]).toBeCloseTo(Math.sqrt(1 / 3), 12);
      expect(layer(r, 'm').erf.span).toEqual([3]);
      expect([layer(r, 'm').rf, layer(r, 'm').rfMin]).toEqual([[3], [1]]);
    }
  });

  it('a deconv unit splits its weight over the taps that reach it', () => {
    // o = 2i − 1 + t: unit 0 reads input 0 (t = 1); unit 1 reads 1 (t = 0) and 0 (t = 2).
    const r = analyze('1d in8 d:deconv3s2p1 c:conv2');
    expect(layer(r, 'd').erf).toEqual({ std: [0], span: [1] });
    // The conv's unit 0 reads deconv units 0 and 1: ½·δ0 + ½·(½δ0 + ½δ1) = ¾δ0 + ¼δ1.
    expect(weightsOf(r, 'c')).toEqual([0.75, 0.25]);
    expect(layer(r, 'c').erf).toEqual({ std: [Math.sqrt(3 / 16)], span: [2] });
  });

  it('weight on units that read nothing is dropped, the rest renormalised', () => {
    // deconv k1 s2: odd units read nothing; the conv's unit 0 reads deconv units 0 (input 0) and 1.
    const r = analyze('1d in8 d:deconv1s2 c:conv2');
    expect(weightsOf(r, 'c')).toEqual([1]);
    expect(layer(r, 'c').erf).toEqual({ std: [0], span: [1] });
    // A unit 0 that reads nothing has no ERF (its rf, over the other phases, is 1).
    const dead = analyze('1d in8 d:deconv1s2p1/0');
    expect([dead.output.rf, dead.output.covered, dead.output.erf]).toEqual([
      [1],
      [0],
      { std: [null], span: [null] },
    ]);
    expect(erfOf(dead, 'd').axes).toEqual([null]);
  });

  it('an upsample unit passes its source on', () => {
    // conv k3 p1 after ×2 reads upsampled units −1, 0, 1 = inputs −1, 0, 0.
    const r = analyze('1d in8 u:up2 c:conv3p1');
    expect(weightsOf(r, 'c')).toEqual([1 / 3, 2 / 3]);
    expect(layer(r, 'c').erf).toEqual({ std: [Math.sqrt(2 / 9)], span: [2] });
  });

  it('is null on global layers and after them; rfMin is the input size there', () => {
    const r = analyze('in32 conv3 g:global c:conv1');
    for (const name of ['g', 'c']) {
      expect(layer(r, name).erf).toEqual({ std: [null, null], span: [null, null] });
      expect(layer(r, name).rfMin).toEqual([32, 32]);
    }
    expect(erfOf(r, 'g').axes).toEqual([null, null]);
  });

  it('is per axis in 3-D', () => {
    const r = analyze({ input: { size: [9, 9, 9] }, layers: [{ op: 'conv', kernel: [3, 5, 1] }] });
    expect(r.output.erf.std).toEqual([Math.sqrt(8 / 12), Math.sqrt(24 / 12), 0]);
    expect(r.output.erf.span).toEqual([3, 5, 1]);
  });

  it('VGG16 pool5: std² = Σ jump²·(k²−1)/12 = 763.9, span 108 of rf 212', () => {
    const pool5 = layer(analyze(zoo.vgg_16!), 'pool5');
    // Per block: convs 3×(8/12)·J² (two in the first two blocks), pool (3/12)·J², J = 1, 2, 4, 8, 16.
    const blocks = [1, 2, 4, 8, 16].map((J, b) => J * J * ((b < 2 ? 2 : 3) * (8 / 12) + 3 / 12));
    expect(pool5.erf.std[0]! ** 2).toBeCloseTo(
      blocks.reduce((x, y) => x + y),
      9,
    );
    expect(pool5.erf.span).toEqual([108, 108]);
    expect(pool5.rfMin).toEqual([212, 212]);
  });

  it('positions relative to an unknown SAME pad: std and span known, start null', () => {
    const r = analyze('1d c:conv3s2psame');
    expect(r.output.erf).toEqual({ std: [Math.sqrt(8 / 12)], span: [3] });
    const e = erfOf(r, 'c').axes[0]!;
    expect([e.start, e.mean, Array.from(e.weights)]).toEqual([null, null, [1 / 3, 1 / 3, 1 / 3]]);
  });
});

describe('deep stacks', () => {
  it('keep the weights of a 1,200-layer chain exact to rounding (trimmed tails, running sums)', () => {
    const kernels = [3, 5, 7, 9, 1];
    const spec = `1d in100000 ${Array.from({ length: 1200 }, (_, i) => `conv${kernels[i % 5]}d${i % 7 === 6 ? 2 : 1}`).join(' ')}`;
    const r = analyze(spec);
    // Plain repeated convolution, weight by weight, in floating point.
    let w = [1];
    parseModel(parseCompact(spec)).layers.forEach((l) => {
      const k = l.kernel[0]!;
      const d = l.dilation[0]!;
      const next = new Array<number>(w.length + (k - 1) * d).fill(0);
      w.forEach((x, i) => {
        for (let t = 0; t < k; t++) next[i + t * d]! += x / k;
      });
      w = next;
    });
    const e = erfOf(r, r.output.name).axes[0]!;
    expect(e.weights.length).toBe(w.length);
    let worst = 0;
    w.forEach((x, i) => {
      worst = Math.max(worst, Math.abs(e.weights[i]! - x));
    });
    expect(worst).toBeLessThan(1e-13);
    let c = 0;
    const lo = w.findIndex((x) => (c += x) > 0.025);
    c = 0;
    const hi = w.findIndex((x) => (c += x) >= 0.975);
    expect(r.output.erf.span).toEqual([hi - lo + 1]);
  });
});

describe('rfMin', () => {
  it('a ResNet keeps the skip-only path: its stem', () => {
    const r = analyze(zoo.resnet_v1_50!);
    // conv1 7×7/2 and pool1 3×3/2: 7 + 2·2 = 11; the shortcuts are 1×1.
    for (const b of ['block1', 'block2', 'block3', 'block4']) expect(layer(r, b).rfMin).toEqual([11, 11]);
    expect(layer(r, 'block4').rf).toEqual([483, 483]);
  });

  it('an inception block takes its smallest branch', () => {
    const r = analyze(zoo.inception_v3!);
    const m = layer(r, 'Mixed_5b');
    expect(m.rfMin[0]).toBeLessThan(m.rf[0]!);
    // The 1×1 branch adds nothing to the stem before it.
    expect(m.rfMin).toEqual(layer(r, 'MaxPool_5a_3x3').rf);
  });
});

describe('the unproductive warning', () => {
  it('names the first layer whose every path sees more than the input, once', () => {
    const r = analyze('in8 conv3 conv3 conv3 c4:conv3p2 c5:conv3p2');
    const w = r.warnings.filter((x) => x.code === 'unproductive');
    expect(w.map((x) => x.layers)).toEqual([['c4']]);
    expect(w[0]!.message).toMatch(/c4.*rfMin \[9, 9\].*\[8, 8\].*2 layers are unproductive/);
  });

  it('needs every axis and every path: a skip keeps the merge after it productive', () => {
    expect(analyze('in8x64 conv9p4 conv9p4').warnings.map((x) => x.code)).toEqual(['rf-exceeds-input']);
    const skip: ModelSpec = {
      input: { size: [4] },
      layers: [
        { name: 'c', op: 'conv', kernel: 9, padding: 4 },
        { name: 'm', op: 'add', inputs: ['c', 'input'] },
      ],
    };
    const w = analyze(skip).warnings.filter((x) => x.code === 'unproductive');
    expect(w.map((x) => x.layers)).toEqual([['c']]);
    expect(w[0]!.message).toMatch(/1 layer is unproductive/);
    expect(analyze({ ...skip, input: {} }).warnings).toEqual([]);
  });

  it('VGG16 at 224: fc6 (7×7 on the 7×7 map) and after', () => {
    const w = analyze(zoo.vgg_16!).warnings.find((x) => x.code === 'unproductive');
    expect(w?.layers).toEqual(['fc6']);
  });
});

describe('options and limits', () => {
  it('erf: false leaves every erf null and keeps the rest', () => {
    const full = analyze(zoo.resnet_v1_50!);
    const plain = analyze(zoo.resnet_v1_50!, { erf: false });
    plain.layers.forEach((l, i) => {
      expect(l.erf).toEqual({ std: [null, null], span: [null, null] });
      const { erf: _a, ...rest } = l;
      const { erf: _b, ...want } = full.layers[i]!;
      expect(rest).toEqual(want);
    });
    expect(plain.warnings).toEqual(full.warnings);
  });

  it('weights too many to keep: the span is null with a warning, the std still exact', () => {
    // rf ≈ 2·4^13/3: the weights would span 44 million positions (a Cantor-like set of 3^13).
    const r = analyze(`1d ${'conv3s4 '.repeat(14)}`);
    const w = r.warnings.filter((x) => x.code === 'erf-span-too-large');
    expect(w).toHaveLength(1);
    let variance = 0;
    r.layers.forEach((l, i) => {
      variance += (4 ** i) ** 2 * (8 / 12);
      expect(l.erf.std[0]! ** 2 / variance).toBeCloseTo(1, 12);
    });
    const first = r.layers.findIndex((l) => l.erf.span[0] === null);
    expect(first).toBeGreaterThan(5);
    expect(w[0]!.layers).toEqual([r.layers[first]!.name]);
    expect(r.layers.slice(first).every((l) => l.erf.span[0] === null)).toBe(true);
    expect(erfOf(r, r.output.name).axes).toEqual([null]);
  });

  it('erfOf needs the report analyze returned, and a layer of it', () => {
    const r = analyze('conv3 c:conv3');
    expect(codeOf(() => erfOf(JSON.parse(JSON.stringify(r)), 'c'))).toBe('invalid-argument');
    expect(codeOf(() => erfOf(r, 'nope'))).toBe('unknown-layer');
    expect(erfOf(r, 1).layer).toBe('c');
    expect(codeOf(() => erfOf(r, 'c', { map: [0, 0] }))).toBe('invalid-argument');
    expect(codeOf(() => erfOf(r, 'c', { map: [0, 2] }))).toBe('invalid-argument');
  });
});

describe('the 2-D map', () => {
  it('of a chain is the outer product of the axes', () => {
    const r = analyze('in32 conv3x5p1x2 conv3s2p1 conv2d2');
    const e = erfOf(r, r.output.name, { map: [0, 1] });
    const [x, y] = [e.axes[0]!, e.axes[1]!];
    const map = e.map!;
    expect([map.height, map.width, map.start]).toEqual([
      x.weights.length,
      y.weights.length,
      [x.start, y.start],
    ]);
    for (let i = 0; i < map.height; i++)
      for (let j = 0; j < map.width; j++)
        expect(map.weights[i * map.width + j]).toBeCloseTo(x.weights[i]! * y.weights[j]!, 14);
  });

  it('equals a brute force on random 2-D and 3-D models', () => {
    const arb = modelArb({ inputSize: 'always' }).filter((m) => parseModel(m).axes >= 2);
    fc.assert(
      fc.property(arb, fc.nat(), (spec, pick) => {
        let r: Report;
        try {
          r = analyze(spec);
        } catch (e) {
          if (isRfError(e)) return;
          throw e;
        }
        const l = r.layers[pick % r.layers.length]!;
        const pair: [number, number] = [0, r.axes - 1];
        const map = erfOf(r, l.name, { map: pair }).map!;
        const want = brute2d(parseModel(spec), l.name, pair);
        if (want === null || map === null) {
          expect(
            map === null,
            `map ${JSON.stringify(map)} vs brute ${JSON.stringify(want)}: ${JSON.stringify(spec)}`,
          ).toBe(want === null || l.erf.std.some((s) => s === null));
          return;
        }
        expect([map.start, map.height, map.width]).toEqual([want.start, want.height, want.width]);
        want.weights.forEach((w, i) => {
          if (Math.abs(map.weights[i]! - w) > 1e-9)
            throw new Error(`${l.name} cell ${i}: ${map.weights[i]} vs ${w}: ${JSON.stringify(spec)}`);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('of resnet_v1_50 block2', () => {
    const r = analyze(zoo.resnet_v1_50!);
    const e = erfOf(r, 'block2', { map: [0, 1] });
    const map = e.map!;
    expect([map.height, map.width]).toEqual([99, 99]);
    let total = 0;
    for (const w of map.weights) total += w;
    expect(total).toBeCloseTo(1, 12);
    // Its rows sum to the first axis's weights (no unit reads nothing here).
    const x = e.axes[0]!.weights;
    for (let i = 0; i < map.height; i++) {
      let row = 0;
      for (let j = 0; j < map.width; j++) row += map.weights[i * map.width + j]!;
      expect(row).toBeCloseTo(x[i]!, 12);
    }
  });
});

describe('regressions found by the property tests', () => {
  // A merge with a global path checks no jumps: the stride-2 path (rf 1) must not hide the
  // stride-1 one (rf 2), which a 3-tap conv then grows less (by 2, not 4).
  it('rfMin keeps paths of different jumps through a global merge', () => {
    const spec: ModelSpec = {
      input: { size: [5] },
      layers: [
        { name: 'a', op: 'conv', kernel: 2, padding: 1 },
        { name: 'g', op: 'global', inputs: ['input'] },
        { name: 'b', op: 'conv', kernel: 1, stride: 2, inputs: ['input'] },
        { name: 'm', op: 'add', inputs: ['a', 'g', 'b'] },
        { name: 'c', op: 'conv', kernel: 3, padding: 'same' },
      ],
    };
    const r = analyze(spec);
    expect(layer(r, 'm').rfMin).toEqual([1]);
    expect(layer(r, 'c').rfMin).toEqual([4]);
  });
});
