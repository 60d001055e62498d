// Ctrl-C (SIGINT) and SIGTERM stop a running search cleanly: what was found so far is printed, a
// checkpoint is written, and `--resume` ends with exactly the result of an uninterrupted run.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  comparable,
  expectOneLine,
  run,
  SLOW_SHARD,
  SLOW_SPACE,
  start,
  tempDir,
  waitFor,
} from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const SPACE = SLOW_SPACE;
const SHARD = SLOW_SHARD;
const spaceFile = tmp.file('space.json', SPACE);
let uninterrupted: Record<string, unknown>;

beforeAll(async () => {
  const r = await run([
    'search',
    spaceFile,
    '--shard',
    SHARD,
    '--threads',
    '1',
    '--format',
    'json',
    '--quiet',
  ]);
  expect(r.code, r.stderr).toBe(0);
  uninterrupted = comparable(r.stdout);
});

/**
 * Starts a slow run, waits for its first periodic checkpoint (proof that it is searching), then
 * signals it. `args` add e.g. --checkpoint or --out.
 */
async function interrupt(signal: NodeJS.Signals, checkpoint: string, args: string[], threads = 1) {
  const slow = [
    '--shard',
    SHARD,
    '--backend',
    'js',
    '--threads',
    String(threads),
    '--checkpoint-every',
    '0.3',
  ];
  // With threads, segments are 5 s by default (a pool's start-up stays small); shorter here.
  const env: Record<string, string> = threads > 1 ? { RFKIT_SEGMENT_MS: '300' } : {};
  const s = start(['search', spaceFile, ...slow, '--format', 'json', ...args], { env });
  await waitFor(() => existsSync(checkpoint), 'the first checkpoint');
  s.child.kill(signal);
  return s.done;
}

describe.each([
  // SIGINT with an explicit --checkpoint; SIGTERM with the default next to --out; SIGINT with threads.
  [
    'SIGINT',
    130,
    1,
    (dir: string) => ({ checkpoint: `${dir}/mine.json`, args: ['--checkpoint', `${dir}/mine.json`] }),
  ],
  [
    'SIGTERM',
    143,
    1,
    (dir: string) => ({ checkpoint: `${dir}/best.checkpoint.json`, args: ['--out', `${dir}/best.json`] }),
  ],
  [
    'SIGINT',
    130,
    2,
    (dir: string) => ({ checkpoint: `${dir}/mine.json`, args: ['--checkpoint', `${dir}/mine.json`] }),
  ],
] as const)('%s, %i thread(s)', (signal, exitCode, threads, setup) => {
  it('stops with a checkpoint and partial results; --resume gives the uninterrupted result', async () => {
    const dir = tmp.file(`${signal}-${threads}`);
    mkdirSync(dir);
    const { checkpoint, args } = setup(dir);
    const stopped = await interrupt(signal, checkpoint, args, threads);
    expect(stopped.code, stopped.stderr).toBe(exitCode);
    expect(stopped.stderr).toContain(`checkpoint written to ${checkpoint}.`);
    expect(stopped.stderr).toContain(`rfkit search --resume ${checkpoint}`);
    // Only the checkpoint: no partial --out, no temporary files.
    expect(readdirSync(dir)).toEqual([basename(checkpoint)]);

    // What was found so far is printed, marked incomplete.
    const partial = JSON.parse(stopped.stdout);
    expect(partial.complete).toBe(false);
    expect(BigInt(partial.nextIndex)).toBeLessThan(BigInt(partial.range.end));
    // The work before the last segment boundary is kept, threads or not.
    expect(BigInt(partial.nextIndex)).toBeGreaterThan(BigInt(partial.range.start));
    const saved = JSON.parse(readFileSync(checkpoint, 'utf8'));
    expect(comparable(saved)).toEqual(comparable(partial));
    expect(saved.spec).toEqual(SPACE);
    expect(saved.shard).toEqual({ index: 0, count: 32 });

    // The checkpoint records the space and the shard, so --resume needs nothing else; the backend
    // and thread count may differ from the interrupted run.
    const resumed = await run(['search', '--resume', checkpoint, '--format', 'json', '--quiet']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(comparable(resumed.stdout)).toEqual(uninterrupted);
  });
});

describe('resume errors', () => {
  it('refuses a checkpoint of another space or shard; merge refuses unfinished runs', async () => {
    const checkpoint = tmp.file('other.checkpoint.json');
    const stopped = await interrupt('SIGINT', checkpoint, ['--checkpoint', checkpoint]);
    expect(stopped.code).toBe(130);
    const r = await run(['search', '--resume', checkpoint, '--rf', '101..300', '--quiet']);
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toMatch(/other\.checkpoint\.json: .*space/);
    const merge = await run(['merge', checkpoint]);
    expect(merge.code).toBe(1);
    expect(expectOneLine(merge.stderr)).toMatch(
      /other\.checkpoint\.json: an unfinished run .*rfkit search --resume /,
    );
    const wrongShard = await run(['search', '--resume', checkpoint, '--shard', '1/32', '--quiet']);
    expect(wrongShard.code).toBe(2);
    expect(expectOneLine(wrongShard.stderr)).toMatch(
      /--shard 1\/32 does not match the checkpoint's shard 0\/32/,
    );
  });
});
