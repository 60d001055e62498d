// What a release and a clean clone rely on beyond the tarballs: docs that stand alone (no link out
// of the repository, every relative link resolving), the release plan (the first release is
// 0.1.0), the release scripts, turbo's inputs and environment, and the set-up script.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const read = (path: string) => readFileSync(join(repo, path), 'utf8');
const PUBLISHED = ['packages/rfkit', 'packages/onnx', 'apps/search'];

function walk(dir: string, keep: (f: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(repo, dir))) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(join(repo, path)).isDirectory()) out.push(...walk(path, keep));
    else if (keep(path)) out.push(path);
  }
  return out;
}

/** The user-facing text: READMEs, docs, and the public type declarations' sources. */
const userFacing = [
  'README.md',
  ...walk('docs', (f) => f.endsWith('.md') || f.endsWith('.json')),
  ...['packages', 'apps'].flatMap((g) =>
    readdirSync(join(repo, g))
      .map((p) => `${g}/${p}/README.md`)
      .filter((f) => existsSync(join(repo, f))),
  ),
  'packages/rfkit/src/types.ts',
  'packages/rfkit/src/index.ts',
];

describe('the repository stands alone', () => {
  it.each(userFacing)('%s refers to nothing outside the repository', (file) => {
    const text = read(file);
    expect(text).not.toMatch(/\.\.\/shared|DESIGN(\.md)?\b|§\s*\d|notes\/|\bissue #\d/);
  });

  it.each(userFacing.filter((f) => f.endsWith('.md')))('%s: every relative link resolves', (file) => {
    const text = read(file);
    const broken: string[] = [];
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = (m[1] as string).split('#')[0] as string;
      if (target === '' || /^[a-z]+:/.test(target)) continue;
      if (!existsSync(join(repo, dirname(file), target))) broken.push(target);
    }
    expect(broken).toEqual([]);
  });

  it('documents the three formats and ships their schemas', () => {
    for (const f of ['docs/model-format.md', 'docs/search-space.md', 'docs/results.md']) {
      expect(read('README.md')).toContain(`(${f})`);
    }
    for (const f of ['docs/schema/model.json', 'docs/schema/sweep.json'])
      expect(existsSync(join(repo, f))).toBe(true);
  });
});

describe('releases', () => {
  it('the pending changesets release rfkit, @rfkit/onnx and @rfkit/search together, first as 0.1.0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rfkit-changeset-'));
    try {
      const out = join(dir, 'status.json');
      execFileSync(join(repo, 'node_modules/.bin/changeset'), ['status', '--output', out], {
        cwd: repo,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const plan: { releases: { name: string; oldVersion: string; newVersion: string }[] } = JSON.parse(
        readFileSync(out, 'utf8'),
      );
      for (const dirName of PUBLISHED) {
        const pkg = JSON.parse(read(`${dirName}/package.json`));
        const release = plan.releases.find((r) => r.name === pkg.name);
        // Before the first release: 0.0.0 in the repository, 0.1.0 once `changeset version` ran.
        if (pkg.version === '0.0.0') expect(release?.newVersion, pkg.name).toBe('0.1.0');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('`pnpm release` versions, builds and publishes with provenance; publishing rebuilds first', () => {
    const root = JSON.parse(read('package.json'));
    expect(root.scripts.release).toMatch(/^changeset version && pnpm build && pnpm publish -r --provenance/);
    for (const dirName of PUBLISHED) {
      const pkg = JSON.parse(read(`${dirName}/package.json`));
      expect(pkg.scripts.prepublishOnly, dirName).toBe('node ../../scripts/prepublish.mjs');
      expect(pkg.publishConfig, dirName).toEqual({ access: 'public' });
      expect(read(`${dirName}/LICENSE`), dirName).toBe(read('LICENSE'));
    }
    expect(read('LICENSE')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} /);
  });
});

describe('turbo', () => {
  const turbo = JSON.parse(read('turbo.json'));

  it('root configs are inputs of every task', () => {
    expect(turbo.globalDependencies).toEqual(
      expect.arrayContaining(['tsconfig.base.json', 'vitest.shared.ts', 'biome.json', 'docs/schema/*.json']),
    );
  });

  it('every environment variable the code and tests read reaches the test tasks', () => {
    // vitest.shared.ts: the browser tests' Chromium launch options (CHROMIUM_PATH) live there.
    const sources = [
      ...['packages', 'apps'].flatMap((g) => walk(g, (f) => /\.(ts|mts|mjs|js)$/.test(f))),
      'vitest.shared.ts',
    ];
    const read_ = new Set<string>();
    for (const f of sources) {
      for (const m of read(f).matchAll(
        /process\.env\.([A-Z_][A-Z0-9_]*)|process\.env\[['"]([A-Z_][A-Z0-9_]*)['"]\]/g,
      )) {
        read_.add((m[1] ?? m[2]) as string);
      }
    }
    expect(read_.has('CHROMIUM_PATH')).toBe(true);
    const allowed = new Set([
      ...(turbo.tasks.test.env ?? []),
      ...(turbo.globalEnv ?? []),
      ...(turbo.globalPassThroughEnv ?? []),
    ]);
    expect(
      [...read_].filter((v) => !allowed.has(v)),
      `add them to turbo.json (tasks.test.env)`,
    ).toEqual([]);
  });
});

describe('scripts/setup.sh', () => {
  /** stdout and stderr of a run, which must succeed. */
  const setup = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const r = spawnSync('bash', [join(repo, 'scripts/setup.sh'), ...args], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout + r.stderr;
  };

  it('says what it will do; on a ready machine only the (fast, idempotent) dependency check', () => {
    const out = setup(['--dry-run', '--no-browser']);
    expect(out).toContain('setup: pnpm 12.4.2 is there');
    expect(out.split('\n').filter((l) => l.startsWith('setup: would run:'))).toEqual([
      'setup: would run: pnpm install --frozen-lockfile --prefer-offline',
    ]);
  });

  it('installs only Chromium and a font, without recommended packages', () => {
    const out = setup(['--dry-run'], { CHROMIUM_PATH: join(repo, 'no-such-chromium') });
    if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
      expect(out).toContain(
        'setup: would run: env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-liberation',
      );
    } else {
      expect(out).toMatch(/no Chromium at .*no-such-chromium/);
    }
  });
});
