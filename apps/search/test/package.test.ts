// The three npm tarballs as a user gets them: packs rfkit, @rfkit/onnx and @rfkit/search, lints
// each (publint, attw), installs them together into a scratch project (the three from their
// tarballs, never from a registry; their own dependencies from the npm cache or registry) and runs
// the CLI, the READMEs' examples and ESM / CommonJS / TypeScript consumers from there.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
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

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
const attw = join(repo, 'apps', 'search', 'node_modules', '.bin', 'attw');
const FIXTURES = join(repo, 'packages', 'onnx', 'test', 'fixtures');

const PACKAGES = [
  { name: 'rfkit', dir: 'packages/rfkit' },
  { name: '@rfkit/onnx', dir: 'packages/onnx' },
  { name: '@rfkit/search', dir: 'apps/search' },
] as const;

let scratch = '';
let app = '';
const tarballs = new Map<string, string>();

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env });
}

/** The installed `rfkit` command of the scratch project. */
const rfkit = (args: string[]) =>
  run(join(app, 'node_modules', '.bin', 'rfkit'), args, app, { ...process.env, NO_COLOR: '1' });

/** Files of a tarball, without the leading `package/`. */
function listing(tgz: string): string[] {
  return run('tar', ['-tzf', tgz], scratch)
    .split('\n')
    .filter((f) => f !== '')
    .map((f) => f.replace(/^package\//, ''));
}

const fromTarball = (tgz: string, file: string) => run('tar', ['-xzOf', tgz, `package/${file}`], scratch);

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'rfkit-release-'));
  const packDir = join(scratch, 'pack');
  mkdirSync(packDir);
  for (const p of PACKAGES) {
    const before = new Set(readdirSync(packDir));
    run('pnpm', ['pack', '--pack-destination', packDir], join(repo, p.dir));
    const made = readdirSync(packDir).find((f) => f.endsWith('.tgz') && !before.has(f));
    if (!made) throw new Error(`pnpm pack wrote no tarball for ${p.name}`);
    tarballs.set(p.name, join(packDir, made));
  }
  app = join(scratch, 'app');
  mkdirSync(app);
  const file = (name: string) => `file:${tarballs.get(name)}`;
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({
      name: 'scratch',
      private: true,
      type: 'module',
      dependencies: {
        rfkit: file('rfkit'),
        '@rfkit/onnx': file('@rfkit/onnx'),
        '@rfkit/search': file('@rfkit/search'),
      },
      // The tarballs depend on each other by version; these make npm take the local ones.
      overrides: { rfkit: file('rfkit'), '@rfkit/onnx': file('@rfkit/onnx') },
    }),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], app);
}, 600_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe.each(PACKAGES)('the $name tarball', ({ name, dir }) => {
  const tgz = () => tarballs.get(name) as string;

  it('ships its build, README, LICENSE and package.json only', () => {
    const files = listing(tgz());
    // rfkit: also the zoo/package.json that points resolvers without `exports` at rfkit/zoo.
    const built = name === 'rfkit' ? /^(dist|schema)\/|^zoo\/package\.json$/ : /^dist\//;
    expect(
      files.filter((f) => !built.test(f) && !['package.json', 'README.md', 'LICENSE'].includes(f)),
    ).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']));
    expect(fromTarball(tgz(), 'LICENSE')).toBe(readFileSync(join(repo, 'LICENSE'), 'utf8'));
    expect(fromTarball(tgz(), 'README.md')).toBe(readFileSync(join(repo, dir, 'README.md'), 'utf8'));
    expect(fromTarball(tgz(), 'LICENSE')).toMatch(/^MIT License/);
  });

  it('has the metadata of a published package', () => {
    const pkg = JSON.parse(fromTarball(tgz(), 'package.json'));
    expect(pkg).toMatchObject({
      name,
      license: 'MIT',
      repository: { type: 'git', url: 'git+https://github.com/rfkit/rfkit.git', directory: dir },
      homepage: `https://github.com/rfkit/rfkit/tree/main/${dir}#readme`,
      bugs: { url: 'https://github.com/rfkit/rfkit/issues' },
      publishConfig: { access: 'public' },
    });
    expect(pkg.description).toEqual(expect.any(String));
    // Workspace links are rewritten to versions; nothing runs at install time.
    expect(JSON.stringify(pkg.dependencies ?? {})).not.toContain('workspace:');
    for (const hook of ['preinstall', 'install', 'postinstall']) expect(pkg.scripts?.[hook]).toBeUndefined();
  });

  it('is publint clean (strict)', async () => {
    const bytes = readFileSync(tgz());
    const tarball = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const { messages } = await publint({ pack: { tarball }, strict: true });
    expect(messages.map((m) => `${m.type}: ${m.code} ${JSON.stringify(m.args)}`)).toEqual([]);
  });

  it('has types that resolve in every module mode (attw)', () => {
    // rfkit's ./rfkit.wasm (the kernel as a file) and ./worker (a worker-thread entry, passed as
    // a URL) are no modules to import, so they have no types to check.
    const skip = name === 'rfkit' ? ['--exclude-entrypoints', './rfkit.wasm', './worker'] : [];
    const report = JSON.parse(run(attw, [tgz(), '--format', 'json', ...skip], scratch));
    if (name === '@rfkit/search') {
      // A command-line package: nothing to import, so no types to check.
      expect(report.analysis.types).toBe(false);
      return;
    }
    expect(report.analysis.types).toEqual({ kind: 'included' });
    // No problem in any resolution mode (node10, node16 CJS/ESM, bundler) for any entry point.
    expect(report.problems).toEqual({});
    expect(Object.keys(report.analysis.entrypoints).length).toBeGreaterThan(1);
  });
});

describe('installed together', () => {
  it('one copy of each, from the tarballs, with no install scripts and no protobuf runtime', () => {
    const modules = join(app, 'node_modules');
    for (const p of PACKAGES) {
      expect(JSON.parse(readFileSync(join(modules, p.name, 'package.json'), 'utf8')).version).toBe(
        JSON.parse(readFileSync(join(repo, p.dir, 'package.json'), 'utf8')).version,
      );
    }
    // No nested copies of rfkit (a second copy would give a second RfError class).
    expect(existsSync(join(modules, '@rfkit', 'onnx', 'node_modules', 'rfkit'))).toBe(false);
    expect(existsSync(join(modules, '@rfkit', 'search', 'node_modules', 'rfkit'))).toBe(false);
    const onnx = JSON.parse(readFileSync(join(modules, '@rfkit', 'onnx', 'package.json'), 'utf8'));
    expect(Object.keys(onnx.dependencies)).toEqual(['rfkit']);
    const installed = readdirSync(modules).flatMap((n) =>
      n.startsWith('@')
        ? readdirSync(join(modules, n)).map((m) => `${n}/${m}`)
        : n.startsWith('.')
          ? []
          : [n],
    );
    expect(installed).not.toContain('protobufjs');
    expect(installed).not.toContain('@types/node');
    for (const n of installed) {
      const pkg = JSON.parse(readFileSync(join(modules, n, 'package.json'), 'utf8'));
      expect([n, pkg.scripts?.postinstall ?? pkg.scripts?.install ?? pkg.scripts?.preinstall]).toEqual([
        n,
        undefined,
      ]);
    }
  });

  it('rfkit --version and --help', () => {
    expect(rfkit(['--version']).trim()).toBe(
      JSON.parse(readFileSync(join(repo, 'apps/search/package.json'), 'utf8')).version,
    );
    expect(rfkit(['--help'])).toMatch(/analyze/);
  });

  it('rfkit analyze: a zoo model, compact text and a real ONNX file', () => {
    expect(rfkit(['analyze', 'zoo:vgg_16', '--format', 'json'])).toContain('"pool5"');
    const vgg = JSON.parse(rfkit(['analyze', 'zoo:vgg_16', '--format', 'json']));
    expect(vgg.layers.find((l: { name: string }) => l.name === 'pool5')).toMatchObject({
      rf: [212, 212],
      jump: [32, 32],
    });
    const compact = JSON.parse(rfkit(['analyze', 'in64 conv3p1 conv3p2d2 conv3p4d4', '--format', 'json']));
    expect(compact.output).toMatchObject({ rf: [15, 15], covered: [15, 15] });
    copyFileSync(join(FIXTURES, 'resnet18.onnx'), join(app, 'resnet18.onnx'));
    const onnx = JSON.parse(rfkit(['analyze', 'resnet18.onnx', '--format', 'json']));
    expect(onnx.layers.find((l: { name: string }) => l.name === 'layer4.1')).toMatchObject({
      rf: [435, 435],
      jump: [32, 32],
    });
  });

  it('rfkit count and a small rfkit search agree', () => {
    const flags = ['--depth', '4', '--kernels', '1,3,5', '--strides', '1,2', '--rf', '9..', '--stride', '4'];
    const counted = rfkit(['count', ...flags]).trim();
    expect(counted).toMatch(/^[1-9]\d*$/);
    const result = JSON.parse(rfkit(['search', ...flags, '--format', 'json', '-q', '--top', '3']));
    expect(result).toMatchObject({ feasible: counted, evaluated: String(6 ** 4), complete: true });
    expect(result.top).toHaveLength(3);
  });

  it("runs the commands of @rfkit/search's README example", () => {
    const readme = readFileSync(join(repo, 'apps/search/README.md'), 'utf8');
    const block = /## Example\n[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const commands = block.split('\n').filter((l) => l.startsWith('rfkit '));
    expect(commands.length).toBeGreaterThanOrEqual(4);
    for (const line of commands) {
      const args = [...line.slice('rfkit '.length).matchAll(/"([^"]*)"|(\S+)/g)].map(
        (m) => m[1] ?? m[2] ?? '',
      );
      expect(() => rfkit(args), line).not.toThrow();
    }
  });

  it("runs the README quick start (rfkit's example, also in the root README)", () => {
    const example = readFileSync(join(repo, 'packages/rfkit/examples/quickstart.mjs'), 'utf8');
    const body = example.slice(example.indexOf('\n') + 1);
    expect(readFileSync(join(repo, 'packages/rfkit/README.md'), 'utf8')).toContain(body);
    expect(readFileSync(join(repo, 'README.md'), 'utf8')).toContain(body);
    writeFileSync(join(app, 'quickstart.mjs'), example);
    const out = run('node', ['quickstart.mjs'], app);
    expect(out).toContain('vgg_16 pool5: rf 212,212, jump 32,32, padding 90,90');
    const counts = /(\d+) of (\d+) feasible \(wasm\); exact count: (\d+)/.exec(out);
    expect(counts?.[1]).toBe(counts?.[3]);
    expect(counts?.[2]).toBe(String(3 ** 6 * 4 ** 6));
  });

  it("runs @rfkit/onnx's README example on a real exported model", () => {
    const example = readFileSync(join(repo, 'packages/onnx/examples/import.mjs'), 'utf8');
    expect(readFileSync(join(repo, 'packages/onnx/README.md'), 'utf8')).toContain(
      example.slice(example.indexOf('\n') + 1),
    );
    writeFileSync(join(app, 'import.mjs'), example);
    const out = run('node', ['import.mjs', join(FIXTURES, 'resnet18.onnx')], app);
    expect(out).toContain('layer4.1: rf 435×435, stride 32×32');
  });

  it('the JSON Schemas are exported: rfkit/schema/model.json and rfkit/schema/sweep.json', () => {
    writeFileSync(
      join(app, 'schema.cjs'),
      `const model = require('rfkit/schema/model.json');
const sweep = require('rfkit/schema/sweep.json');
console.log(JSON.stringify([model.title, sweep.title, model.$schema]));`,
    );
    const [model, sweep, draft] = JSON.parse(run('node', ['schema.cjs'], app));
    expect(model).toMatch(/ModelSpec/);
    expect(sweep).toMatch(/SweepSpec/);
    expect(draft).toBe('http://json-schema.org/draft-07/schema#');
    for (const n of ['model', 'sweep']) {
      expect(readFileSync(join(app, 'node_modules/rfkit/schema', `${n}.json`), 'utf8')).toBe(
        readFileSync(join(repo, 'docs/schema', `${n}.json`), 'utf8'),
      );
    }
  });

  it('rfkit from ESM, wasm included', () => {
    writeFileSync(
      join(app, 'esm.mjs'),
      `import { analyze, init, search, count } from 'rfkit';
import { zoo } from 'rfkit/zoo';
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

  it('rfkit and @rfkit/onnx from CommonJS, one RfError class', () => {
    writeFileSync(
      join(app, 'cjs.cjs'),
      `const { analyze, RfError } = require('rfkit');
const { importOnnx } = require('@rfkit/onnx');
let code = null;
try { analyze({ layers: [{ op: 'conv', kernel: 3, stride: 0 }] }); } catch (e) { code = e instanceof RfError ? e.code : 'other'; }
let onnx = null;
try { importOnnx(new Uint8Array([0x0f])); } catch (e) { onnx = e instanceof RfError ? e.code : 'other'; }
console.log(JSON.stringify({ rf: analyze('conv7s2p3 maxpool3s2p1').output.rf, code, onnx }));
`,
    );
    expect(JSON.parse(run('node', ['cjs.cjs'], app))).toEqual({
      rf: [11, 11],
      code: 'invalid-model',
      onnx: 'invalid-onnx',
    });
  });

  it('type-checks a TypeScript consumer (node16 resolution)', () => {
    writeFileSync(
      join(app, 'main.ts'),
      `import { analyze, type Report, type SweepResult } from 'rfkit';
import { importOnnx, type ImportResult } from '@rfkit/onnx';
const r: Report = analyze('conv3');
const rf: (number | null)[] = r.output.rf;
const imported: ImportResult | null = rf.length > 5 ? importOnnx(new Uint8Array()) : null;
export const x: [typeof rf, SweepResult | null, ImportResult | null] = [rf, null, imported];
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

  it('runs in browsers too: no Node-only globals in the ESM bundles', () => {
    for (const pkg of ['rfkit', '@rfkit/onnx']) {
      const dist = join(app, 'node_modules', pkg, 'dist');
      const bundle = readdirSync(dist)
        .filter((f) => f.endsWith('.js') && f !== 'worker.js')
        .map((f) => readFileSync(join(dist, f), 'utf8'))
        .join('\n');
      expect(bundle, pkg).not.toMatch(/\bBuffer\.from\b|\brequire\(["']node:|from ["']node:/);
      // No code generation: the bundles run under a CSP without 'unsafe-eval'.
      expect(bundle, pkg).not.toMatch(/\bnew Function\(|\beval\(/);
    }
    // esbuild's binary loader decodes the inlined kernel with Buffer on platform "node".
    expect(readFileSync(join(app, 'node_modules/rfkit/dist/index.js'), 'utf8')).toContain('atob(');
  });
});
