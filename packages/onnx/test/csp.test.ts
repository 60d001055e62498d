// The importer in a browser page served with `script-src 'self'` (no 'unsafe-eval'), as browser
// extensions and strict sites serve theirs: the built package, bundled with esbuild, imports a
// real exported model in Debian's Chromium. A control in the same page proves the policy holds
// (code generation is refused), so the test cannot pass with the header missing.

import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { chromiumLaunch, serveFiles } from '../../../vitest.shared.js';

const CSP = "default-src 'self'; script-src 'self'";
const pkgDir = fileURLToPath(new URL('..', import.meta.url));

const page = `<!doctype html>
<html><head><meta charset="utf-8"><title>csp</title><script type="module" src="/app.js"></script></head>
<body></body></html>`;

// Uses the built package (dist/), as an app depending on @rfkit/onnx would.
const app = `import { importOnnx } from '${join(pkgDir, 'dist/index.js')}';
import { analyze } from 'rfkit';
const out = {};
try {
  new Function('return 1')();
  out.evalAllowed = true;
} catch (e) {
  out.evalAllowed = false;
  out.evalError = e.name;
}
try {
  const bytes = new Uint8Array(await (await fetch('/resnet18.onnx')).arrayBuffer());
  const { model, warnings } = importOnnx(bytes);
  const last = analyze(model).layers.filter((l) => !l.global).pop();
  out.result = { layers: model.layers.length, warnings: warnings.length, name: last.name, rf: last.rf, jump: last.jump };
} catch (e) {
  out.error = String(e && e.message ? e.code + ': ' + e.message : e);
}
window.__result = out;
`;

let dir = '';
let closeServer: (() => Promise<void>) | undefined;
let browser: Browser;
let origin = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rfkit-onnx-csp-'));
  writeFileSync(join(dir, 'index.html'), page);
  writeFileSync(join(dir, 'entry.js'), app);
  copyFileSync(new URL('./fixtures/resnet18.onnx', import.meta.url), join(dir, 'resnet18.onnx'));
  await build({
    entryPoints: [join(dir, 'entry.js')],
    outfile: join(dir, 'app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // Resolve `rfkit` (a dependency of the package) from the package itself.
    nodePaths: [join(pkgDir, 'node_modules')],
    logLevel: 'error',
  });
  const headers = { 'content-security-policy': CSP };
  const served = await serveFiles({
    'index.html': { body: readFileSync(join(dir, 'index.html')), type: 'text/html', headers },
    'app.js': { body: readFileSync(join(dir, 'app.js')), type: 'text/javascript', headers },
    'resnet18.onnx': {
      body: readFileSync(join(dir, 'resnet18.onnx')),
      type: 'application/octet-stream',
      headers,
    },
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

test("imports a real model under script-src 'self' (no unsafe-eval)", async () => {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const violations: string[] = [];
  const offsite: string[] = [];
  tab.on('console', (m) => {
    if (m.type() === 'error' && !/Content Security Policy|unsafe-eval/.test(m.text()))
      violations.push(m.text());
  });
  tab.on('pageerror', (e) => violations.push(e.message));
  tab.on('request', (r) => {
    if (!r.url().startsWith(origin)) offsite.push(r.url());
  });
  const response = await tab.goto(`${origin}/index.html`);
  expect(response?.headers()['content-security-policy']).toBe(CSP);
  await tab.waitForFunction(() => (globalThis as { __result?: unknown }).__result !== undefined);
  const out = await tab.evaluate(() => (globalThis as { __result?: unknown }).__result);
  await context.close();
  // The control: the policy is in force, so any Function()/eval in the importer would throw.
  expect(out).toMatchObject({ evalAllowed: false, evalError: 'EvalError' });
  expect(out).toEqual({
    evalAllowed: false,
    evalError: 'EvalError',
    result: { layers: expect.any(Number), warnings: 0, name: 'layer4.1', rf: [435, 435], jump: [32, 32] },
  });
  expect(violations).toEqual([]);
  expect(offsite).toEqual([]);
});
