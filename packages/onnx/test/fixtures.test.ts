// Real models exported from PyTorch (scripts/export_fixtures.py): published figures, the zoo's
// hand-written torchvision models, and the brute-force oracle.

import { readFileSync } from 'node:fs';
import { analyze, type LayerReport, type ModelSpec, oracle, parseModel } from 'rfkit';
import { zoo, zooInfo } from 'rfkit/zoo';
import { describe, expect, test } from 'vitest';
import { importOnnx } from '../src/index.js';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`./fixtures/${name}.onnx`, import.meta.url)));
const load = (name: string) => importOnnx(fixture(name));

/** The last layer before the global head: the layer published receptive fields describe. */
function featureLayer(layers: readonly LayerReport[]): LayerReport {
  const found = [...layers].reverse().find((l) => !l.global);
  if (!found) throw new Error('no feature layer');
  return found;
}

const figures = (l: LayerReport) => ({ rf: l.rf, jump: l.jump, effectivePadding: l.effectivePadding });

describe('published figures', () => {
  // rf / effective stride (jump) / effective padding of the last feature layer at 224×224.
  test.each([
    ['alexnet', 'avgpool', 195, 32, 66, 6],
    ['vgg16', 'avgpool', 212, 32, 90, 7],
    ['resnet18', 'layer4.1', 435, 32, 217, 7],
    ['resnet50', 'layer4.2', 427, 32, 213, 7],
    ['mobilenet_v2', 'features.18.0', 491, 32, 245, 7],
    ['googlenet', 'inception5b', 379, 32, 167, 7],
    ['squeezenet1_0', 'classifier.1', 155, 16, 60, 13],
  ])(
    '%s: %s has rf %i, effective stride %i, effective padding %i, %i×%i output',
    (name, layer, rf, jump, p, out) => {
      const report = analyze(load(name).model);
      const feature = featureLayer(report.layers);
      expect(feature.name).toBe(layer);
      expect(figures(feature)).toEqual({ rf: [rf, rf], jump: [jump, jump], effectivePadding: [p, p] });
      expect(feature.outputSize).toEqual([out, out]);
      // The classifier head sees the whole image.
      expect(report.output).toMatchObject({ global: true, rf: [224, 224], jump: [null, null] });
    },
  );

  test('dilated resnet50 (DeepLab-style, output stride 8): rf 427, stride 8, 64×64 at 512', () => {
    const { model } = load('resnet50_dilated');
    expect(model.input).toEqual({ size: [512, 512], channels: 3 });
    const out = analyze(model).output;
    expect(out.name).toBe('layer4.2');
    expect(figures(out)).toEqual({ rf: [427, 427], jump: [8, 8], effectivePadding: [213, 213] });
    expect(out.outputSize).toEqual([64, 64]);
    expect(model.layers.find((l) => l.name === 'layer4.1.conv2')).toMatchObject({ dilation: 4, padding: 4 });
  });

  test('1-D audio model: rf 85 samples, stride 40, padding 33', () => {
    const { model } = load('conv1d');
    expect(model.input).toEqual({ size: [16000], channels: 1 });
    const report = analyze(model);
    expect(figures(featureLayer(report.layers))).toEqual({ rf: [85], jump: [40], effectivePadding: [33] });
    expect(report.output.global).toBe(true);
  });

  test('symbolic height and width: no input size, same rf; the global head has rf null', () => {
    const { model, warnings } = load('resnet18_dynamic');
    expect(model.input).toEqual({ channels: 3 });
    expect(warnings).toEqual([]);
    const report = analyze(model);
    expect(figures(featureLayer(report.layers))).toEqual({
      rf: [435, 435],
      jump: [32, 32],
      effectivePadding: [217, 217],
    });
    expect(report.output).toMatchObject({ global: true, rf: [null, null] });
  });
});

describe('agreement with the zoo (torchvision models written by hand)', () => {
  test.each([
    ['alexnet', 'tv_alexnet'],
    ['vgg16', 'tv_vgg16'],
    ['resnet18', 'tv_resnet18'],
    ['resnet50', 'tv_resnet50'],
    ['mobilenet_v2', 'tv_mobilenet_v2'],
  ])('%s matches zoo.%s at the final feature layer and at every layer both name', (name, zooName) => {
    const mine = analyze(load(name).model);
    const theirs = analyze(zoo[zooName] as ModelSpec);
    const reference = theirs.layers.find((l) => l.name === zooInfo[zooName]?.reference) as LayerReport;
    expect(reference).toBeDefined();
    expect(figures(featureLayer(mine.layers))).toEqual(figures(reference));
    expect(featureLayer(mine.layers).outputSize).toEqual(reference.outputSize);
    // The importer names layers by PyTorch module path, as the zoo does, so most names line up.
    const byName = new Map(mine.layers.map((l) => [l.name, l]));
    const common = theirs.layers.filter((l) => byName.has(l.name));
    expect(common.length).toBeGreaterThan(theirs.layers.length * 0.8);
    for (const l of common) {
      expect({ name: l.name, ...figures(byName.get(l.name) as LayerReport) }).toEqual({
        name: l.name,
        ...figures(l),
      });
    }
  });
});

describe('agreement with the oracle', () => {
  test.each(['unet_small', 'ops_zoo'])('%s: analyze equals the brute-force oracle at every layer', (name) => {
    const { model } = load(name);
    const fast = analyze(model);
    const slow = oracle(model);
    expect(fast.layers.map((l) => l.name)).toEqual(slow.layers.map((l) => l.name));
    for (const [i, l] of fast.layers.entries()) {
      const o = slow.layers[i] as LayerReport;
      expect({ name: l.name, ...figures(l), out: l.outputSize, covered: l.covered }).toEqual({
        name: o.name,
        ...figures(o),
        out: o.outputSize,
        covered: o.covered,
      });
    }
  });

  test('unet_small: layers, skip concatenations and the decoder output', () => {
    const { model } = load('unet_small');
    expect(model.layers.map((l) => `${l.name}:${l.op}`)).toEqual([
      'enc1.0:conv',
      'enc1.3:conv',
      'pool1:maxpool',
      'enc2.0:conv',
      'enc2.3:conv',
      'pool2:maxpool',
      'mid.0:conv',
      'mid.3:conv',
      'up2:deconv',
      'Concat:concat',
      'dec2.0:conv',
      'dec2.3:conv',
      'up1:upsample',
      'red1:conv',
      'Concat_1:concat',
      'dec1.0:conv',
      'dec1.3:conv',
      'head:conv',
    ]);
    expect(model.layers.find((l) => l.name === 'Concat')?.inputs).toEqual(['up2', 'enc2.3']);
    const out = analyze(model).output;
    expect(out).toMatchObject({ name: 'head', rf: [44, 44], jump: [1, 1], outputSize: [32, 32] });
  });

  test('ops_zoo: the less common geometry is represented exactly', () => {
    const { model, warnings } = load('ops_zoo');
    expect(warnings).toEqual([]);
    const by = (n: string) => model.layers.find((l) => l.name === n);
    expect(by('Pad')).toEqual({
      name: 'Pad',
      op: 'avgpool',
      kernel: 1,
      padding: { begin: [0, 0], end: [1, 1] },
    });
    expect(by('dw')).toMatchObject({ op: 'conv', kernel: 3, dilation: 2, padding: 2, channels: 8 });
    expect(by('grp')).toMatchObject({ op: 'conv', kernel: [3, 5], padding: [1, 2], channels: 16 });
    expect(by('pool')).toMatchObject({ op: 'maxpool', ceilMode: true });
    expect(by('lp')).toMatchObject({ op: 'avgpool', kernel: 2, stride: 2 });
    expect(by('Mul')).toMatchObject({ op: 'mul', inputs: ['lp', 'gate'] });
    expect(by('up')).toMatchObject({ op: 'deconv', kernel: 3, stride: 2, padding: 1, outputPadding: 1 });
    // interpolate(size=other.shape[2:]): Shape → Gather → Concat → Resize sizes, folded to ×2.
    expect(by('Resize')).toMatchObject({ op: 'upsample', scale: 2 });
    expect(by('Slice_1')).toMatchObject({ op: 'avgpool', padding: [-1, 0] });
    expect(analyze(model).output.outputSize).toEqual([32, 32]);
  });
});

describe('every fixture', () => {
  const all = [
    'alexnet',
    'vgg16',
    'resnet18',
    'resnet50',
    'mobilenet_v2',
    'googlenet',
    'squeezenet1_0',
    'resnet50_dilated',
    'resnet18_dynamic',
    'unet_small',
    'ops_zoo',
    'conv1d',
  ];

  test.each(all)('%s imports to a valid ModelSpec with only geometric layers, from a small file', (name) => {
    const bytes = fixture(name);
    expect(bytes.length).toBeLessThan(64 * 1024);
    const { model } = importOnnx(bytes);
    expect(() => parseModel(model)).not.toThrow();
    const names = model.layers.map((l) => l.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[A-Za-z0-9_.:-]+$/);
    expect(model.layers.some((l) => l.op === 'identity')).toBe(false);
  });

  test('resnet50 keeps exactly its geometric nodes: 53 conv, 1 maxpool, 16 add, 2 global', () => {
    const ops = load('resnet50').model.layers.map((l) => l.op);
    const count = (op: string) => ops.filter((o) => o === op).length;
    expect([count('conv'), count('maxpool'), count('add'), count('global'), ops.length]).toEqual([
      53, 1, 16, 2, 72,
    ]);
    expect(load('resnet50').model.layers.at(-1)).toEqual({ name: 'fc', op: 'global' });
  });
});
