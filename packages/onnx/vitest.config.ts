import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { reporters } from '../../vitest.shared.js';

export default defineConfig({
  resolve: {
    // Test against rfkit's sources, so that a stale rfkit build never hides a change.
    alias: { rfkit: fileURLToPath(new URL('../rfkit/src/index.ts', import.meta.url)) },
  },
  plugins: [
    {
      // rfkit inlines its wasm kernel (tsup's `binary` loader); mirror that for its sources.
      name: 'wasm-binary',
      enforce: 'pre',
      load(id) {
        if (!id.endsWith('.wasm')) return null;
        const bytes = readFileSync(id).toString('base64');
        return `export default Uint8Array.from(atob(${JSON.stringify(bytes)}), (c) => c.charCodeAt(0));`;
      },
    },
  ],
  test: {
    include: ['test/**/*.test.ts'],
    reporters,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
