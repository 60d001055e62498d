// The kernel in Chromium pages (the built package, bundled with esbuild): under a Content-Security-
// Policy without 'wasm-unsafe-eval', init() says the policy forbids compiling (not "SIMD"),
// searchSync says the same, search() runs js and warns; a module compiled in a worker whose own
// policy allows it, posted to the page, runs the kernel there. A page that allows compiling fetches
// the kernel from a URL. A control in the strict page proves the policy holds.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunch, serveFiles } from '../../../vitest.shared.js';

const STRICT = "default-src 'self'; script-src 'self'";
const ALLOWS_WASM = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
const pkgDir = resolve(fileURLToPath(new URL('..', import.meta.url)));

const spec = `{ depth: 5, choices: { kernel: [1, 3, 5], stride: [1, 2] }, constraints: { rf: { min: 9 } }, top: 3 }`;
const show = `(r) => JSON.stringify({ ...r, backend: '', elapsedMs: 0, warnings: undefined }, (k, v) => (typeof v === 'bigint' ? String(v) : v))`;

/** Strict page: what init(), searchSync and search() do, then the kernel from a worker. */
const strictApp = `import { init, search, searchSync } from 'rfkit';
const spec = ${spec};
const show = ${show};
const out = {};
try {
  await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  out.control = 'compiled';
} catch (e) {
  out.control = e.name;
}
const js = searchSync(spec, { backend: 'js' });
try {
  await init();
  out.init = 'ok';
} catch (e) {
  out.init = { code: e.code, reason: e.details.reason, message: e.message };
}
try {
  searchSync(spec);
} catch (e) {
  out.sync = { code: e.code, reason: e.details.reason, message: e.message };
}
const fallback = await search(spec);
out.search = { backend: fallback.backend, warnings: fallback.warnings.map((w) => w.code), same: show(fallback) === show(js) };
const worker = new Worker('/compile-worker.js');
const module = await new Promise((resolve) => { worker.onmessage = (e) => resolve(e.data); });
await init({ wasm: module });
const sync = searchSync(spec);
out.fromWorker = { backend: sync.backend, same: show(sync) === show(js) };
window.__result = out;
`;

/** A page that allows compiling: the kernel fetched from a URL. */
const openApp = `import { init, searchSync } from 'rfkit';
await init({ wasm: new URL('/rfkit.wasm', location.href) });
window.__result = { backend: searchSync(${spec}).backend };
`;

const compileWorker = `WebAssembly.compileStreaming(fetch('/rfkit.wasm')).then((m) => postMessage(m), (e) => postMessage(String(e)));`;

let dir = '';
let closeServer: (() => Promise<void>) | undefined;
let browser: Browser;
let origin = '';

async function bundle(source: string, out: string): Promise<void> {
  writeFileSync(join(dir, 'entry.js'), source);
  await build({
    entryPoints: [join(dir, 'entry.js')],
    outfile: join(dir, out),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'error',
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rfkit-csp-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(pkgDir, join(dir, 'node_modules', 'rfkit'), 'dir');
  await bundle(strictApp, 'strict.js');
  await bundle(openApp, 'open.js');
  const page = (script: string) =>
    `<!doctype html><html><head><meta charset="utf-8"><script type="module" src="/${script}"></script></head><body></body></html>`;
  const csp = (policy: string) => ({ 'content-security-policy': policy });
  const served = await serveFiles({
    'strict.html': { body: page('strict.js'), type: 'text/html', headers: csp(STRICT) },
    'open.html': { body: page('open.js'), type: 'text/html', headers: csp(ALLOWS_WASM) },
    'strict.js': { body: readFileSync(join(dir, 'strict.js')), type: 'text/javascript' },
    'open.js': { body: readFileSync(join(dir, 'open.js')), type: 'text/javascript' },
    // A worker's policy is the one its own script is served with.
    'compile-worker.js': { body: compileWorker, type: 'text/javascript', headers: csp(ALLOWS_WASM) },
    'rfkit.wasm': { body: readFileSync(join(pkgDir, 'dist/rfkit.wasm')), type: 'application/wasm' },
  });
  origin = served.origin;
  closeServer = served.close;
  browser = await chromium.launch(chromiumLaunch);
});

afterAll(async () => {
  await browser?.close();
  await closeServer?.();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function resultOf(path: string): Promise<unknown> {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const errors: string[] = [];
  tab.on('pageerror', (e) => errors.push(e.message));
  await tab.goto(`${origin}/${path}`);
  await tab.waitForFunction(() => (globalThis as { __result?: unknown }).__result !== undefined, null, {
    timeout: 30_000,
  });
  const out = await tab.evaluate(() => (globalThis as { __result?: unknown }).__result);
  await context.close();
  expect(errors).toEqual([]);
  return out;
}

describe('the kernel in Chromium', () => {
  it("under script-src 'self': the true reason, the js fallback, and a module from a worker", async () => {
    const out = (await resultOf('strict.html')) as Record<string, Record<string, unknown>>;
    // The policy is in force: the page cannot compile even the smallest module.
    expect(out.control).toBe('CompileError');
    expect(out.init).toMatchObject({ code: 'wasm-unavailable', reason: 'forbidden' });
    expect(out.init!.message).toMatch(
      /^this environment forbids compiling WebAssembly \(.*Content Security Polic/,
    );
    expect(out.init!.message).toContain("'wasm-unsafe-eval'");
    expect(out.init!.message).not.toMatch(/SIMD/);
    expect(out.sync).toMatchObject({ code: 'wasm-unavailable', reason: 'forbidden' });
    expect(out.sync!.message).not.toMatch(/await init/);
    expect(out.search).toEqual({ backend: 'js', warnings: ['wasm-unavailable'], same: true });
    expect(out.fromWorker).toEqual({ backend: 'wasm', same: true });
  });

  it('with wasm-unsafe-eval: init({ wasm: url }) fetches and compiles the kernel', async () => {
    expect(await resultOf('open.html')).toEqual({ backend: 'wasm' });
  });
});
