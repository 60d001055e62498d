import { defineConfig } from 'vitest/config';
import { propertySeed, reporters, wasmInline } from '../../vitest.shared.js';

export default defineConfig({
  plugins: [wasmInline],
  test: {
    include: ['test/**/*.test.ts'],
    reporters,
    setupFiles: [propertySeed],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
