import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  clean: true,
  // The naive evaluator (@rfkit/reference, TypeScript sources only) is bundled; rfkit itself,
  // tinybench and vega stay external.
  noExternal: ['@rfkit/reference'],
  dts: false,
});
