// Packs the real npm tarball, installs it into a scratch project (rfkit itself from the
// tarball, never the registry) and uses it from ESM, CJS and TypeScript.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = resolve(pkgDir, '../../node_modules/typescript/bin/tsc');
let scratch = '';

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'rfkit-pack-'));
  const packDir = join(scratch, 'pack');
  mkdirSync(packDir);
  run('pnpm', ['pack', '--pack-destination', packDir], pkgDir);
  const tarball = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('pnpm pack wrote no tarball');
  const app = join(scratch, 'app');
  mkdirSync(app);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'scratch', private: true, type: 'module' }),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(packDir, tarball)], app);
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('is publint clean', async () => {
    const { messages } = await publint({ pkgDir, strict: true });
    expect(messages.map((m) => `${m.type}: ${m.code} ${JSON.stringify(m.args)}`)).toEqual([]);
  });

  it('ships only the build', () => {
    const listing = run('npm', ['pack', '--dry-run', '--json'], pkgDir);
    const files: string[] = JSON.parse(listing)[0].files.map((f: { path: string }) => f.path);
    expect(
      files.filter((f) => !f.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(f)),
    ).toEqual([]);
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.cjs');
    expect(files).toContain('dist/index.d.ts');
  });

  it('runs in browsers too: no Node-only globals in the ESM bundle', () => {
    // esbuild's binary loader decodes the inlined kernel with Buffer on platform "node".
    const bundle = readdirSync(join(pkgDir, 'dist'))
      .filter((f) => f.endsWith('.js') && f !== 'worker.js')
      .map((f) => readFileSync(join(pkgDir, 'dist', f), 'utf8'))
      .join('\n');
    expect(bundle).toContain('atob(');
    expect(bundle).not.toMatch(/\bBuffer\.from\b|\brequire\(["']node:/);
  });

  it('works from ESM, wasm included', () => {
    const app = join(scratch, 'app');
    writeFileSync(
      join(app, 'esm.mjs'),
      `import { analyze, init, search, count, zoo } from 'rfkit';
const report = analyze('conv3 conv3 maxpool2s2 conv3');
await init();
const spec = { depth: 3, choices: { kernel: [1, 3, 5], stride: [1, 2] }, constraints: { rf: { min: 5 } }, top: 2 };
const result = await search(spec);
console.log(JSON.stringify({ rf: report.output.rf, vgg: analyze(zoo.vgg_16).output.rf, backend: result.backend,
  feasible: String(result.feasible), count: String(count(spec)), top: result.top.length }));
`,
    );
    const out = JSON.parse(run('node', ['esm.mjs'], app));
    expect(out.rf).toEqual([10, 10]);
    expect(out.backend).toBe('wasm');
    expect(out.feasible).toBe(out.count);
    expect(out.top).toBe(2);
  });

  it("runs the README's quick start against the installed tarball", () => {
    const app = join(scratch, 'app');
    copyFileSync(join(pkgDir, 'examples', 'quickstart.mjs'), join(app, 'quickstart.mjs'));
    const out = run('node', ['quickstart.mjs'], app);
    expect(out).toContain('vgg_16 pool5: rf 212,212, jump 32,32, padding 90,90');
    const counts = /(\d+) of (\d+) feasible \(wasm\); exact count: (\d+)/.exec(out);
    expect(counts?.[1]).toBe(counts?.[3]);
    expect(counts?.[2]).toBe(String(3 ** 6 * 4 ** 6));
  });

  it('works from CommonJS', () => {
    const app = join(scratch, 'app');
    writeFileSync(
      join(app, 'cjs.cjs'),
      `const { analyze, RfError } = require('rfkit');
let code = null;
try { analyze({ layers: [{ op: 'conv', kernel: 3, stride: 0 }] }); } catch (e) { code = e instanceof RfError ? e.code : 'other'; }
console.log(JSON.stringify({ rf: analyze('conv7s2p3 maxpool3s2p1').output.rf, code }));
`,
    );
    const out = JSON.parse(run('node', ['cjs.cjs'], app));
    expect(out.rf).toEqual([11, 11]);
    expect(out.code).toBe('invalid-model');
  });

  it('type-checks a TypeScript consumer (node16 resolution)', () => {
    const app = join(scratch, 'app');
    writeFileSync(
      join(app, 'main.ts'),
      `import { analyze, type Report, type SweepResult } from 'rfkit';
const r: Report = analyze('conv3');
const rf: (number | null)[] = r.output.rf;
export const x: [typeof rf, SweepResult | null] = [rf, null];
`,
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'node16',
          moduleResolution: 'node16',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          lib: ['ES2022', 'DOM'],
          types: [],
        },
        files: ['main.ts'],
      }),
    );
    expect(() => run('node', [tsc, '-p', 'tsconfig.json'], app)).not.toThrow();
  });
});
