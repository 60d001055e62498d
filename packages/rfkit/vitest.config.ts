import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { reporters } from '../../vitest.shared.js';

export default defineConfig({
  plugins: [
    {
      // Mirrors tsup's `binary` loader so tests can import src/ directly.
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
