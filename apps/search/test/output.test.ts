// How the output reads: prose wrapped to the terminal's width (COLUMNS here: the tests have no
// terminal) without breaking words, analyze tables that fit 160 and 80 columns for inception_v3,
// singulars and magnitudes in words, and help and flags that match what each command does.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectOneLine, run } from './helpers.js';

const UNKNOWN_OP = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'unknown-op.onnx');

async function ok(args: string[], columns = 80): Promise<string> {
  const r = await run(args, { env: { COLUMNS: String(columns) } });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

/** The summary paragraph: the lines before the first blank one. */
const summaryOf = (out: string) => out.split('\n\n')[0]!;

describe('width', () => {
  it('the summary wraps to COLUMNS, never inside a word', async () => {
    const args = ['search', '--depth', '5', '--kernels', '1,3,5', '--strides', '1,2', '--rf', '20..', '-q'];
    const wide = summaryOf(await ok(args, 1000));
    expect(wide).not.toContain('\n');
    for (const columns of [40, 60, 80, 120]) {
      const summary = summaryOf(await ok(args, columns));
      const lines = summary.split('\n');
      for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(columns);
      // The same words in the same order: only spaces became line breaks. The elapsed time differs.
      const words = (s: string) =>
        s
          .replace(/\s+/g, ' ')
          .replace(/\d+ ms|\d+\.\d s/, 'T')
          .split(' ');
      expect(words(summary)).toEqual(words(wide));
      if (columns < 120) expect(lines.length).toBeGreaterThan(1);
    }
  });

  it('inception_v3 at 160 columns: every column, inputs by row number, one line per layer', async () => {
    const out = await ok(['analyze', 'zoo:inception_v3', '-q'], 160);
    const lines = out.trimEnd().split('\n');
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(160);
    const header = lines.find((l) => l.includes('inputs (#)'))!;
    for (const column of [
      '#',
      'layer',
      'op',
      'rf',
      'rf min',
      'jump',
      'eff. padding',
      'center',
      'output',
      'covered',
      'erf std',
      'erf span',
      'global',
    ]) {
      expect(header).toContain(column);
    }
    // The first concat reads the last layer of each of its four branches, rows 8, 10, 13 and 15.
    expect(lines.find((l) => /^\s*16\s+Mixed_5b\s/.test(l))).toMatch(/\bconcat\s+8,10,13,15\s/);
    expect(lines.filter((l) => /^\s*\d+\s/.test(l))).toHaveLength(124);
    expect(out).not.toContain('not shown');
  });

  it('inception_v3 at 80 columns: fits, names every hidden column, keeps every row', async () => {
    const out = await ok(['analyze', 'zoo:inception_v3', '-q'], 80);
    const lines = out.trimEnd().split('\n');
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(80);
    const rows = lines.filter((l) => /^\s*\d+\s/.test(l));
    expect(rows).toHaveLength(124);
    expect(rows.find((l) => /^\s*16\s/.test(l))).toMatch(
      /^\s*16\s+Mixed_5b\s+concat\s+8,10,13,15\s+63\s+8\s+35$/,
    );
    // Long paths keep their block and their op: Mixed_5b/Branch_1/Conv2d_0b_5x5 is row 10.
    expect(rows.find((l) => /^\s*10\s/.test(l))).toMatch(/Mixed_5b\/…\/Conv2d_0b_5x5/);
    expect(out.replace(/\s+/g, ' ')).toContain(
      '(not shown, to fit 80 columns: covered, center, eff. padding, erf span, global, rf min, erf std;',
    );
  });

  it('a table that fits is not touched', async () => {
    const out = await ok(['analyze', 'conv3p1 conv3p2d2', '-q'], 80);
    expect(out).toContain('eff. padding');
    expect(out).not.toContain('not shown');
    expect(out).not.toContain('Rows are numbered');
  });
});

describe('wording', () => {
  it('singular nouns for one', async () => {
    expect(summaryOf(await ok(['analyze', 'conv3', '-q']))).toMatch(/^model: 1 layer, 2-D/);
    expect(summaryOf(await ok(['search', '--depth', '1', '--kernels', '3', '--strides', '1', '-q']))).toMatch(
      /^Searched 1 architecture \(1 layer, each kernel 3 × stride 1\)/,
    );
  });

  it('magnitudes in words: a shard of a 1.28 quadrillion space, never "e+" or "Infinity"', async () => {
    // 12 choices per layer, 14 layers: 12^14 ≈ 1.28·10^15 combinations.
    const out = await ok([
      'search',
      '--depth',
      '14',
      '--kernels',
      '1,3,5,7,9,11',
      '--strides',
      '1,2',
      '--shard',
      '0/1000000000',
      '-q',
    ]);
    expect(summaryOf(out).replace(/\n/g, ' ')).toContain('of the 1.28 quadrillion in the space');
    expect(out).not.toMatch(/e\+\d|Infinity/);
  });

  it('a stride product past the doubles is a bound, not "about Infinity"', async () => {
    // 3^700 ≈ 10^334 overflows a double.
    const r = await run(['count', '--depth', '700', '--kernels', '1', '--strides', '1,3']);
    expect(r.code).toBe(1);
    const line = expectOneLine(r.stderr);
    expect(line).toMatch(
      /^rfkit: --strides: the product of the largest strides \(more than 10\^308\) could pass 2\^53/,
    );
    expect(line).not.toMatch(/Infinity|e\+/);
  });
});

describe('commands and their flags', () => {
  it('count --help lists only what changes a count; search keeps the rest', async () => {
    const count = await ok(['count', '--help']);
    for (const flag of [
      '--depth',
      '--kernels',
      '--strides',
      '--dilations',
      '--rf',
      '--stride',
      '--input',
      '--min-output',
      '-q, --quiet',
    ]) {
      expect(count).toContain(flag);
    }
    for (const flag of ['--objective', '--channels', '--top', '--threads', '--format'])
      expect(count).not.toContain(flag);
    const search = await ok(['search', '--help']);
    for (const flag of ['--objective', '--channels', '--top']) expect(search).toContain(flag);
    const top = await run(['count', '--default', '--top', '3']);
    expect(top.code).toBe(2);
    expect(expectOneLine(top.stderr)).toMatch(/unknown option '--top'/);
  });

  it('count -q keeps stderr empty; without it a zero count says it is the answer', async () => {
    // rf ≤ 6 and total stride 4 over two 3×3 layers: each reachable, never together (stride 4 has rf 7).
    const args = [
      'count',
      '--depth',
      '2',
      '--kernels',
      '3',
      '--strides',
      '1,2',
      '--rf',
      '..6',
      '--stride',
      '4',
    ];
    const loud = await run(args);
    expect(loud.stdout).toBe('0\n');
    expect(loud.stderr).toMatch(
      /^rfkit: note: none of the 4 architectures meets the target \(receptive field ≤ 6 px, total stride 4, no holes\)\n$/,
    );
    const quiet = await run([...args, '-q']);
    expect(quiet).toMatchObject({ code: 0, stdout: '0\n', stderr: '' });
  });

  it('merge -q is accepted', async () => {
    expect((await run(['merge', '--help'])).stdout).toContain('-q, --quiet');
  });

  it("analyze --format json carries the importer's warnings with the analysis's own", async () => {
    const r = await run(['analyze', UNKNOWN_OP, '--unknown-as-identity', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.warnings).toEqual([
      expect.objectContaining({ code: 'unknown-op-as-identity', layers: ['norm'] }),
    ]);
    // And stderr says the same once.
    expect(r.stderr).toMatch(
      /^rfkit: warning: .*FancyNorm is unknown and was treated as identity \[unknown-op-as-identity\]\n$/,
    );
    const quiet = await run(['analyze', UNKNOWN_OP, '--unknown-as-identity', '--format', 'json', '-q']);
    expect(quiet.stderr).toBe('');
    expect(JSON.parse(quiet.stdout).warnings).toEqual(report.warnings);
  });

  it('without --unknown-as-identity the error names that flag', async () => {
    const r = await run(['analyze', UNKNOWN_OP]);
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toMatch(
      /op FancyNorm is not supported \(--unknown-as-identity treats it as identity\)$/,
    );
  });
});
