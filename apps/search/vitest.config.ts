import { defineConfig } from 'vitest/config';
import { propertySeed, reporters } from '../../vitest.shared.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters,
    setupFiles: [propertySeed],
    // The tests spawn the built CLI, which uses every core itself; running files one at a time keeps
    // the SIGINT test's timing sane on a small machine.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
