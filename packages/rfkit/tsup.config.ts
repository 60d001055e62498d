import { defineConfig } from 'tsup';

export default defineConfig({
  // worker: the worker-thread entry of search({ threads }), loaded by file name at run time.
  entry: { index: 'src/index.ts', worker: 'src/search/worker.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // import.meta.url (to find dist/worker.*) in the CJS build.
  shims: true,
  // The sweep kernel is inlined, so consumers need no loader or hosted file.
  loader: { '.wasm': 'binary' },
});
