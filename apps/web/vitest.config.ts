import { defineConfig } from 'vitest/config';
import { reporters } from '../../vitest.shared.js';

export default defineConfig({
  test: {
    reporters,
    projects: [
      // Property tests against the brute-force oracle take seconds on the shared machine.
      { test: { name: 'unit', include: ['test/*.test.ts'], testTimeout: 60_000 } },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/*.test.ts'],
          // One build and one static server for every end-to-end file (see global-setup.ts).
          globalSetup: ['test/support/global-setup.ts'],
          // One browser at a time: the machine is small and shared, and timings are logged.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
