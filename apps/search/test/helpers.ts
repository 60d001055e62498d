// Spawns the built CLI (dist/cli.js) the way a user would, and collects its output.
import { type ChildProcess, spawn } from 'node:child_process';
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

/** A result file without the fields that legitimately differ between runs (time, backend). */
export function comparable(json: string | object): Record<string, unknown> {
  const o = (typeof json === 'string' ? JSON.parse(json) : json) as Record<string, unknown>;
  const { elapsedMs: _e, backend: _b, ...rest } = o;
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
