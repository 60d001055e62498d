import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

// esbuild's own `binary` loader decodes with Buffer on platform "node", which breaks the same
// bundle in browsers; atob exists in both (Node >= 16), and the kernel is only a few KB.
const wasmInline = {
  name: 'wasm-inline',
  setup(build: {
    onLoad: (
      o: { filter: RegExp },
      cb: (a: { path: string }) => Promise<{ contents: string; loader: 'js' }>,
    ) => void;
  }) {
    build.onLoad({ filter: /\.wasm$/ }, async ({ path }) => {
      const base64 = (await readFile(path)).toString('base64');
      return {
        contents: `export default Uint8Array.from(atob(${JSON.stringify(base64)}), (c) => c.charCodeAt(0));`,
        loader: 'js',
      };
    });
  },
};

export default defineConfig({
  // worker: the worker-thread entry of search({ threads }), loaded by file name at run time.
  entry: { index: 'src/index.ts', worker: 'src/search/threads/worker.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // import.meta.url (to find dist/worker.*) in the CJS build.
  shims: true,
  // The sweep kernel is inlined, so consumers need no loader or hosted file.
  esbuildPlugins: [wasmInline],
  // The JSON Schemas of ModelSpec and SweepSpec (docs/schema) ship as rfkit/schema/*.json, at that
  // path in the package so that resolvers without `exports` support find them too.
  async onSuccess() {
    const from = new URL('../../docs/schema/', import.meta.url);
    const to = new URL('./schema/', import.meta.url);
    await mkdir(to, { recursive: true });
    for (const f of await readdir(from))
      if (f.endsWith('.json')) await copyFile(new URL(f, from), new URL(f, to));
  },
});
