import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  // Dependencies stay external: rfkit starts its own worker threads from its own dist files.
  banner: { js: '#!/usr/bin/env node' },
});
