import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { propertySeed, reporters, wasmInline } from '../../vitest.shared.js';

export default defineConfig({
  resolve: {
    // Test against rfkit's sources, so that a stale rfkit build never hides a change.
    alias: [
      { find: /^rfkit$/, replacement: fileURLToPath(new URL('../rfkit/src/index.ts', import.meta.url)) },
      {
        find: /^rfkit\/zoo$/,
        replacement: fileURLToPath(new URL('../rfkit/src/zoo/index.ts', import.meta.url)),
      },
    ],
  },
  plugins: [wasmInline],
  test: {
    include: ['test/**/*.test.ts'],
    reporters,
    setupFiles: [propertySeed],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
