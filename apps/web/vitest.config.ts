import { defineConfig } from 'vitest/config';
import { reporters } from '../../vitest.shared.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters,
    // The end-to-end file builds the app and drives a real browser on a shared 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
