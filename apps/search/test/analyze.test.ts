// `rfkit analyze`: every kind of MODEL argument and every format.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from 'rfkit';
import { afterAll, describe, expect, it } from 'vitest';
import { expectOneLine, run, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const FIXTURES = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'packages',
  'onnx',
  'test',
  'fixtures',
);

// rf: 1 → 7 → 7+2·2=11 → 11+2·4=19 → 19+2·2·4=35; jump 1 → 2 → 4 → 4 → 4.
const COMPACT = 'conv7s2p3 maxpool3s2p1 conv3p1 conv3p2d2';
const MODEL = {
  name: 'tiny',
  input: { size: [64, 64], channels: 3 },
  layers: [
    { name: 'c1', op: 'conv', kernel: 7, stride: 2, padding: 3 },
    { name: 'p1', op: 'maxpool', kernel: 3, stride: 2, padding: 1 },
    { name: 'c2', op: 'conv', kernel: 3, padding: 1 },
    { name: 'c3', op: 'conv', kernel: 3, dilation: 2, padding: 2 },
  ],
};
// Two paths whose centres differ: an unpadded 3×3 conv (centre offset 1) next to a 1×1 conv (0).
// No input size, so the different output sizes are unknown and only the misalignment remains.
const MISALIGNED = {
  layers: [
    { name: 'a', op: 'conv', kernel: 3, inputs: ['input'] },
    { name: 'b', op: 'conv', kernel: 1, inputs: ['input'] },
    { name: 'm', op: 'add', inputs: ['a', 'b'] },
  ],
};

async function json(args: string[]) {
  const r = await run(['analyze', ...args, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('analyze', () => {
  it('a compact string: the report of analyze()', async () => {
    const r = await json([COMPACT]);
    expect(r.layers).toHaveLength(4);
    expect(r.output.rf).toEqual([35, 35]);
    expect(r.output.jump).toEqual([4, 4]);
    expect(r.output).toEqual(r.layers[3]);
    expect(Object.keys(r).sort()).toEqual(
      expect.arrayContaining(['name', 'input', 'layers', 'output', 'warnings']),
    );
  });

  it('a JSON file equals the same model in compact form', async () => {
    const f = tmp.file('tiny.json', MODEL);
    const a = await json([f]);
    const b = await json([COMPACT, '--input', '64']);
    expect(a.output.rf).toEqual(b.output.rf);
    expect(a.output.outputSize).toEqual([16, 16]);
    expect(a.layers.map((l: { rf: number[] }) => l.rf)).toEqual(b.layers.map((l: { rf: number[] }) => l.rf));
  });

  it('a file of compact text', async () => {
    const f = tmp.file('tiny.txt', `${COMPACT}\n`);
    expect((await json([f])).output.rf).toEqual([35, 35]);
  });

  it('--input overrides the input size', async () => {
    const f = tmp.file('tiny2.json', MODEL);
    expect((await json([f, '--input', '321'])).output.outputSize).toEqual([81, 81]);
    expect((await json([f, '--input', '64x128'])).output.outputSize).toEqual([16, 32]);
  });

  it('zoo models: vgg_16 has the published 212 px at pool5; resnet_v1_50 ends global after 483 px', async () => {
    const table = await run(['analyze', 'zoo:resnet_v1_50']);
    expect(table.stdout.split('\n\n')[0]!.replace(/\s+/g, ' ')).toMatch(
      /The output \(logits\) is global: every unit sees the whole input\. Before that, each unit of block4 sees 483 input pixels; neighbouring units are 32 pixels apart/,
    );
    const r = await json(['zoo:vgg_16']);
    const pool5 = r.layers.find((l: { name: string }) => /pool5$/.test(l.name));
    expect(pool5.rf).toEqual([212, 212]);
    expect(pool5.jump).toEqual([32, 32]);
  });

  it('an .onnx file', async () => {
    const r = await json([join(FIXTURES, 'vgg16.onnx')]);
    expect(r.layers.length).toBeGreaterThan(10);
    expect(r.layers.some((l: { rf: number[] }) => l.rf[0] === 212)).toBe(true);
  });

  it('table: a summary and one row per layer', async () => {
    const r = await run(['analyze', COMPACT, '--input', '64']);
    expect(r.code).toBe(0);
    const prose = r.stdout.split('\n\n')[0]!.replace(/\s+/g, ' ');
    expect(prose).toMatch(/Each unit of conv_3 sees 35 input pixels; neighbouring units are 4 pixels apart/);
    const rows = r.stdout.split('\n').filter((l) => /^(conv|maxpool)_\d/.test(l));
    expect(rows).toHaveLength(4);
    expect(rows[3]).toMatch(/^conv_3\s+conv\s+35\s+4\s/);
  });

  it('markdown: a pipe table', async () => {
    const r = await run(['analyze', COMPACT, '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\n\| layer \| op \| rf \| jump \|/);
    expect(r.stdout).toMatch(/\n\| conv_3 \| conv \| 35 \| 4 \|/);
  });

  it('csv: one column per axis', async () => {
    const r = await run(['analyze', COMPACT, '--format', 'csv', '--input', '64']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'name,op,inputs,rf_0,rf_1,jump_0,jump_1,effectivePadding_0,effectivePadding_1,center_0,center_1,outputSize_0,outputSize_1,covered_0,covered_1,global,rfMin_0,rfMin_1,erfStd_0,erfStd_1,erfSpan_0,erfSpan_1',
    );
    expect(lines).toHaveLength(5);
    expect(lines[4]).toMatch(/^conv_3,conv,conv_2,35,35,4,4,/);
    // rfMin = rf in a chain; the ERF std at full precision (√60: see the JSON test) and span.
    expect(lines[4]).toMatch(/,false,35,35,7\.745966692414\d*,7\.745966692414\d*,\d+,\d+$/);
  });

  it('json: rfMin and erf on every layer, as the library computes them', async () => {
    const r = await json([COMPACT, '--input', '64']);
    const lib = analyze(COMPACT, { inputSize: 64 });
    expect(r.layers.map((l: { rfMin: unknown; erf: unknown }) => [l.rfMin, l.erf])).toEqual(
      lib.layers.map((l) => [l.rfMin, l.erf]),
    );
    // Σ jump²·d²·(k²−1)/12 = 48/12 + 4·8/12 + 16·8/12 + 16·4·8/12 = 60.
    expect(r.output.erf.std[0]).toBeCloseTo(Math.sqrt(60), 12);
    expect(r.output.rfMin).toEqual([35, 35]);
  });

  it('table and markdown: ERF columns, rf min where paths differ, and how much of the field the ERF covers', async () => {
    const lib = analyze(COMPACT, { inputSize: 64 }).output;
    // Wide enough for every column (80 would leave out covered, which only repeats rf here).
    const wide = { env: { COLUMNS: '200' } };
    const t = await run(['analyze', COMPACT, '--input', '64'], wide);
    const [prose, table] = t.stdout.split('\n\n') as [string, string];
    const ratio = Math.round((100 * lib.erf.span[0]!) / 35);
    const area = Number(((100 * lib.erf.span[0]! ** 2) / 35 ** 2).toPrecision(2));
    expect(prose.replace(/\s+/g, ' ')).toContain(
      `Its effective receptive field (the central 95% of the input's influence, about ±2σ with σ = 7.7 pixels) spans ${lib.erf.span[0]} of those pixels: it covers ${ratio}% of the theoretical field per side, ${area}% of its area.`,
    );
    expect(table.split('\n')[0]).toMatch(/ covered +erf std +erf span$/);
    expect(table.split('\n')[0]).not.toMatch(/rf min/);
    expect(table.split('\n').find((l) => l.startsWith('conv_3'))).toMatch(
      new RegExp(` 7\\.7 +${lib.erf.span[0]}$`),
    );
    const md = await run(['analyze', COMPACT, '--format', 'markdown']);
    expect(md.stdout).toMatch(/\| covered \| erf std \| erf span \|/);
    // A residual block: its shortest path (the skip) sees less than the union.
    const res = await run(['analyze', 'in32 x:conv3p1 a:conv3p1 b:conv3p1 s:add(b,x)'], wide);
    expect(res.stdout).toMatch(/\n *# +layer +op +inputs \(#\) +rf +rf min +jump/);
    // s (row 4) adds b (row 3) and x (row 1).
    expect(res.stdout.split('\n').find((l) => /^ *4 +s /.test(l))).toMatch(/^ *4 +s +add +3,1 +7 +3 +1 /);
    expect(res.stdout.replace(/\s+/g, ' ')).toContain(
      'Its shortest path from the input sees only 3 pixels (rfMin).',
    );
    // 1-D: a share of the field, no area.
    const one = await run(['analyze', '1d in64 conv3 conv3 conv3']);
    expect(one.stdout.replace(/\s+/g, ' ')).toMatch(/it covers \d+% of the theoretical field\./);
  });

  it('warns once about the first unproductive layer', async () => {
    const r = await run(['analyze', 'in8 conv3 conv3 conv3 c4:conv3p2 c5:conv3p2']);
    expect(r.code).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.includes('[unproductive]'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^rfkit: warning: layers\[3\] \(c4\) is the first unproductive layer: .*rfMin \[9, 9\]/,
    );
  });

  it('warnings go to stderr; --strict makes misalignment an error', async () => {
    const f = tmp.file('mis.json', MISALIGNED);
    const warn = await run(['analyze', f]);
    expect(warn.code).toBe(0);
    expect(warn.stderr).toMatch(/^rfkit: warning: .*\[misaligned-merge\]/m);
    const strict = await run(['analyze', f, '--strict']);
    expect(strict.code).toBe(1);
    expect(expectOneLine(strict.stderr)).toMatch(/mis\.json: .*(misaligned|align)/i);
  });

  it('bad models fail with one line', async () => {
    const cases: [string[], RegExp][] = [
      [['conv3x'], /"conv3x" is not a file, zoo:NAME or a compact model/],
      [['zoo:nope'], /zoo:nope: no such model; the zoo has .*vgg_16/],
      [[tmp.file('missing.json')], /missing\.json: no such file/],
      [[tmp.file('bad.json', '{"layers": [{"op": "conv"}]}')], /bad\.json: .*kernel/],
      [[tmp.file('garbage.onnx', 'not a protobuf')], /garbage\.onnx: /],
    ];
    for (const [args, pattern] of cases) {
      const r = await run(['analyze', ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(expectOneLine(r.stderr)).toMatch(pattern);
    }
  });
});
