import { defineConfig } from 'vitest/config';
export default defineConfig({
  resolve: { alias: { rfkit: '/tmp/d2bench/shim.ts' } },
  test: { include: ['test/**/*.test.ts'], testTimeout: 300_000 },
});
