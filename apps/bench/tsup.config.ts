import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  clean: true,
  // The naive evaluator lives in rfkit's tests (../../packages/rfkit/test/support/naive.ts); a
  // relative import, so tsup bundles it. rfkit itself, tinybench and vega stay external.
  dts: false,
});
