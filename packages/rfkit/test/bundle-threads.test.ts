// search({ threads }) in a Node app bundled with esbuild (dist/, made by `pnpm build` before the
// tests): the bundle has no worker entry of rfkit's next to it, and under a strict pnpm layout
// cannot import tinypool either. Then the search runs on the calling thread and says why in its
// warnings; with `workerUrl` pointing at the installed rfkit/worker it runs on worker threads.
// And no import() in dist is one that webpack would warn about.

import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(pkgDir, 'dist');

let app = '';

/** The app: one sweep on one thread, the same on two, and how the second ran (the DP, which auto
 * would take for this space, has no threads). */
const source = (options: string) => `import { search } from 'rfkit';
const spec = { depth: 6, choices: { kernel: [1, 3, 5], stride: [1, 2], dilation: [1, 2] },
  constraints: { rf: { min: 20, max: 90 }, stride: 4 }, objective: 'params', top: 5 };
const show = (r) => JSON.stringify({ ...r, elapsedMs: 0, warnings: undefined }, (k, v) => (typeof v === 'bigint' ? String(v) : v));
const one = await search(spec, { engine: 'sweep' });
let out;
try {
  const two = await search(spec, { engine: 'sweep', threads: 2, ${options} });
  out = { same: show(one) === show(two), backend: two.backend, warnings: two.warnings ?? [] };
} catch (e) {
  out = { error: e.code + ': ' + e.message };
}
console.log(JSON.stringify(out));
`;

/** Bundles `code` into out/<name>.mjs (rfkit and all of it inlined) and runs it in a fresh Node. */
async function bundleAndRun(name: string, code: string): Promise<Record<string, unknown>> {
  const entry = join(app, `${name}.mjs`);
  writeFileSync(entry, code);
  await build({
    entryPoints: [entry],
    outfile: join(app, 'out', `${name}.mjs`),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
  });
  const out = execFileSync(process.execPath, [join(app, 'out', `${name}.mjs`)], {
    cwd: app,
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), 'rfkit-bundled-'));
  mkdirSync(join(app, 'node_modules'));
  symlinkSync(pkgDir, join(app, 'node_modules', 'rfkit'), 'dir');
});

afterAll(() => {
  if (app) rmSync(app, { recursive: true, force: true });
});

describe('threads in a bundled Node app', () => {
  it('without tinypool in reach: one thread, and a warning that says so', async () => {
    const out = await bundleAndRun('no-pool', source(''));
    expect(out).toMatchObject({ same: true, backend: 'wasm' });
    expect(out.warnings).toEqual([
      {
        code: 'threads-unavailable',
        message: expect.stringMatching(
          /^threads: 2 worker threads could not start, so this search ran on the calling thread: the thread pool \(tinypool\) could not be loaded: /,
        ),
      },
    ]);
  });

  describe('with tinypool installed', () => {
    beforeAll(() => {
      symlinkSync(join(pkgDir, 'node_modules', 'tinypool'), join(app, 'node_modules', 'tinypool'), 'dir');
    });

    it('without workerUrl: one thread, and a warning naming the missing entry and workerUrl', async () => {
      const out = await bundleAndRun('no-entry', source(''));
      expect(out).toMatchObject({ same: true, backend: 'wasm' });
      const warnings = out.warnings as { code: string; message: string }[];
      expect(warnings.map((w) => w.code)).toEqual(['threads-unavailable']);
      expect(warnings[0]!.message).toContain(
        `the worker entry file://${join(app, 'out', 'worker.js')} could not be loaded (ERR_MODULE_NOT_FOUND`,
      );
      expect(warnings[0]!.message).toContain("passes workerUrl, e.g. import.meta.resolve('rfkit/worker')");
    });

    it("with workerUrl: import.meta.resolve('rfkit/worker'): worker threads, no warning", async () => {
      const out = await bundleAndRun('entry', source("workerUrl: import.meta.resolve('rfkit/worker')"));
      expect(out).toEqual({ same: true, backend: 'wasm', warnings: [] });
    });

    it('a workerUrl as a path works too; one that is no worker entry is an error naming it', async () => {
      const path = join(dist, 'worker.js');
      expect(await bundleAndRun('path', source(`workerUrl: ${JSON.stringify(path)}`))).toEqual({
        same: true,
        backend: 'wasm',
        warnings: [],
      });
      writeFileSync(join(app, 'other.mjs'), 'export default function () {}\n');
      const other = await bundleAndRun(
        'other',
        source("workerUrl: new URL('../other.mjs', import.meta.url)"),
      );
      expect(other.error).toBe(
        `invalid-argument: workerUrl: file://${join(app, 'other.mjs')} is not an rfkit worker entry`,
      );
      const missing = await bundleAndRun('missing', source("workerUrl: '/nowhere/worker.js'"));
      expect(missing.error).toMatch(
        /^invalid-argument: workerUrl: file:\/\/\/nowhere\/worker\.js could not be loaded \(ERR_MODULE_NOT_FOUND/,
      );
    });
  });
});

describe('dist', () => {
  it('has no import() of a computed specifier that webpack would warn about', () => {
    const files = readdirSync(dist).filter((f) => /\.(c?js)$/.test(f));
    let computed = 0;
    for (const f of files) {
      const code = readFileSync(join(dist, f), 'utf8');
      // Every import( whose argument is not a string literal must tell webpack to leave it alone.
      for (const m of code.matchAll(/\bimport\(\s*((?:\/\*[\s\S]*?\*\/\s*)*)([^\s)])/g)) {
        if (m[2] === '"' || m[2] === "'" || m[2] === '`') continue;
        computed++;
        expect(m[1], `${f}: import(${m[2]}…)`).toContain('webpackIgnore: true');
      }
    }
    // The pool and the worker-entry check, in the ESM and CJS builds: the check above ran.
    expect(computed).toBeGreaterThanOrEqual(4);
  });
});
