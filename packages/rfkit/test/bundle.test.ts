// What apps bundle: the built package (dist/, made by `pnpm build` before the tests) resolved through
// its package.json exports, bundled with esbuild as an app would. An app that only analyses or
// counts ships neither the reference models nor the wasm kernel; the `workerd` condition
// (Cloudflare Workers) imports the kernel as a module and never compiles code at run time.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** A run of the inlined kernel's base64: present exactly where the kernel is bundled. */
const KERNEL_MARK = readFileSync(join(pkgDir, 'dist/rfkit.wasm')).toString('base64').slice(40, 100);
/** Layer names that only the zoo's model builders contain (not its names or info). */
const ZOO_MARKS = ['Mixed_6e', 'bottleneck_v1', 'downsample'];

let app = '';

beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), 'rfkit-bundle-'));
  mkdirSync(join(app, 'node_modules'));
  symlinkSync(pkgDir, join(app, 'node_modules', 'rfkit'), 'dir');
});

afterAll(() => {
  if (app) rmSync(app, { recursive: true, force: true });
});

/** Bundles `source` (an app's entry) for browsers, minified, and returns the code. */
async function bundle(source: string, options: { conditions?: string[]; plugins?: Plugin[] } = {}) {
  const entry = join(app, `entry-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(entry, source);
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: options.conditions ? 'neutral' : 'browser',
    conditions: options.conditions,
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    plugins: options.plugins,
  });
  return out.outputFiles[0]!.text;
}

const gzip = (code: string) => gzipSync(code, { level: 9 }).length;

describe('tree-shaking', () => {
  it.each([
    // Budgets over today's sizes (7.1, 17.6, 7.1 KB) with room for a fix, not for the zoo (3.3 KB)
    // or the kernel (6 KB) creeping back in.
    ['count', 8_000],
    ['analyze', 19_500],
    ['parseModel, toCompact', 8_000],
  ])('import { %s } from "rfkit" ships neither the zoo nor the kernel', async (names, maxGzip) => {
    const code = await bundle(`import { ${names} } from 'rfkit';\nconsole.log(${names});\n`);
    for (const mark of ZOO_MARKS) expect(code).not.toContain(mark);
    expect(code).not.toContain(KERNEL_MARK);
    expect(code).not.toContain('atob(');
    console.log(`import { ${names} }: ${code.length} bytes, ${gzip(code)} gzip`);
    expect(gzip(code)).toBeLessThan(maxGzip);
  });

  it('search (which compiles on first use) ships the kernel, still not the zoo', async () => {
    const code = await bundle(`import { search } from 'rfkit';\nconsole.log(search);\n`);
    expect(code).toContain(KERNEL_MARK);
    for (const mark of ZOO_MARKS) expect(code).not.toContain(mark);
    console.log(`import { search }: ${code.length} bytes, ${gzip(code)} gzip`);
  });

  it('rfkit/zoo ships the models, and its names alone ship none of them', async () => {
    const code = await bundle(`import { zoo } from 'rfkit/zoo';\nconsole.log(zoo);\n`);
    for (const mark of ZOO_MARKS) expect(code).toContain(mark);
    expect(code).not.toContain(KERNEL_MARK);
    const names = await bundle(`import { zooNames } from 'rfkit/zoo';\nconsole.log(zooNames);\n`);
    expect(names).toContain('inception_v3');
    for (const mark of ZOO_MARKS) expect(names).not.toContain(mark);
    console.log(`import { zoo }: ${gzip(code)} gzip; import { zooNames }: ${gzip(names)} gzip`);
  });
});

describe('the workerd condition', () => {
  /** Cloudflare's bundler turns a .wasm import into a compiled module; here: the one the harness compiled. */
  const compiledWasm: Plugin = {
    name: 'compiled-wasm',
    setup(b) {
      b.onResolve({ filter: /\.wasm$/ }, (a) => ({ path: join(a.resolveDir, a.path), namespace: 'wasm' }));
      b.onLoad({ filter: /.*/, namespace: 'wasm' }, (a) => ({
        contents: `export default globalThis.__compiled[${JSON.stringify(a.path)}];`,
        loader: 'js',
      }));
    },
  };

  it('imports dist/rfkit.wasm as a module, inlines no kernel, and searches on wasm where compiling is forbidden', async () => {
    const code = await bundle(
      `import { init, search, searchSync } from 'rfkit';
const spec = { depth: 4, choices: { kernel: [1, 3, 5], stride: [1, 2] }, constraints: { rf: { min: 9 } }, top: 3 };
await init();
const sync = searchSync(spec);
const js = searchSync(spec, { backend: 'js' });
const show = (r) => JSON.stringify({ ...r, backend: '', elapsedMs: 0 }, (k, v) => (typeof v === 'bigint' ? String(v) : v));
console.log(JSON.stringify({ sync: sync.backend, async: (await search(spec)).backend, same: show(sync) === show(js), compiles: globalThis.__compiles }));
`,
      { conditions: ['workerd', 'worker', 'browser'], plugins: [compiledWasm] },
    );
    expect(code).not.toContain(KERNEL_MARK);
    writeFileSync(join(app, 'worker-bundle.mjs'), code);
    // The host: the module compiled before the worker runs, then compiling refused, as in workerd.
    const wasmPath = join(pkgDir, 'dist/rfkit.wasm');
    writeFileSync(
      join(app, 'host.mjs'),
      `import { readFileSync } from 'node:fs';
globalThis.__compiled = { ${JSON.stringify(wasmPath)}: new WebAssembly.Module(readFileSync(${JSON.stringify(wasmPath)})) };
globalThis.__compiles = 0;
const refuse = () => { globalThis.__compiles++; throw new WebAssembly.CompileError('Wasm code generation disallowed by embedder'); };
WebAssembly.compile = async () => refuse();
WebAssembly.compileStreaming = async () => refuse();
WebAssembly.Module = function Module() { refuse(); };
await import('./worker-bundle.mjs');
`,
    );
    const out = JSON.parse(execFileSync(process.execPath, [join(app, 'host.mjs')], { encoding: 'utf8' }));
    expect(out).toEqual({ sync: 'wasm', async: 'wasm', same: true, compiles: 0 });
  });
});
