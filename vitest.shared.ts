import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

// Every package's vitest writes a JSON report that .ci/run adds up into "N passed, N failed".
export const reporters: NonNullable<import('vitest/node').TestUserConfig['reporters']> = [
  'default',
  ['json', { outputFile: 'test-results/vitest.json' }],
];

/** Setup file of every suite with property tests: fixes fast-check's seed under CI (or FC_SEED). */
export const propertySeed = fileURLToPath(new URL('./packages/reference/src/seed.ts', import.meta.url));

/** Mirrors rfkit's tsup wasm plugin (the kernel inlined, decoded on call) so tests can import its sources. */
export const wasmInline: Plugin = {
  name: 'wasm-inline',
  enforce: 'pre',
  load(id) {
    if (!id.endsWith('.wasm')) return null;
    const bytes = readFileSync(id).toString('base64');
    return `export default function kernel() { return Uint8Array.from(atob(${JSON.stringify(bytes)}), (c) => c.charCodeAt(0)); }`;
  },
};

/** How browser tests start Debian's Chromium (never a downloaded browser); CHROMIUM_PATH overrides the path. */
export const chromiumLaunch = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

/** A file a test page is served: its bytes, its content type and any other response headers. */
export interface ServedFile {
  body: string | Buffer;
  type: string;
  headers?: Record<string, string>;
}

/**
 * Serves `files` (by path without the leading slash) on a loopback port for a browser test: any
 * other path is a 404, the favicon a 204 (no console error). Resolves to the origin and a close.
 */
export async function serveFiles(
  files: Record<string, ServedFile>,
): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://x').pathname.slice(1);
    const file = files[name];
    if (file === undefined) {
      res.writeHead(name === 'favicon.ico' ? 204 : 404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.type, ...file.headers });
    res.end(file.body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
