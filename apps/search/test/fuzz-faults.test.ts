// Seeded fuzzing of the CLI's faults (docs/fuzzing.md): random combinations of what --out and
// --checkpoint point at (files, links, folders, FIFOs, devices, missing or unwritable places),
// where stdout and stderr go (a pipe, closed, a full disk) and which command runs. Whatever the
// combination: no hang, no crash or stack trace, at most one line on stderr, the right kind of exit
// code, nothing that is not a regular file replaced, no temporary file left, and a result file
// that is complete whenever the run says it succeeded. RFKIT_FUZZ_RUNS / RFKIT_FUZZ_SEED scale it.
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, charDevice, run, SMALL_SPACE, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const RUNS = Number(process.env.RFKIT_FUZZ_RUNS || 16);
const SEED = Number(process.env.RFKIT_FUZZ_SEED || 0x15);
/** A spawned CLI that has not finished after this long is a hang (generous: the machine is shared). */
const CASE_MS = 30_000;

const space = tmp.file('space.json', SMALL_SPACE);
let parts: string[] = [];

beforeAll(async () => {
  parts = [0, 1].map((i) => tmp.file(`part${i}.json`));
  for (const [i, p] of parts.entries()) {
    const r = await run(['search', space, '--shard', `${i}/2`, '--out', p, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
  }
});

const KINDS = [
  'none',
  'new',
  'regular',
  'symlink',
  'dangling',
  'dir',
  'missing-dir',
  'under-file',
  'fifo',
  'null-device',
  'full-device',
] as const;
type Kind = (typeof KINDS)[number];

interface Scenario {
  command: 'search' | 'merge' | 'count' | 'analyze';
  out: Kind;
  checkpoint: 'none' | 'new' | 'existing' | 'symlink' | 'dir';
  stdout: 'pipe' | 'closed' | 'full';
  stderr: 'pipe' | 'closed';
  force: boolean;
  format: 'json' | 'table' | 'csv';
}

const scenario: fc.Arbitrary<Scenario> = fc.record({
  command: fc.constantFrom('search', 'search', 'merge', 'count', 'analyze'),
  out: fc.constantFrom(...KINDS),
  checkpoint: fc.constantFrom('none', 'new', 'existing', 'symlink', 'dir'),
  stdout: fc.constantFrom('pipe', 'pipe', 'closed', 'full'),
  stderr: fc.constantFrom('pipe', 'pipe', 'closed'),
  force: fc.boolean(),
  format: fc.constantFrom('json', 'table', 'csv'),
});

/** Creates what `kind` names at `path` (in its own folder); returns the path to pass, or null for none. */
function place(dir: string, name: string, kind: Kind): string | null {
  const p = join(dir, name);
  switch (kind) {
    case 'none':
      return null;
    case 'new':
      return p;
    case 'regular':
      writeFileSync(p, 'old');
      return p;
    case 'symlink':
      writeFileSync(join(dir, `${name}.target`), 'old');
      symlinkSync(`${name}.target`, p);
      return p;
    case 'dangling':
      symlinkSync(`${name}.nowhere`, p);
      return p;
    case 'dir':
      mkdirSync(p);
      return p;
    case 'missing-dir':
      return join(dir, 'no-such-folder', name);
    case 'under-file':
      writeFileSync(join(dir, 'a-file'), 'x');
      return join(dir, 'a-file', name);
    case 'fifo':
      execFileSync('mkfifo', [p]);
      return p;
    case 'null-device':
    case 'full-device':
      return charDevice(p, kind === 'null-device' ? 3 : 7) ? p : join(dir, name);
  }
}

/** What kind of node a path is now (to check that nothing was replaced). */
function nodeKind(p: string): string {
  try {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) return 'symlink';
    if (st.isFIFO()) return 'fifo';
    if (st.isCharacterDevice()) return 'chardev';
    if (st.isDirectory()) return 'dir';
    return 'file';
  } catch {
    return 'missing';
  }
}

let caseNo = 0;

async function runScenario(s: Scenario): Promise<void> {
  const dir = tmp.file(`case${caseNo++}`);
  mkdirSync(dir);
  const takesOut = s.command === 'search' || s.command === 'merge';
  const out = takesOut ? place(dir, 'out.json', s.out) : null;
  let checkpoint: string | null = null;
  if (s.command === 'search' && s.checkpoint !== 'none') {
    checkpoint = join(dir, 'cp.json');
    if (s.checkpoint === 'existing') writeFileSync(checkpoint, '{"keep": "me"}');
    if (s.checkpoint === 'symlink') {
      writeFileSync(join(dir, 'cp-target.json'), '{"keep": "me"}');
      symlinkSync('cp-target.json', checkpoint);
    }
    if (s.checkpoint === 'dir') mkdirSync(checkpoint);
  }
  const kinds = new Map(readdirSync(dir).map((n) => [n, nodeKind(join(dir, n))]));
  const before = new Map(
    [...kinds].filter(([, k]) => k === 'file').map(([n]) => [n, readFileSync(join(dir, n), 'utf8')]),
  );

  const args: string[] = [];
  if (s.command === 'search') args.push('search', space, '--quiet', '--threads', '1', '--format', s.format);
  if (s.command === 'merge') args.push('merge', ...parts, '--format', s.format);
  if (s.command === 'count') args.push('count', space);
  if (s.command === 'analyze')
    args.push('analyze', 'in32 conv3p1 conv3s2p1', '--format', s.format === 'csv' ? 'csv' : 'json');
  if (out) args.push('--out', out);
  if (checkpoint) args.push('--checkpoint', checkpoint);
  if (s.force && s.command === 'search') args.push('--force');

  // A reader for a FIFO, so that writing it can succeed.
  let reader: ReturnType<typeof spawn> | null = null;
  if (out && s.out === 'fifo') reader = spawn('sh', ['-c', `cat "${out}" > "${join(dir, 'fifo-got')}"`]);

  const fullDevice = join(dir, 'stdout-full');
  const fd = s.stdout === 'full' ? openSync(charDevice(fullDevice, 7) ? fullDevice : '/dev/full', 'w') : null;
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: dir,
    stdio: ['ignore', fd ?? 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  if (s.stdout === 'closed') child.stdout!.destroy();
  else child.stdout?.setEncoding('utf8').on('data', (x: string) => (stdout += x));
  if (s.stderr === 'closed') child.stderr!.destroy();
  else child.stderr!.setEncoding('utf8').on('data', (x: string) => (stderr += x));
  const result = await new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ code: null, signal: 'hang' });
    }, CASE_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
  if (fd !== null) closeSync(fd);
  if (reader && reader.exitCode === null) reader.kill();

  const what = `${JSON.stringify(s)} → exit ${result.code}${result.signal ? ` (${result.signal})` : ''}, stderr: ${stderr}`;
  expect(result.signal, what).toBe(null);
  expect([0, 1, 2], what).toContain(result.code);
  if (s.stderr === 'pipe') {
    expect(stderr, what).not.toMatch(/^\s+at |Unhandled|unexpected; --debug|TypeError|RangeError/m);
    expect(stderr.trimEnd().split('\n').filter(Boolean).length, what).toBeLessThanOrEqual(1);
  }
  // No link, FIFO, device or folder is replaced or removed; no temporary files are left.
  for (const [name, kind] of kinds) {
    if (kind !== 'file') expect(nodeKind(join(dir, name)), `${name}: ${what}`).toBe(kind);
  }
  expect(
    readdirSync(dir).filter((n) => n.endsWith('.tmp')),
    what,
  ).toEqual([]);
  // Files that are not this run's outputs are untouched (an existing checkpoint without --force too).
  const mayChange = new Set<string>();
  if (out) mayChange.add('out.json').add('out.json.target');
  if (checkpoint && s.force) mayChange.add('cp.json').add('cp-target.json');
  for (const [name, text] of before) {
    if (!mayChange.has(name)) expect(readFileSync(join(dir, name), 'utf8'), `${name}: ${what}`).toBe(text);
  }
  if (result.code === 0) {
    if (s.stdout === 'pipe') expect(stdout.length, what).toBeGreaterThan(0);
    // A reported success with a file output means a complete result there.
    const written =
      out && ['new', 'regular', 'symlink', 'dangling'].includes(s.out) ? readFileSync(out, 'utf8') : null;
    if (written !== null) {
      const r = JSON.parse(written);
      expect(r.nextIndex, what).toBe(r.range.end);
    }
    if (s.stdout === 'full') throw new Error(`a run that could not write stdout exited 0: ${what}`);
  }
  if (s.command === 'search' && s.checkpoint === 'existing' && !s.force)
    expect(result.code, what).not.toBe(0);
  if (existsSync(join(dir, 'stdout-full'))) expect(nodeKind(fullDevice)).toBe('chardev');
}

describe('CLI faults (seeded fuzzing)', () => {
  it(
    `${RUNS} random combinations of outputs, streams and commands (seed ${SEED})`,
    async () => {
      await fc.assert(fc.asyncProperty(scenario, runScenario), {
        numRuns: RUNS,
        seed: SEED,
        endOnFailure: true,
      });
    },
    30 * 60_000,
  );
});
