// Result files through the built CLI: `rfkit merge` and `rfkit search --resume` refuse tampered,
// truncated or incomplete files with one line that names the file and the reason, exit 1, and
// write nothing; intact files merge exactly; a merge with a shard missing anywhere is an error
// unless --partial asks for the honest partial result of the parts that are there.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  comparable,
  expectOneLine,
  resign,
  run,
  MERGE_SPACE as SPACE,
  searchWholeAndShards,
  tempDir,
} from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const spaceFile = tmp.file('space.json', SPACE);
const part = (i: number) => tmp.file(`part-${i}.json`);
const parts = [0, 1, 2, 3].map(part);
let whole: Record<string, unknown>;

beforeAll(async () => {
  whole = await searchWholeAndShards(spaceFile, 4, part);
});

// biome-ignore lint/suspicious/noExplicitAny: the edits reach into untyped JSON on purpose
type Json = Record<string, any>;
const read = (path: string): Json => JSON.parse(readFileSync(path, 'utf8'));

/** Each kind of tampering of shard 1's file, and what the content checks say once it is re-signed. */
const EDITS: { kind: string; edit: (j: Json) => void; reason: RegExp }[] = [
  {
    kind: 'edited cost',
    edit: (j) => (j.top.at(-1).cost += 1),
    reason: /top\[3\]\.cost: \d+, but the layers of index \d+ give \d+/,
  },
  {
    kind: 'edited index',
    edit: (j) => (j.top[0].index = String(BigInt(j.top[0].index) + 2n)),
    reason: /top\[0\]\.(index|layers)|pareto\[0\]|top\[1\]/,
  },
  {
    kind: 'edited kernel',
    edit: (j) => (j.top[1].layers[4].kernel = j.top[1].layers[4].kernel === 5 ? 3 : 5),
    reason: /top\[1\]\.layers\[4\]\.kernel: \d, but index \d+ stands for kernel \d at layer 4/,
  },
  { kind: 'edited pareto entry', edit: (j) => (j.pareto.at(-1).cost += 4), reason: /pareto\[\d+\]/ },
  {
    kind: 'edited histogram count',
    edit: (j) => (j.histogram[1].count = String(BigInt(j.histogram[1].count) + 1n)),
    reason: /histogram: counts add up to \d+, but feasible is \d+/,
  },
  {
    kind: 'complete flag set',
    edit: (j) => (j.complete = true),
    reason: /complete: true, but the result covers only/,
  },
  {
    kind: 'edited spaceId',
    edit: (j) => (j.spaceId = `${j.spaceId[0] === '0' ? '1' : '0'}${j.spaceId.slice(1)}`),
    reason: /the result is not of the space in its "spec" field/,
  },
];

describe('tampered result files', () => {
  for (const { kind, edit, reason } of EDITS) {
    it(`refuses a shard with ${kind} in merge and --resume: checksum, then the content`, async () => {
      const j = read(part(1));
      edit(j);
      const file = tmp.file(`tampered-${kind.replace(/\W+/g, '-')}.json`, j);
      const out = tmp.file(`merged-${kind.replace(/\W+/g, '-')}.json`);
      const merge = await run(['merge', parts[0]!, file, parts[2]!, parts[3]!, '--out', out]);
      expect(merge.code).toBe(1);
      expect(expectOneLine(merge.stderr)).toMatch(
        /tampered-.*\.json: checksum: mismatch: the file was edited or corrupted/,
      );
      expect(existsSync(out)).toBe(false);
      const resume = await run(['search', '--resume', file, '--quiet', '--threads', '1']);
      expect(resume.code).toBe(1);
      expect(expectOneLine(resume.stderr)).toMatch(/checksum: mismatch/);

      // Re-signed, as a program that rewrites the file would: the content checks name the field.
      writeFileSync(file, JSON.stringify(resign(j)));
      const signed = await run(['merge', parts[0]!, file, parts[2]!, parts[3]!, '--out', out]);
      expect(signed.code).toBe(1);
      expect(expectOneLine(signed.stderr)).toMatch(reason);
      expect(existsSync(out)).toBe(false);
      const resumed = await run(['search', '--resume', file, '--quiet', '--threads', '1']);
      expect(resumed.code).toBe(1);
      expect(expectOneLine(resumed.stderr)).toMatch(reason);
    });
  }

  it('refuses a truncated file, an edited spec and an edited shard', async () => {
    const text = readFileSync(part(2), 'utf8');
    const cut = tmp.file('cut.json', text.slice(0, Math.floor(text.length * 0.6)));
    const r = await run(['merge', parts[0]!, parts[1]!, cut, parts[3]!]);
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toMatch(/cut\.json: not valid JSON, perhaps cut short or corrupted/);
    const spec = tmp.file('spec-edited.json', { ...read(part(2)), spec: { ...SPACE, top: 5 } });
    expect(expectOneLine((await run(['merge', parts[0]!, parts[1]!, spec, parts[3]!])).stderr)).toMatch(
      /spec-edited\.json: the result is not of the space in its "spec" field/,
    );
    const shard = tmp.file('shard-edited.json', { ...read(part(2)), shard: { index: 1, count: 4 } });
    expect(expectOneLine((await run(['search', '--resume', shard, '--quiet'])).stderr)).toMatch(
      /shard-edited\.json: shard 1\/4 is indices \[1944, 3888\), but the file's range is \[3888, 5832\)/,
    );
  });

  it('refuses an edited checkpoint marked complete, and a file without a checksum', async () => {
    // A finished result of the whole space, edited into a "better" answer and re-signed.
    const all = tmp.file('all.json');
    expect((await run(['search', spaceFile, '--out', all, '--quiet'])).code).toBe(0);
    const j = read(all);
    j.feasible = String(BigInt(j.feasible) + 1n);
    j.histogram[0].count = String(BigInt(j.histogram[0].count) + 1n);
    const forged = tmp.file('forged.json', resign(j));
    const r = await run(['search', '--resume', forged, '--quiet']);
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toMatch(
      /forged\.json: feasible: \d+, but the space has \d+ feasible combinations/,
    );
    const { checksum: _, ...old } = read(all);
    const unsigned = tmp.file('unsigned.json', old);
    expect(expectOneLine((await run(['merge', unsigned])).stderr)).toMatch(
      /unsigned\.json: checksum: missing/,
    );
  });
});

describe('missing shards', () => {
  it('merges all four into exactly the unsharded result, complete', async () => {
    const r = await run(['merge', parts[3]!, parts[1]!, parts[0]!, parts[2]!, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const merged = JSON.parse(r.stdout);
    expect(merged.complete).toBe(true);
    const { spec: _s, ...expected } = comparable(whole);
    expect(comparable(merged)).toEqual({ ...expected, spec: SPACE });
  });

  const cases: [string, number[], RegExp][] = [
    [
      'at the start',
      [1, 2, 3],
      /leave out a range of the space's 7776 indices: \[0, 1944\) \(shard 0 of 4\)/,
    ],
    ['in the middle', [0, 1, 3], /leave out a range .*: \[3888, 5832\) \(shard 2 of 4\)/],
    ['at the end', [0, 1, 2], /leave out a range .*: \[5832, 7776\) \(shard 3 of 4\)/],
    // The README's old example: one shard "merged" on its own.
    ['all but one', [3], /leave out a range .*: \[0, 5832\) \(shards 0–2 of 4\)/],
  ];
  for (const [where, have, message] of cases) {
    it(`refuses a shard missing ${where}, writing nothing`, async () => {
      const out = tmp.file(`missing-${where.replace(/\W+/g, '-')}.json`);
      const r = await run(['merge', ...have.map((i) => parts[i]!), '--out', out]);
      expect(r.code).toBe(1);
      expect(expectOneLine(r.stderr)).toMatch(message);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('with --partial writes the honest partial result of a contiguous run, never of a gap', async () => {
    const out = tmp.file('partial.json');
    const r = await run(['merge', parts[1]!, parts[2]!, '--partial', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Merged 2 shards: PARTIAL: covers 3,888 architectures/);
    const j = read(out);
    expect(j).toMatchObject({ complete: false, range: { start: '1944', end: '5832' }, nextIndex: '5832' });
    // It reads back as a valid result, and equals the search of that range.
    const direct = await run(['merge', out, '--partial', '--format', 'json']);
    expect(direct.code, direct.stderr).toBe(0);
    const gap = await run(['merge', parts[0]!, parts[2]!, '--partial']);
    expect(gap.code).toBe(1);
    expect(expectOneLine(gap.stderr)).toMatch(/a partial merge must be one contiguous run of parts/);
  });

  it('names the fields in which parts or a checkpoint differ from the space', async () => {
    const other = tmp.file('other-1.json');
    expect(
      (await run(['search', spaceFile, '--shard', '1/4', '--top', '5', '--out', other, '--quiet'])).code,
    ).toBe(0);
    const merge = await run(['merge', parts[0]!, other, parts[2]!, parts[3]!]);
    expect(expectOneLine(merge.stderr)).toMatch(
      /other-1\.json is of another space than .*part-0\.json: top 4 in .*part-0\.json, 5 in .*other-1\.json/,
    );
    const resume = await run([
      'search',
      '--resume',
      parts[1]!,
      '--rf',
      '16..',
      '--kernels',
      '1,3',
      '--quiet',
    ]);
    expect(resume.code).toBe(1);
    expect(expectOneLine(resume.stderr)).toMatch(
      /part-1\.json: the checkpoint is of another space: rf\.min 15 in the checkpoint, 16 in the space given; kernel choices \[1, 3, 5\] in the checkpoint, \[1, 3\] in the space given/,
    );
  });
});

describe('limits on the command line', () => {
  it('refuses a depth beyond the limit and a count beyond its bounds at once, in one line', async () => {
    const deep = await run(['search', '--depth', '5000', '--kernels', '3', '--strides', '1', '--quiet']);
    expect(deep.code).toBe(1);
    expect(expectOneLine(deep.stderr)).toMatch(
      /depth 5000 is more than the 1024 layers a search space may have/,
    );
    const strides = Array.from({ length: 1000 }, (_, i) => i + 1).join(',');
    const count = await run([
      'count',
      '--depth',
      '3',
      '--kernels',
      '3',
      '--strides',
      strides,
      '--rf',
      '..100000',
    ]);
    expect(count.code).toBe(1);
    expect(expectOneLine(count.stderr)).toMatch(/more than 65536 distinct total strides after layer 1/);
  });
});
