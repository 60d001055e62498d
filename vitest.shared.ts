import { readFileSync } from 'node:fs';
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
