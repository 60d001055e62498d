// How the commands read their input files: `-` (standard input), /dev/stdin and process
// substitution (a FIFO) for every command; for `analyze`, what a stream or a file without a known
// extension holds is recognised from its bytes, and anything that is not a model is one line
// saying what it looks like — never the raw bytes.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, expectOneLine, run, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const here = dirname(fileURLToPath(import.meta.url));
const RESNET18 = join(here, '..', '..', '..', 'packages', 'onnx', 'test', 'fixtures', 'resnet18.onnx');
const SPACE = { depth: 4, choices: { kernel: [1, 3], stride: [1, 2] }, constraints: { rf: { min: 5 } } };
const MODEL = {
  name: 'two',
  layers: [
    { op: 'conv', kernel: 3 },
    { op: 'conv', kernel: 3, stride: 2 },
  ],
};

/** Runs the CLI under bash, so that `<(...)` makes a real FIFO; returns stdout. */
function viaBash(command: string): string {
  return execFileSync('bash', ['-c', command], {
    encoding: 'utf8',
    env: { ...process.env, CLI: CLI, NODE: process.execPath },
  });
}

async function analyzed(args: string[], input?: string | Uint8Array) {
  const r = await run(['analyze', ...args, '--format', 'json', '-q'], input === undefined ? {} : { input });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('analyze reads streams', () => {
  it('- reads standard input: compact text, JSON and ONNX alike', async () => {
    expect((await analyzed(['-'], 'conv3 conv3 maxpool2s2')).output.rf).toEqual([6, 6]);
    expect((await analyzed(['-'], JSON.stringify(MODEL))).name).toBe('two');
    const fromFile = await analyzed([RESNET18]);
    const fromStdin = await analyzed(['-'], readFileSync(RESNET18));
    expect(fromStdin.layers).toEqual(fromFile.layers);
    expect(fromStdin.output.rf).toEqual([224, 224]);
  });

  it('/dev/stdin and <(...) (a FIFO) too', async () => {
    expect((await analyzed(['/dev/stdin'], 'conv3 conv5')).output.rf).toEqual([7, 7]);
    const compact = tmp.file('model.txt', 'conv7s2p3 maxpool3s2p1');
    const viaFifo = JSON.parse(
      viaBash(`"$NODE" "$CLI" analyze <(cat ${JSON.stringify(compact)}) --format json -q`),
    );
    expect(viaFifo.output.rf).toEqual([11, 11]);
    const onnx = JSON.parse(
      viaBash(`"$NODE" "$CLI" analyze <(cat ${JSON.stringify(RESNET18)}) --format json -q`),
    );
    expect(onnx.output.rf).toEqual([224, 224]);
  });

  it('files without a known extension are sniffed: ONNX, JSON or compact text', async () => {
    const onnx = tmp.file('resnet18-model');
    execFileSync('cp', [RESNET18, onnx]);
    expect((await analyzed([onnx])).layers).toHaveLength((await analyzed([RESNET18])).layers.length);
    expect((await analyzed([tmp.file('model-json', MODEL)])).name).toBe('two');
    expect((await analyzed([tmp.file('model-text', 'in32 conv3p1 conv3p1\n')])).input.size).toEqual([32, 32]);
  });
});

describe('analyze: input that is not a model', () => {
  const cases: [name: string, bytes: Uint8Array, says: RegExp][] = [
    [
      'NUL and BEL in text',
      new Uint8Array([0x61, 0x62, 0x00, 0x07, 0x63, 0x64]),
      /text with a control character \(0x00 at character 3\), not a model/,
    ],
    [
      'a zip (a PyTorch checkpoint)',
      new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 7, 0, 0, 0]),
      /a zip archive \(as PyTorch \.pt\/\.pth checkpoints are\), not a model: export the model with torch\.onnx\.export/,
    ],
    ['a pickle', new Uint8Array([0x80, 0x02, 0x7d, 0x71, 0x00, 0x07]), /a Python pickle/],
    [
      'an HDF5 file',
      new Uint8Array([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0, 7]),
      /an HDF5 file \(a Keras \.h5 model\?\)/,
    ],
    [
      'gzip',
      new Uint8Array([0x1f, 0x8b, 8, 0, 0, 7]),
      /gzip-compressed data, not a model: decompress it first/,
    ],
    [
      'other binary',
      new Uint8Array([0x01, 0x02, 0x00, 0x07, 0xff, 0xfe, 0x10, 0x11, 0x12]),
      /binary data, not ONNX \(it starts 01 02 00 07 ff fe 10 11 …\)/,
    ],
    ['nothing', new Uint8Array([]), /an empty input, not a model/],
  ];

  it.each(cases)('%s: one line naming what it looks like, no raw control bytes', async (_, bytes, says) => {
    for (const args of [['-'], [tmp.file(`junk-${bytes.length}-${bytes[0] ?? 'empty'}`)]]) {
      if (args[0] !== '-') writeFileSync(args[0]!, bytes);
      const r = await run(['analyze', ...args], { input: bytes });
      expect(r.code).toBe(1);
      const line = expectOneLine(r.stderr);
      expect(line).toMatch(says);
      expect(line).toMatch(args[0] === '-' ? /^rfkit: stdin: / : /^rfkit: \/.*junk-/);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: no control character may reach the terminal.
      expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      expect(r.stdout).toBe('');
    }
  });

  it('an echoed control character in compact text is shown escaped', async () => {
    const r = await run(['analyze', 'conv3 \u0007x']);
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toContain('"\\x07x"');
    expect(r.stderr).not.toContain('\u0007');
  });

  it('protobuf that is not ONNX is named as such', async () => {
    const r = await run(['analyze', '-'], { input: new Uint8Array([0x08, 0x07, 0x03, 0xff, 0xfe]) });
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toMatch(/^rfkit: stdin: not a valid ONNX file/);
  });
});

describe('the other commands read - and FIFOs', () => {
  it('count and search take SPACE.json from standard input or <(...)', async () => {
    const count = await run(['count', '-'], { input: JSON.stringify(SPACE) });
    expect(count.code, count.stderr).toBe(0);
    const file = tmp.file('space.json', SPACE);
    expect(viaBash(`"$NODE" "$CLI" count <(cat ${JSON.stringify(file)})`)).toBe(count.stdout);
    const search = await run(['search', '-', '--format', 'json', '-q'], { input: JSON.stringify(SPACE) });
    expect(search.code, search.stderr).toBe(0);
    expect(String(JSON.parse(search.stdout).feasible)).toBe(count.stdout.trim());
    const bad = await run(['count', '-'], { input: '{' });
    expect(expectOneLine(bad.stderr)).toMatch(/^rfkit: stdin: not valid JSON/);
  });

  it('merge takes a result from standard input', async () => {
    const part = await run(['search', '-', '--format', 'json', '-q'], { input: JSON.stringify(SPACE) });
    const merged = await run(['merge', '-', '--format', 'json'], { input: part.stdout });
    expect(merged.code, merged.stderr).toBe(0);
    expect(JSON.parse(merged.stdout).feasible).toBe(JSON.parse(part.stdout).feasible);
  });
});
