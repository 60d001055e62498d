import { defineConfig } from 'vitest/config';
import { propertySeed, reporters } from '../../vitest.shared.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters,
    setupFiles: [propertySeed],
    testTimeout: 60_000,
  },
});
