// A search runs as many short library calls (segments, see src/segments.ts). However they are cut,
// the result must be exactly the one of a single library call.
import { resultToJSON, type SweepSpec, search } from 'rfkit';
import { afterAll, describe, expect, it } from 'vitest';
import { comparable, run, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const SPACE: SweepSpec = {
  depth: 10,
  choices: { kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1, 2] },
  constraints: { rf: { min: 300, max: 900 }, stride: 32 },
  objective: 'params',
  top: 8,
};
const spaceFile = tmp.file('space.json', SPACE);

describe('segmented search', () => {
  it.each([
    ['1 thread, js', ['--threads', '1', '--backend', 'js'], 3],
    ['2 threads, wasm', ['--threads', '2', '--backend', 'wasm'], 5],
  ])('%s: many segments give exactly the single-call result', async (_name, flags, index) => {
    const shard = { index, count: 64 };
    const r = await run(
      ['search', spaceFile, '--shard', `${index}/64`, ...flags, '--format', 'json', '--quiet', '--debug'],
      // A fixed schedule (fine cells, then a coarse one that starts inside its cell), so the
      // segments do not depend on the machine's speed.
      { env: { RFKIT_SEGMENT_LEVELS: '6,6,6,3' } },
    );
    expect(r.code, r.stderr).toBe(0);
    const segments = r.stderr.split('\n').filter((l) => l.startsWith('rfkit: segment ['));
    expect(segments.length).toBeGreaterThan(4);
    // Some segments start inside their cell (then they search from there to the cell's end).
    const N = 16n ** 10n;
    const inside = segments.filter((l) => {
      const m = /\[(\d+), \d+\) of cell (\d+)\/(\d+)/.exec(l)!;
      return (BigInt(m[2]!) * N) / BigInt(m[3]!) !== BigInt(m[1]!);
    });
    expect(inside.length).toBeGreaterThan(0);
    const direct = resultToJSON(await search(SPACE, { shard, backend: 'wasm' }));
    expect(comparable(r.stdout)).toEqual({ ...comparable(direct), spec: SPACE, shard });
  });
});
