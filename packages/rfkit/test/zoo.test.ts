// The reference models reproduce published receptive-field figures.
//
// Sources (each figure below is tagged with one of these):
// [SLIM]  google-research/receptive_field, receptive_field/RECEPTIVE_FIELD_TABLE.md
//         (https://github.com/google-research/receptive_field/blob/master/receptive_field/RECEPTIVE_FIELD_TABLE.md),
//         computed with the library of Araujo et al., "Computing Receptive Fields of Convolutional
//         Neural Networks", Distill 2019 (https://distill.pub/2019/computing-receptive-fields/), on
//         the TF-Slim models. Rows at resolution 224, 321 and None (unknown size; SAME padding with
//         stride 2 makes the effective padding depend on the size, so it is None there for
//         mobilenet_v1 and resnet_v1). The summary table of the repository's README.md repeats
//         the final end-points.
// [SCAN]  frgfm/torch-scan README.md, "Benchmark" table (torchvision models at 224): rf of
//         alexnet 195, vgg16 212 (https://github.com/frgfm/torch-scan#benchmark).
// [GIST]  samson-wang, "ResNet Receptive Field Size" (torchvision, stride on the 3×3):
//         https://gist.github.com/samson-wang/a6073c18f2adf16e0ab5fb95b53db3e6 —
//         resnet18 conv1 7, maxpool 11, layer1 43, layer2 99, layer3 211, layer4 435;
//         resnet50 conv1 7, maxpool 11, layer1 35, layer2 91, layer3 267, layer4 427.
// [DELF]  nashory/DeLF-pytorch issue #15 (https://github.com/nashory/DeLF-pytorch/issues/15),
//         torchvision resnet50: layer3.5.conv3 RF 267 STR 16 PAD 133; layer4.2.conv3 RF 427
//         STR 32 PAD 213.
// [DERIV] No published figure found (tv_mobilenet_v2; effective stride/padding of tv_alexnet
//         and tv_resnet18): derived by hand in the comment next to the figure.
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/analyze.js';
import { parseModel } from '../src/model/parse.js';
import { oracle } from '../src/oracle/oracle.js';
import type { LayerReport, ModelSpec, OracleReport, Report } from '../src/types.js';
import { zoo, zooInfo, zooNames } from '../src/zoo/index.js';

/** [layer, rf, effective stride, effective padding] — the same on both axes. */
type Figure = [layer: string, rf: number, stride: number, padding: number];

function layer(report: Report, name: string): LayerReport {
  const found = report.layers.find((l) => l.name === name);
  if (!found) throw new Error(`${report.name} has no layer ${name}`);
  return found;
}

function expectFigure(report: Report, [name, rf, stride, padding]: Figure): void {
  const l = layer(report, name);
  expect({ layer: name, rf: l.rf, jump: l.jump, effectivePadding: l.effectivePadding }).toEqual({
    layer: name,
    rf: [rf, rf],
    jump: [stride, stride],
    effectivePadding: [padding, padding],
  });
}

/** The model with its input size removed, as the [SLIM] rows at resolution "None". */
function withoutSize(model: ModelSpec): ModelSpec {
  return { ...model, input: { channels: model.input?.channels ?? 3 } };
}

// ─────────────────────────── TF-Slim: [SLIM] figures ───────────────────────────
// Rows: [end-point, rf, stride, padding at 224, padding at 321]. End-point names drop slim's
// model scope (alexnet_v2/pool5 → pool5, resnet_v1_50/block4 → block4).
type SlimRow = [layer: string, rf: number, stride: number, p224: number, p321: number];

const SLIM_FIGURES: Record<string, SlimRow[]> = {
  alexnet_v2: [
    ['conv1', 11, 4, 0, 0],
    ['pool1', 19, 8, 0, 0],
    ['conv2', 51, 8, 16, 16],
    ['conv3', 99, 16, 32, 32],
    ['conv4', 131, 16, 48, 48],
    ['conv5', 163, 16, 64, 64],
    ['pool5', 195, 32, 64, 64],
  ],
  vgg_16: [
    ['conv1/conv1_1', 3, 1, 1, 1],
    ['pool1', 6, 2, 2, 2],
    ['conv2/conv2_1', 10, 2, 4, 4],
    ['pool2', 16, 4, 6, 6],
    ['conv3/conv3_1', 24, 4, 10, 10],
    ['conv3/conv3_2', 32, 4, 14, 14],
    ['pool3', 44, 8, 18, 18],
    ['conv4/conv4_1', 60, 8, 26, 26],
    ['conv4/conv4_2', 76, 8, 34, 34],
    ['pool4', 100, 16, 42, 42],
    ['conv5/conv5_1', 132, 16, 58, 58],
    ['conv5/conv5_2', 164, 16, 74, 74],
    ['pool5', 212, 32, 90, 90],
  ],
  resnet_v1_50: [
    ['block1', 35, 8, 15, 17],
    ['block2', 99, 16, 47, 49],
    ['block3', 291, 32, 143, 145],
    ['block4', 483, 32, 239, 241],
  ],
  resnet_v1_101: [
    ['block1', 35, 8, 15, 17],
    ['block2', 99, 16, 47, 49],
    ['block3', 835, 32, 415, 417],
    ['block4', 1027, 32, 511, 513],
  ],
  resnet_v1_152: [
    ['block1', 35, 8, 15, 17],
    ['block2', 163, 16, 79, 81],
    ['block3', 1315, 32, 655, 657],
    ['block4', 1507, 32, 751, 753],
  ],
  mobilenet_v1: [
    ['Conv2d_0', 3, 2, 0, 1],
    ['Conv2d_1_pointwise', 7, 2, 2, 3],
    ['Conv2d_2_pointwise', 11, 4, 2, 5],
    ['Conv2d_3_pointwise', 19, 4, 6, 9],
    ['Conv2d_4_pointwise', 27, 8, 6, 13],
    ['Conv2d_5_pointwise', 43, 8, 14, 21],
    ['Conv2d_6_pointwise', 59, 16, 14, 29],
    ['Conv2d_7_pointwise', 91, 16, 30, 45],
    ['Conv2d_8_pointwise', 123, 16, 46, 61],
    ['Conv2d_9_pointwise', 155, 16, 62, 77],
    ['Conv2d_10_pointwise', 187, 16, 78, 93],
    ['Conv2d_11_pointwise', 219, 16, 94, 109],
    ['Conv2d_12_pointwise', 251, 32, 94, 125],
    ['Conv2d_13_pointwise', 315, 32, 126, 157],
  ],
  inception_v3: [
    ['Conv2d_1a_3x3', 3, 2, 0, 0],
    ['Conv2d_2a_3x3', 7, 2, 0, 0],
    ['Conv2d_2b_3x3', 11, 2, 2, 2],
    ['MaxPool_3a_3x3', 15, 4, 2, 2],
    ['Conv2d_3b_1x1', 15, 4, 2, 2],
    ['Conv2d_4a_3x3', 23, 4, 2, 2],
    ['MaxPool_5a_3x3', 31, 8, 2, 2],
    ['Mixed_5b', 63, 8, 18, 18],
    ['Mixed_5c', 95, 8, 34, 34],
    ['Mixed_5d', 127, 8, 50, 50],
    ['Mixed_6a', 159, 16, 58, 58],
    ['Mixed_6b', 351, 16, 154, 154],
    ['Mixed_6c', 543, 16, 250, 250],
    ['Mixed_6d', 735, 16, 346, 346],
    ['Mixed_6e', 927, 16, 442, 442],
    ['Mixed_7a', 1055, 32, 490, 490],
    ['Mixed_7b', 1183, 32, 554, 554],
    ['Mixed_7c', 1311, 32, 618, 618],
  ],
};

/** Models whose [SLIM] rows at resolution None give a number for the padding too. */
const SLIM_SIZE_INDEPENDENT = new Set(['alexnet_v2', 'vgg_16', 'inception_v3']);

describe('TF-Slim models reproduce the google-research/receptive_field table [SLIM]', () => {
  for (const [name, rows] of Object.entries(SLIM_FIGURES)) {
    describe(name, () => {
      it('at 224', () => {
        const report = analyze(zoo[name]!, { inputSize: 224 });
        for (const [l, rf, s, p224] of rows) expectFigure(report, [l, rf, s, p224]);
      });

      it('at 321 (SAME padding with stride 2 depends on the size)', () => {
        const report = analyze(zoo[name]!, { inputSize: 321 });
        for (const [l, rf, s, , p321] of rows) expectFigure(report, [l, rf, s, p321]);
      });

      it('without an input size: rf and stride known; padding known exactly where the table gives it', () => {
        const report = analyze(withoutSize(zoo[name]!));
        for (const [l, rf, s, p224] of rows) {
          const r = layer(report, l);
          expect({ l, rf: r.rf, jump: r.jump }).toEqual({ l, rf: [rf, rf], jump: [s, s] });
          // Unknown, never guessed, where a SAME stride-2 layer precedes (the table's "None").
          const padding = SLIM_SIZE_INDEPENDENT.has(name) ? p224 : null;
          expect({ l, effectivePadding: r.effectivePadding }).toEqual({
            l,
            effectivePadding: [padding, padding],
          });
        }
      });
    });
  }

  it('the final end-points are those of the README summary table', () => {
    // README.md: alexnet_v2 195/32/64, vgg_16 212/32/90, inception_v3 1311/32/618,
    // mobilenet_v1 315/32/126, resnet_v1_50 483/32/239, resnet_v1_101 1027/32/511,
    // resnet_v1_152 1507/32/751.
    const summary: [string, number, number, number][] = [
      ['alexnet_v2', 195, 32, 64],
      ['vgg_16', 212, 32, 90],
      ['inception_v3', 1311, 32, 618],
      ['mobilenet_v1', 315, 32, 126],
      ['resnet_v1_50', 483, 32, 239],
      ['resnet_v1_101', 1027, 32, 511],
      ['resnet_v1_152', 1507, 32, 751],
    ];
    for (const [name, rf, s, p] of summary) {
      const info = zooInfo[name]!;
      expectFigure(analyze(zoo[name]!, { inputSize: 224 }), [info.reference, rf, s, p]);
    }
  });
});

// ─────────────────────────── torchvision ───────────────────────────

describe('torchvision models reproduce published figures', () => {
  it('tv_alexnet: rf 195 at features.12 [SCAN]; stride 32, padding 66 [DERIV]', () => {
    // [DERIV] features.0 (11/4, pad 2): rf 11, j 4, P 2; features.2 (3/2): 19, 8, 2;
    // features.3 (5, pad 2): 51, 8, 18; features.5: 67, 16, 18; three 3×3 pad 1: 163, 16, 66;
    // features.12 (3/2): 195, 32, 66. (TF-Slim's alexnet_v2 has VALID conv1: padding 64.)
    const report = analyze(zoo.tv_alexnet!);
    expectFigure(report, ['features.0', 11, 4, 2]);
    expectFigure(report, ['features.12', 195, 32, 66]);
    expect(layer(report, 'features.12').outputSize).toEqual([6, 6]);
  });

  it('tv_vgg16: rf 212 at features.30 [SCAN]; every stage as TF-Slim vgg_16 [SLIM]', () => {
    // Same geometry as vgg_16 (3×3 pad 1 = SAME at stride 1; 2×2/2 pools), so the [SLIM]
    // vgg_16 rows apply to the matching torchvision modules.
    const report = analyze(zoo.tv_vgg16!);
    const tvName: Record<string, string> = {
      'conv1/conv1_1': 'features.0',
      pool1: 'features.4',
      'conv2/conv2_1': 'features.5',
      pool2: 'features.9',
      'conv3/conv3_1': 'features.10',
      'conv3/conv3_2': 'features.12',
      pool3: 'features.16',
      'conv4/conv4_1': 'features.17',
      'conv4/conv4_2': 'features.19',
      pool4: 'features.23',
      'conv5/conv5_1': 'features.24',
      'conv5/conv5_2': 'features.26',
      pool5: 'features.30',
    };
    for (const [slim, rf, s, p] of SLIM_FIGURES.vgg_16!) expectFigure(report, [tvName[slim]!, rf, s, p]);
    expect(layer(report, 'features.30').outputSize).toEqual([7, 7]);
  });

  it('tv_resnet18: rf per stage [GIST]; stride and padding [DERIV]', () => {
    // [DERIV] conv1 (7/2, pad 3): 7, 2, 3; maxpool (3/2, pad 1): 11, 4, 5; each 3×3 pad 1 at
    // jump j adds 2j to rf and j to P; the stride-2 3×3 at the head of layer2…4 adds at the old
    // jump. layer1: 43, 4, 21; layer2: 99, 8, 49; layer3: 211, 16, 105; layer4: 435, 32, 217.
    const report = analyze(zoo.tv_resnet18!);
    expectFigure(report, ['conv1', 7, 2, 3]);
    expectFigure(report, ['maxpool', 11, 4, 5]);
    expectFigure(report, ['layer1', 43, 4, 21]);
    expectFigure(report, ['layer2', 99, 8, 49]);
    expectFigure(report, ['layer3', 211, 16, 105]);
    expectFigure(report, ['layer4', 435, 32, 217]);
  });

  it('tv_resnet50 (v1.5): rf per stage [GIST]; layer3/layer4 stride and padding [DELF]', () => {
    const report = analyze(zoo.tv_resnet50!);
    expectFigure(report, ['conv1', 7, 2, 3]);
    expectFigure(report, ['maxpool', 11, 4, 5]);
    expect(layer(report, 'layer1').rf).toEqual([35, 35]);
    expect(layer(report, 'layer2').rf).toEqual([91, 91]);
    expectFigure(report, ['layer3.5.conv3', 267, 16, 133]);
    expectFigure(report, ['layer3', 267, 16, 133]);
    expectFigure(report, ['layer4.2.conv3', 427, 32, 213]);
    expectFigure(report, ['layer4', 427, 32, 213]);
    expect(layer(report, 'layer4').outputSize).toEqual([7, 7]);
  });

  it('tv_mobilenet_v2: 491 / 32 / 245 at features.18.0 [DERIV]', () => {
    // [DERIV] features.0.0 (3/2, pad 1): 3, 2, 1. Then the 3×3 depthwise convs, pad 1, each
    // adding 2j to rf and j to P at the jump j it reads: features.1 (s1) 7/2/3; features.2 (s2)
    // 11/4/5; .3 19/4/9; .4 (s2) 27/8/13; .5–.6 59/8/29; .7 (s2) 75/16/37; .8–.13 (six at 16)
    // 267/16/133; .14 (s2) 299/32/149; .15–.17 (three at 32) 491/32/245; features.18.0 is 1×1.
    const report = analyze(zoo.tv_mobilenet_v2!);
    expectFigure(report, ['features.0.0', 3, 2, 1]);
    expectFigure(report, ['features.3', 19, 4, 9]);
    expectFigure(report, ['features.13', 267, 16, 133]);
    expectFigure(report, ['features.18.0', 491, 32, 245]);
    expect(layer(report, 'features.18.0').outputSize).toEqual([7, 7]);
  });
});

// ─────────────────────────── structure ───────────────────────────

const EXPECTED_NAMES = [
  'alexnet_v2',
  'vgg_16',
  'resnet_v1_50',
  'resnet_v1_101',
  'resnet_v1_152',
  'mobilenet_v1',
  'inception_v3',
  'tv_alexnet',
  'tv_vgg16',
  'tv_resnet18',
  'tv_resnet50',
  'tv_mobilenet_v2',
];

function count(model: ModelSpec, op: string): number {
  return model.layers.filter((l) => l.op === op).length;
}

describe('zoo structure', () => {
  it('has exactly the documented models, in order, each under its own name', () => {
    expect([...zooNames]).toEqual(EXPECTED_NAMES);
    expect(Object.keys(zoo).sort()).toEqual([...EXPECTED_NAMES].sort());
    for (const name of zooNames) expect(zoo[name]!.name).toBe(name);
  });

  it('every model parses: unique names, inputs that name earlier layers, no cycles', () => {
    for (const name of zooNames) {
      const model = zoo[name]!;
      const names = model.layers.map((l) => l.name);
      expect(new Set(names).size, name).toBe(names.length);
      const seen = new Set(['input']);
      for (const l of model.layers) {
        for (const i of l.inputs ?? []) expect(seen.has(i), `${name}: ${l.name} reads ${i}`).toBe(true);
        seen.add(l.name!);
      }
      expect(() => parseModel(model), name).not.toThrow();
    }
  });

  it('input sizes are the reference resolutions (224; inception_v3 299)', () => {
    for (const name of zooNames) {
      const size = name === 'inception_v3' ? 299 : 224;
      expect(zoo[name]!.input, name).toEqual({ size: [size, size], channels: 3 });
    }
  });

  it('the multi-path blocks are DAGs with their merges', () => {
    // One skip `add` per residual unit / inverted residual with a skip.
    expect(count(zoo.resnet_v1_50!, 'add')).toBe(3 + 4 + 6 + 3);
    expect(count(zoo.resnet_v1_101!, 'add')).toBe(3 + 4 + 23 + 3);
    expect(count(zoo.resnet_v1_152!, 'add')).toBe(3 + 8 + 36 + 3);
    expect(count(zoo.tv_resnet18!, 'add')).toBe(8);
    expect(count(zoo.tv_resnet50!, 'add')).toBe(16);
    // mobilenet_v2: blocks 3, 5, 6, 8, 9, 10, 12, 13, 15, 16 keep stride 1 and width.
    expect(
      zoo
        .tv_mobilenet_v2!.layers.filter((l) => l.op === 'add')
        .map((l) => l.name)
        .sort(),
    ).toEqual([3, 5, 6, 8, 9, 10, 12, 13, 15, 16].map((i) => `features.${i}`).sort());
    // inception_v3: 11 mixed blocks, plus the 1×3/3×1 splits of Mixed_7b and Mixed_7c.
    expect(count(zoo.inception_v3!, 'concat')).toBe(11 + 4);
    const mixed7c = zoo.inception_v3!.layers.find((l) => l.name === 'Mixed_7c')!;
    expect(mixed7c.inputs).toEqual([
      'Mixed_7c/Branch_0/Conv2d_0a_1x1',
      'Mixed_7c/Branch_1/concat',
      'Mixed_7c/Branch_2/concat',
      'Mixed_7c/Branch_3/Conv2d_0b_1x1',
    ]);
    for (const name of zooNames) {
      for (const l of zoo[name]!.layers) {
        if (l.op === 'add' || l.op === 'concat') expect(l.inputs!.length, l.name).toBeGreaterThanOrEqual(2);
      }
    }
    // Chains stay chains.
    for (const name of ['alexnet_v2', 'vgg_16', 'mobilenet_v1', 'tv_alexnet', 'tv_vgg16']) {
      expect(count(zoo[name]!, 'add') + count(zoo[name]!, 'concat'), name).toBe(0);
    }
  });

  it('slim resnet_v1 strides in the last unit (subsampled shortcut); torchvision in the first block', () => {
    const slim = zoo.resnet_v1_50!.layers;
    const conv2 = slim.find((l) => l.name === 'block1/unit_3/bottleneck_v1/conv2')!;
    expect(conv2).toMatchObject({ stride: 2, padding: 1 });
    expect(slim.find((l) => l.name === 'block1/unit_3/bottleneck_v1/shortcut')).toMatchObject({
      op: 'maxpool',
      kernel: 1,
      stride: 2,
    });
    expect(slim.find((l) => l.name === 'block1/unit_1/bottleneck_v1/conv2')!.stride).toBeUndefined();
    const tv = zoo.tv_resnet50!.layers;
    expect(tv.find((l) => l.name === 'layer2.0.conv2')).toMatchObject({ stride: 2, padding: 1 });
    expect(tv.find((l) => l.name === 'layer2.0.conv1')!.stride).toBeUndefined();
    expect(tv.find((l) => l.name === 'layer2.0.downsample.0')).toMatchObject({ kernel: 1, stride: 2 });
  });

  it('each reference layer exists and everything after it is the classifier head', () => {
    for (const name of zooNames) {
      const report = analyze(zoo[name]!);
      const ref = zooInfo[name]!.reference;
      const at = report.layers.findIndex((l) => l.name === ref);
      expect(at, `${name}: ${ref}`).toBeGreaterThan(0);
      // The head ends in a global layer, or (slim alexnet_v2/vgg_16, whose fc layers are VALID
      // convs) in a 1×1 map at the reference size.
      const out = report.output;
      expect(out.global || out.outputSize.every((n) => n === 1), name).toBe(true);
      expect(
        report.layers.slice(0, at + 1).every((l) => !l.global),
        name,
      ).toBe(true);
    }
  });

  it('is plain JSON and deeply frozen', () => {
    for (const name of zooNames) {
      const model = zoo[name]!;
      expect(JSON.parse(JSON.stringify(model))).toEqual(model);
      expect(
        Object.isFrozen(model) && Object.isFrozen(model.layers) && Object.isFrozen(model.layers[0]),
      ).toBe(true);
    }
    expect(() => (zoo.vgg_16!.layers as unknown[]).push({})).toThrow(TypeError);
  });
});

describe('analysis of the zoo', () => {
  for (const name of EXPECTED_NAMES) {
    it(`${name}: merges aligned (no warning; strict passes) at its size and at 321`, () => {
      for (const inputSize of [undefined, 321]) {
        const report = analyze(zoo[name]!, { inputSize, strict: true });
        const misaligned = report.warnings.filter((w) => w.code.includes('misalign'));
        expect(misaligned, `${name} @ ${inputSize ?? 'default'}`).toEqual([]);
      }
    });
  }

  it('inception_v3 runs at 299 and at 224, with the [SLIM] figures at both', () => {
    const at299 = analyze(zoo.inception_v3!);
    const at224 = analyze(zoo.inception_v3!, { inputSize: 224 });
    expect(layer(at299, 'Mixed_7c').outputSize).toEqual([8, 8]);
    expect(layer(at224, 'Mixed_7c').outputSize).toEqual([5, 5]);
    for (const report of [at299, at224]) expectFigure(report, ['Mixed_7c', 1311, 32, 618]);
  });

  it('inception_v3 factorised convs are per-axis: a 1×7 conv grows the width only', () => {
    const report = analyze(zoo.inception_v3!);
    const before = layer(report, 'Mixed_6b/Branch_1/Conv2d_0a_1x1');
    const after = layer(report, 'Mixed_6b/Branch_1/Conv2d_0b_1x7');
    expect(after.rf).toEqual([before.rf[0], (before.rf[1] ?? 0) + 6 * 16]);
  });

  it('the brute-force oracle agrees with analyze on every layer of every model (at its size and 321)', () => {
    const fields = (r: Report | OracleReport) =>
      r.layers.map(({ name, rf, jump, effectivePadding, center, outputSize, covered, global }) => ({
        name,
        rf,
        jump,
        effectivePadding,
        center,
        outputSize,
        covered,
        global,
      }));
    for (const name of zooNames) {
      for (const inputSize of [undefined, 321]) {
        const model = inputSize === undefined ? zoo[name]! : { ...zoo[name]!, input: { size: [321, 321] } };
        expect(fields(analyze(model)), `${name} @ ${inputSize ?? 'default'}`).toEqual(fields(oracle(model)));
      }
    }
  });
});
