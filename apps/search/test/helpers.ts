// Spawns the built CLI (dist/cli.js) the way a user would, and collects its output.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Started {
  child: ChildProcess;
  done: Promise<Run>;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Piped to standard input (default: none, stdin is closed). */
  input?: string | Uint8Array;
}

export function start(args: string[], options: RunOptions = {}): Started {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`pnpm --filter @rfkit/search build\` first`);
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    // Tables fit 80 columns unless a test says otherwise, whatever the shell running the tests exports.
    env: { ...process.env, NO_COLOR: '1', COLUMNS: '80', ...options.env },
  });
  if (options.input !== undefined) child.stdin!.end(options.input);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function run(args: string[], options: RunOptions = {}): Promise<Run> {
  return start(args, options).done;
}

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(): {
  dir: string;
  file: (name: string, content?: string | object) => string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'rfkit-cli-test-'));
  return {
    dir,
    file(name, content) {
      const path = join(dir, name);
      if (content !== undefined) {
        writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
      }
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A result file without the fields that legitimately differ between runs (time, backend, and so the checksum). */
export function comparable(json: string | object): Record<string, unknown> {
  const o = (typeof json === 'string' ? JSON.parse(json) : json) as Record<string, unknown>;
  // The checksum covers the time and backend too.
  const { elapsedMs: _e, backend: _b, checksum: _c, ...rest } = o;
  return rest;
}

/** Polls until `check()` is true (no timing assertion: only a bound to avoid hanging forever). */
export async function waitFor(check: () => boolean, what: string, limitMs = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > limitMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Error output must be one line naming the problem, never a stack trace. */
export function expectOneLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  if (lines.length !== 1) throw new Error(`expected one line on stderr, got:\n${stderr}`);
  if (/\n\s+at /.test(stderr) || /^\s+at /.test(stderr)) throw new Error(`stack trace on stderr:\n${stderr}`);
  return lines[0]!;
}

/**
 * Makes a character device node like /dev/null (minor 3) or /dev/full (minor 7) at `path` — in a
 * test's own folder, so that a bug can never replace a real device. False without the right
 * (mknod needs root).
 */
export function charDevice(path: string, minor: 3 | 7): boolean {
  try {
    execFileSync('mknod', [path, 'c', '1', String(minor)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A space that searches in a moment: 3 layers, 64 combinations. */
export const SMALL_SPACE = {
  depth: 3,
  choices: { kernel: [1, 3], stride: [1, 2] },
  constraints: { rf: { min: 5 } },
};

/**
 * A space whose shard SLOW_SHARD runs for seconds with --threads 1 --backend js (holes allowed: the
 * holes rule would prune most of it), so a signal sent right after the first periodic checkpoint
 * always lands mid-run.
 */
export const SLOW_SPACE = {
  depth: 11,
  choices: { kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1, 2] },
  constraints: { rf: { min: 300, max: 900 }, stride: 32, holes: 'allow' },
  objective: 'params',
  top: 8,
};
export const SLOW_SHARD = '0/32';

/**
 * Recomputes a result file's checksum for its (edited) content, by the definition in
 * docs/results.md — written here independently of the library, so this also checks that the
 * library follows its documented definition.
 */
export function resign(file: Record<string, unknown>): Record<string, unknown> {
  const { checksum: _c, spec: _s, shard: _h, ...body } = file;
  const text = JSON.stringify(['rfkit-result-1', body]);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const hex = (x: number) => (x >>> 0).toString(16).padStart(8, '0');
  return { ...file, checksum: hex(h2) + hex(h1) };
}

/** The space of the merge tests: 7,776 combinations, 5 layers, feasible ones in every shard. */
export const MERGE_SPACE = {
  depth: 5,
  choices: { kernel: [1, 3, 5], stride: [1, 2] },
  constraints: { rf: { min: 15 }, stride: 8 },
  top: 4,
};

/**
 * Searches SPACE.json whole (its JSON result) and as `n` shards written to `partPath(i)`: the
 * inputs of the merge tests.
 */
export async function searchWholeAndShards(
  spaceFile: string,
  n: number,
  partPath: (i: number) => string,
): Promise<Record<string, unknown>> {
  const r = await run(['search', spaceFile, '--format', 'json', '--quiet']);
  if (r.code !== 0) throw new Error(`search failed: ${r.stderr}`);
  for (let i = 0; i < n; i++) {
    const s = await run([
      'search',
      spaceFile,
      '--shard',
      `${i}/${n}`,
      '--out',
      partPath(i),
      '--quiet',
      '--threads',
      '1',
    ]);
    if (s.code !== 0) throw new Error(`shard ${i}/${n} failed: ${s.stderr}`);
  }
  return JSON.parse(r.stdout);
}
