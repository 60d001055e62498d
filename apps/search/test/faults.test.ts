// What the built CLI does when its outputs misbehave: --out through symlinks, onto devices and
// FIFOs, into folders it cannot write; stderr closed under it; stdout full; and the checkpoint
// life cycle around them (the resume hint, stale and existing checkpoints). Nothing that is not
// rfkit's is destroyed, every failure is one line with the right exit code, and no checkpoint is
// lost.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLI,
  charDevice,
  comparable,
  expectOneLine,
  type Run,
  run,
  SLOW_SHARD,
  SLOW_SPACE,
  SMALL_SPACE,
  tempDir,
  waitFor,
} from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const small = tmp.file('small.json', SMALL_SPACE);
const searchSmall = (...args: string[]) => ['search', small, '--format', 'json', '--quiet', ...args];
let expected: Record<string, unknown>;

const slow = tmp.file('slow.json', SLOW_SPACE);
const SLOW_ARGS = ['--shard', SLOW_SHARD, '--backend', 'js', '--threads', '1', '--checkpoint-every', '0.3'];

beforeAll(async () => {
  const r = await run(searchSmall());
  expect(r.code, r.stderr).toBe(0);
  expected = comparable(r.stdout);
});

function folder(name: string): string {
  const dir = tmp.file(name);
  mkdirSync(dir);
  return dir;
}

/** A character device node like /dev/full (1, 7) or /dev/null (1, 3) in our own folder, or null without the right. */
function deviceNode(dir: string, minor: 3 | 7): string | null {
  const path = join(dir, minor === 7 ? 'full' : 'null');
  return charDevice(path, minor) ? path : null;
}

/** Spawns the CLI with stdout going to `stdoutFd` (a file descriptor) instead of a pipe. */
function runTo(args: string[], stdoutFd: number): Promise<Run> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', stdoutFd, 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  return new Promise((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout: '', stderr })),
  );
}

/** Starts a slow search, waits for its first checkpoint, then sends SIGINT. */
async function interrupted(args: string[], checkpoint: string, child?: (c: ChildProcess) => void) {
  const c = spawn(process.execPath, [CLI, 'search', slow, ...SLOW_ARGS, '--format', 'json', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  c.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  c.stderr!.on('error', () => {});
  c.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  child?.(c);
  const done = new Promise<Run>((resolve) =>
    c.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  await waitFor(() => existsSync(checkpoint), 'the first checkpoint');
  c.kill('SIGINT');
  return done;
}

describe('--out never destroys what is not a regular file of ours', () => {
  it('writes through a symlink: the target gets the result, the link stays', async () => {
    const dir = folder('link');
    const target = join(dir, 'target.json');
    writeFileSync(target, 'old');
    const link = join(dir, 'link.json');
    symlinkSync('target.json', link);
    const r = await run(searchSmall('--out', link));
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('target.json');
    expect(comparable(readFileSync(target, 'utf8'))).toEqual(expected);
    expect(readdirSync(dir).sort()).toEqual(['link.json', 'target.json']);
  });

  it('a dangling symlink: the file it names is created', async () => {
    const dir = folder('dangling');
    const link = join(dir, 'link.json');
    symlinkSync('sub/new.json', link);
    mkdirSync(join(dir, 'sub'));
    const r = await run(searchSmall('--out', link));
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(comparable(readFileSync(join(dir, 'sub/new.json'), 'utf8'))).toEqual(expected);
  });

  it('keeps the mode of the file it replaces', async () => {
    const out = join(folder('mode'), 'out.json');
    writeFileSync(out, 'old', { mode: 0o600 });
    const r = await run(searchSmall('--out', out));
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('a character device is written in place, never replaced (/dev/full: one line, exit 1)', async () => {
    const dir = folder('devices');
    // Devices of our own in a folder of our own where mknod may (as root); else the system's, which
    // no user may replace anyway, so only the writing in place is tested then.
    const own = deviceNode(dir, 7) !== null && deviceNode(dir, 3) !== null;
    const full = own ? join(dir, 'full') : '/dev/full';
    const nul = own ? join(dir, 'null') : '/dev/null';
    const bad = await run(searchSmall('--out', full));
    expect(bad.code).toBe(1);
    expect(expectOneLine(bad.stderr)).toMatch(/full: cannot write \(no space left on device\)/);
    const good = await run(searchSmall('--out', nul));
    expect(good.code, good.stderr).toBe(0);
    for (const p of [full, nul]) expect(statSync(p).isCharacterDevice()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(own ? ['full', 'null'] : []);
  });

  it('a FIFO is written in place when a reader is there, refused (not waited on) without one', async () => {
    const dir = folder('fifo');
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const none = await run(searchSmall('--out', fifo));
    expect(none.code).toBe(1);
    expect(expectOneLine(none.stderr)).toMatch(/pipe: cannot write \(a FIFO with no reader\)/);
    // A reader: `cat pipe > got.json`.
    const got = join(dir, 'got.json');
    const reader = spawn('sh', ['-c', `cat "${fifo}" > "${got}"`]);
    const readerDone = new Promise((resolve) => reader.on('close', resolve));
    await new Promise((r) => setTimeout(r, 200));
    const ok = await run(searchSmall('--out', fifo));
    if (ok.code !== 0) reader.kill();
    expect(ok.code, ok.stderr).toBe(0);
    await readerDone;
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(comparable(readFileSync(got, 'utf8'))).toEqual(expected);
  });

  it('a folder, a path under a file, a read-only folder: refused before the run', async () => {
    const dir = folder('refused');
    const file = join(dir, 'file.json');
    writeFileSync(file, 'x');
    let readOnly: string;
    if (process.getuid?.() === 0) {
      readOnly = '/sys/rfkit-test-out.json'; // even root cannot create files in sysfs
    } else {
      const ro = folder('read-only');
      execFileSync('chmod', ['555', ro]);
      readOnly = join(ro, 'out.json');
    }
    const cases: [string, RegExp][] = [
      [dir, /cannot write \(is a folder/],
      [join(file, 'out.json'), /cannot write \(.*is not a folder\)/],
      [readOnly, /cannot write \((permission denied|read-only)/],
    ];
    for (const [out, message] of cases) {
      for (const flag of ['--out', '--checkpoint']) {
        const r = await run(['search', slow, ...SLOW_ARGS, flag, out, '--quiet']);
        expect(r.code, out).toBe(1);
        expect(expectOneLine(r.stderr)).toMatch(message);
        // Before the run: nothing was searched, so nothing was printed.
        expect(r.stdout).toBe('');
      }
    }
    expect(readdirSync(dir)).toEqual(['file.json']);
  });
});

describe('stderr and stdout that fail', () => {
  it('a closed stderr does not stop a run, nor lose its checkpoint on SIGINT', async () => {
    const dir = folder('stderr');
    const cp = join(dir, 'cp.json');
    const stopped = await interrupted(['--checkpoint', cp, '--progress'], cp, (c) => c.stderr!.destroy());
    expect(stopped.code).toBe(130);
    const saved = JSON.parse(readFileSync(cp, 'utf8'));
    expect(saved.complete).toBe(false);
    expect(comparable(JSON.parse(stopped.stdout))).toEqual(comparable(saved));
    // And a whole run with stderr closed from the start.
    const args = ['search', small, '--format', 'json', '--progress'];
    const c = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    c.stderr!.destroy();
    let out = '';
    c.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s));
    const code = await new Promise((resolve) => c.on('close', resolve));
    expect(code).toBe(0);
    expect(comparable(out)).toEqual(expected);
  });

  it('stdout on a full disk: one line, exit 1, the checkpoint kept; the resume hint keeps --out', async () => {
    const dir = folder('stdout');
    const out = join(dir, 'best.json');
    const cp = join(dir, 'best.checkpoint.json');
    const stopped = await interrupted(['--out', out], cp);
    expect(stopped.code).toBe(130);
    // The hint repeats --out (and --format): following it must write the result.
    const hint = /Continue with: (.*)$/m.exec(stopped.stderr)?.[1];
    expect(hint).toBe(`rfkit search --resume ${cp} --out ${out} --format json`);
    const before = readFileSync(cp, 'utf8');

    const full = deviceNode(dir, 7);
    const fd = openSync(full ?? '/dev/full', 'w');
    try {
      const r = await runTo(['search', '--resume', cp, '--quiet'], fd);
      expect(r.code).toBe(1);
      expect(expectOneLine(r.stderr)).toMatch(
        /cannot write to standard output \(no space left on device\); the checkpoint .*best\.checkpoint\.json is kept/,
      );
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(cp, 'utf8')).toBe(before);

    const args = hint!.split(' ').slice(1);
    const resumed = await run([...args, '--quiet']);
    expect(resumed.code, resumed.stderr).toBe(0);
    // The shard's whole range is done (`complete` is for the whole space).
    const written = JSON.parse(readFileSync(out, 'utf8'));
    expect(written.nextIndex).toBe(written.range.end);
    // A finished resume removes the checkpoint it continued.
    expect(existsSync(cp)).toBe(false);
    expect(readdirSync(dir).filter((n) => n !== 'full')).toEqual(['best.json']);
  });

  it('stdout closed early (| head) is not an error', async () => {
    const r = execFileSync(
      'sh',
      ['-c', `node "${CLI}" search "${small}" --format json --quiet | head -c 10; echo " rc=$?"`],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    expect(r).toMatch(/^\{\s*"evalu rc=0/);
    expect(r).toMatch(/rc=0/);
  });
});

describe('hostile input files', () => {
  it('a model nested 200,000 arrays deep: one line, exit 1 (no stack overflow)', async () => {
    const deep = `{"layers":[{"op":"conv","kernel":${'['.repeat(200_000)}1${']'.repeat(200_000)}}]}`;
    const r = await run(['analyze', tmp.file('deep.json', deep)]);
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toMatch(
      /deep\.json: layers\[0\] \(conv_0\): kernel\[0\] must be an integer >= 1, got \[\[\[/,
    );
  });
});

describe('checkpoints of earlier runs', () => {
  it('a fresh run refuses to overwrite one (hint: --resume or --force); --force overwrites', async () => {
    const dir = folder('existing');
    const cp = join(dir, 'cp.json');
    writeFileSync(cp, '{"precious": true}');
    const r = await run(searchSmall('--checkpoint', cp));
    expect(r.code).toBe(2);
    const line = expectOneLine(r.stderr);
    expect(line).toContain(`${cp}: a checkpoint of an earlier run is there`);
    expect(line).toContain(`rfkit search --resume ${cp}`);
    expect(line).toContain('--force');
    expect(r.stdout).toBe('');
    expect(readFileSync(cp, 'utf8')).toBe('{"precious": true}');
    // Next to --out, too.
    const out = join(dir, 'res.json');
    writeFileSync(join(dir, 'res.checkpoint.json'), '{}');
    expect((await run(searchSmall('--out', out))).code).toBe(2);
    const forced = await run(searchSmall('--out', out, '--force'));
    expect(forced.code, forced.stderr).toBe(0);
    expect(comparable(readFileSync(out, 'utf8'))).toEqual(expected);
  });
});
