// Errors in the words of the command line: a problem with a field that a flag set names the flag,
// one with a field of SPACE.json names the file and the field; and a file that is no search result
// says what it looks like.
import { afterAll, describe, expect, it } from 'vitest';
import { expectOneLine, run, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const SMALL = ['--depth', '3', '--kernels', '3', '--strides', '1,2'];

async function fails(args: string[], code: number): Promise<string> {
  const r = await run(args);
  expect(r.code, r.stdout).toBe(code);
  expect(r.stdout).toBe('');
  return expectOneLine(r.stderr);
}

describe('flag errors name the flag', () => {
  it('--objective flops and --min-output need --input', async () => {
    expect(await fails(['search', ...SMALL, '--objective', 'flops'], 2)).toBe(
      'rfkit: --objective flops needs --input (the input size)',
    );
    expect(await fails(['count', ...SMALL, '--min-output', '3'], 2)).toBe(
      'rfkit: --min-output needs --input (the input size)',
    );
    expect((await run(['search', ...SMALL, '--objective', 'flops', '--input', '32', '-q'])).code).toBe(0);
  });

  it('the same need from SPACE.json names the file, the field and both ways to meet it', async () => {
    const file = tmp.file('flops.json', {
      depth: 3,
      choices: { kernel: [3], stride: [1, 2] },
      objective: 'flops',
    });
    expect(await fails(['search', file], 1)).toBe(
      `rfkit: ${file}: objective "flops" needs the input size: --input N, or constraints.inputSize`,
    );
    expect((await run(['search', file, '--input', '64', '-q'])).code).toBe(0);
  });

  it('a bad value a flag set names the flag; the same in a file names the field', async () => {
    expect(await fails(['count', '--depth', '3', '--kernels', '3,5,3', '--strides', '1'], 2)).toBe(
      'rfkit: --kernels: duplicate value 3 (each choice may appear once)',
    );
    const file = tmp.file('dup.json', { depth: 3, choices: { kernel: [3, 5, 3], stride: [1] } });
    expect(await fails(['count', file], 1)).toBe(
      `rfkit: ${file}: choices.kernel[2]: duplicate value 3 (each choice may appear once)`,
    );
    // The flag replaces the file's list, so then the flag is to blame.
    expect(await fails(['count', file, '--kernels', '1,1'], 2)).toMatch(
      /^rfkit: --kernels: duplicate value 1/,
    );
  });
});

describe('files that are no search result', () => {
  it.each([
    ['model.json', { layers: [{ op: 'conv', kernel: 3 }] }, 'it looks like a model: it has "layers"'],
    [
      'space.json',
      { depth: 3, choices: { kernel: [3], stride: [1] } },
      'it looks like a search space: it has "depth" or "choices"',
    ],
    ['empty.json', {}, 'an empty object'],
    [
      'other.json',
      { hello: 1 },
      'it has none of "spaceId", "total", "evaluated", "feasible", "nextIndex", "range"',
    ],
  ])('merge and --resume of %s say what it is', async (name, content, what) => {
    const file = tmp.file(name, content);
    const expected = `rfkit: ${file}: not a search result file (${what}); expected what rfkit search writes with --out or as a checkpoint`;
    expect(await fails(['merge', file], 1)).toBe(expected);
    expect(await fails(['search', '--resume', file], 1)).toBe(expected);
  });

  it('a broken result file still gets the field-level message', async () => {
    const part = await run(['search', ...SMALL, '--format', 'json', '-q']);
    const json = JSON.parse(part.stdout);
    const file = tmp.file('broken.json', { ...json, total: 'many' });
    expect(await fails(['merge', file], 1)).toMatch(new RegExp(`^rfkit: ${file}: total: `));
  });
});
