// Sharded runs merged with `rfkit merge` equal the unsharded run; bad merges are refused.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  comparable,
  expectOneLine,
  run,
  MERGE_SPACE as SPACE,
  searchWholeAndShards,
  tempDir,
} from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const spaceFile = tmp.file('space.json', SPACE);
const part = (i: number, n: number) => tmp.file(`part-${i}-of-${n}.json`);
let whole: Record<string, unknown>;

beforeAll(async () => {
  whole = await searchWholeAndShards(spaceFile, 3, (i) => part(i, 3));
});

describe('shards and merge', () => {
  it('each shard covers its slice and records it', () => {
    const total = 6 ** 5;
    for (let i = 0; i < 3; i++) {
      const j = JSON.parse(readFileSync(part(i, 3), 'utf8'));
      expect(j.shard).toEqual({ index: i, count: 3 });
      expect(j.range).toEqual({
        start: String(Math.floor((i * total) / 3)),
        end: String(Math.floor(((i + 1) * total) / 3)),
      });
    }
  });

  it('merged shards equal the unsharded result, in any order', async () => {
    const out = tmp.file('merged.json');
    const r = await run(['merge', part(2, 3), part(0, 3), part(1, 3), '--format', 'json', '--out', out]);
    expect(r.code).toBe(0);
    const merged = comparable(r.stdout);
    const { spec: _s, ...expected } = comparable(whole);
    expect(merged).toEqual({ ...expected, spec: SPACE });
    expect(comparable(readFileSync(out, 'utf8'))).toEqual(merged);
  });

  it('csv of the merge equals csv of the unsharded run', async () => {
    const merged = await run(['merge', part(0, 3), part(1, 3), part(2, 3), '--format', 'csv']);
    const direct = await run(['search', spaceFile, '--format', 'csv', '--quiet']);
    expect(merged.code).toBe(0);
    expect(merged.stdout.split('\n').length).toBeGreaterThan(3);
    expect(merged.stdout).toBe(direct.stdout);
  });

  it('prints a table summary of the merged result', async () => {
    const r = await run(['merge', part(0, 3), part(1, 3), part(2, 3)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Merged 3 shards: Searched 7,776 architectures/);
    expect(r.stdout).toMatch(/Pareto front/);
  });

  it('shards of a space with nothing feasible merge into the empty result, warning on stderr', async () => {
    const none = tmp.file('none.json', { ...SPACE, constraints: { rf: { min: 1000 } } });
    const parts = [0, 1].map((i) => tmp.file(`none-${i}.json`));
    for (const [i, p] of parts.entries()) {
      const s = await run(['search', none, '--shard', `${i}/2`, '--out', p, '--quiet']);
      expect(s.code).toBe(0);
    }
    const r = await run(['merge', ...parts, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ feasible: '0', evaluated: String(6 ** 5), complete: true });
    expect(j.warnings.map((w: { code: string }) => w.code)).toEqual(['rf-min-unreachable']);
    expect(r.stderr).toMatch(/^rfkit: warning: constraints\.rf\.min 1000 can never be reached/);
  });

  it('refuses a gap', async () => {
    const r = await run(['merge', part(0, 3), part(2, 3)]);
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toMatch(/cannot merge.*(gap|contiguous|missing)/i);
  });

  it('refuses duplicates', async () => {
    const r = await run(['merge', part(0, 3), part(1, 3), part(1, 3), part(2, 3)]);
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toMatch(/cannot merge.*(overlap|duplicate)/i);
  });

  it('refuses shards of different spaces', async () => {
    const other = tmp.file('other.json', { ...SPACE, constraints: { rf: { min: 16 }, stride: 8 } });
    const o1 = tmp.file('other-1.json');
    expect((await run(['search', other, '--shard', '1/3', '--out', o1, '--quiet'])).code).toBe(0);
    const r = await run(['merge', part(0, 3), o1, part(2, 3)]);
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toMatch(/cannot merge.*other-1\.json.*space/i);
  });

  it('refuses a malformed result file, naming the field', async () => {
    const j = JSON.parse(readFileSync(part(1, 3), 'utf8'));
    const bad = tmp.file('bad-part.json', { ...j, feasible: 'many' });
    const r = await run(['merge', part(0, 3), bad, part(2, 3)]);
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toMatch(/bad-part\.json: .*feasible.*many/);
  });
});
