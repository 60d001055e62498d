import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

interface PluginBuild {
  onResolve(
    o: { filter: RegExp },
    cb: (a: { path: string }) => { path: string; namespace?: string; external?: boolean },
  ): void;
  onLoad(
    o: { filter: RegExp; namespace?: string },
    cb: (a: { path: string }) => Promise<{ contents: string; loader: 'js'; resolveDir?: string }>,
  ): void;
}

// The kernel is inlined as base64 behind a function, decoded on the first compilation: a bundle
// that never compiles it (an app that only analyses or counts) drops it. esbuild's own `binary`
// loader decodes with Buffer on platform "node", which breaks the same bundle in browsers; atob
// exists in both (Node >= 16), and the kernel is only a few KB.
const wasmInline = {
  name: 'wasm-inline',
  setup(build: PluginBuild) {
    build.onLoad({ filter: /\.wasm$/ }, async ({ path }) => {
      const base64 = (await readFile(path)).toString('base64');
      return {
        contents: `export default function kernel() { return Uint8Array.from(atob(${JSON.stringify(base64)}), (c) => c.charCodeAt(0)); }`,
        loader: 'js',
      };
    });
  },
};

// The workerd build imports the kernel as a module (dist/rfkit.wasm, which Cloudflare's bundler
// turns into a compiled WebAssembly.Module), because Workers may not compile code at run time.
const wasmImport = {
  name: 'wasm-import',
  setup(build: PluginBuild) {
    build.onResolve({ filter: /^@rfkit\/kernel\/release\.wasm$/ }, () => ({
      path: 'kernel',
      namespace: 'rfkit-workerd',
    }));
    build.onResolve({ filter: /^\.\/rfkit\.wasm$/ }, ({ path }) => ({ path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'rfkit-workerd' }, async () => ({
      contents: `import kernel from './rfkit.wasm'; export default function workerdKernel() { return kernel; }`,
      loader: 'js',
    }));
  },
};

async function copyAssets(): Promise<void> {
  // The kernel as a file: for the workerd build, and for hosts that fetch it (init({ wasm: url })).
  await copyFile(
    new URL(import.meta.resolve('@rfkit/kernel/release.wasm')),
    new URL('./dist/rfkit.wasm', import.meta.url),
  );
  // The JSON Schemas of ModelSpec and SweepSpec (docs/schema) ship as rfkit/schema/*.json, at that
  // path in the package so that resolvers without `exports` support find them too.
  const from = new URL('../../docs/schema/', import.meta.url);
  const to = new URL('./schema/', import.meta.url);
  await mkdir(to, { recursive: true });
  for (const f of await readdir(from))
    if (f.endsWith('.json')) await copyFile(new URL(f, from), new URL(f, to));
}

export default defineConfig([
  {
    // worker: the worker-thread entry of search({ threads }), loaded by file name at run time.
    // zoo: the reference models, `rfkit/zoo`.
    entry: { index: 'src/index.ts', zoo: 'src/zoo/index.ts', worker: 'src/search/threads/worker.ts' },
    format: ['esm', 'cjs'],
    dts: { entry: { index: 'src/index.ts', zoo: 'src/zoo/index.ts' } },
    // Not the workerd build's files: the two builds run at the same time.
    clean: ['!workerd.js', '!workerd.js.map'],
    sourcemap: true,
    target: 'es2022',
    // import.meta.url (to find dist/worker.*) in the CJS build.
    shims: true,
    esbuildPlugins: [wasmInline],
    onSuccess: copyAssets,
  },
  {
    // The `workerd` export condition (Cloudflare Workers): rfkit with the kernel as a module import.
    entry: { workerd: 'src/index.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'es2022',
    // One file: the Workers bundler follows its imports, and it never starts worker threads.
    splitting: false,
    esbuildPlugins: [wasmImport],
  },
]);
