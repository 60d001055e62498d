// Ctrl-C (SIGINT) and SIGTERM stop a running search cleanly: what was found so far is printed, a
// checkpoint is written, and `--resume` ends with exactly the result of an uninterrupted run.
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparable, run, start, tempDir, waitFor } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

// Big enough to take several seconds with --threads 1 --backend js on a loaded machine.
const SPACE = {
  depth: 7,
  choices: { kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1, 2] },
  constraints: { rf: { min: 100, max: 300 }, stride: 16 },
  objective: 'params',
  top: 8,
};
const spaceFile = tmp.file('space.json', SPACE);
let uninterrupted: Record<string, unknown>;

beforeAll(async () => {
  const r = await run(['search', spaceFile, '--format', 'json', '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  uninterrupted = comparable(r.stdout);
});

/** Starts a slow run, waits for its first periodic checkpoint (proof that it is searching), signals it. */
async function interrupt(signal: NodeJS.Signals, checkpoint: string) {
  const s = start([
    'search', spaceFile, '--backend', 'js', '--threads', '1', '--format', 'json',
    '--checkpoint', checkpoint, '--checkpoint-every', '0.5',
  ]);
  await waitFor(() => existsSync(checkpoint), 'the first checkpoint');
  s.child.kill(signal);
  return s.done;
}

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('%s', (signal, exitCode) => {
  it('stops with a checkpoint and partial results; --resume gives the uninterrupted result', async () => {
    const checkpoint = tmp.file(`${signal}.checkpoint.json`);
    const stopped = await interrupt(signal, checkpoint);
    expect(stopped.code, stopped.stderr).toBe(exitCode);
    expect(stopped.stderr).toMatch(new RegExp(`checkpoint written to .*${signal}\\.checkpoint\\.json`));
    expect(stopped.stderr).toMatch(/rfkit search --resume /);

    // What was found so far is printed, marked incomplete.
    const partial = JSON.parse(stopped.stdout);
    expect(partial.complete).toBe(false);
    expect(BigInt(partial.nextIndex)).toBeLessThan(BigInt(partial.total));
    const saved = JSON.parse(readFileSync(checkpoint, 'utf8'));
    expect(comparable(saved)).toEqual(comparable(partial));
    expect(saved.spec).toEqual(SPACE);

    // The checkpoint records the space, so --resume needs nothing else.
    const resumed = await run(['search', '--resume', checkpoint, '--format', 'json', '--quiet']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(comparable(resumed.stdout)).toEqual(uninterrupted);
  });
});

describe('resume errors', () => {
  it('refuses a checkpoint of another space', async () => {
    const checkpoint = tmp.file('other.checkpoint.json');
    const stopped = await interrupt('SIGINT', checkpoint);
    expect(stopped.code).toBe(130);
    const r = await run(['search', '--resume', checkpoint, '--rf', '101..300', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/space|resume/i);
  });
});
