// The repository's structure: no import cycle anywhere, no long file without a stated reason. The
// checks themselves are tested on small synthetic workspaces first, so a pass means something.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importCycles, importsOf, longFiles, MAX_LINES, workspaceAt } from '../src/structure.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const scratch = mkdtempSync(join(tmpdir(), 'rfkit-structure-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A workspace of files (path → contents) under a fresh directory. */
function fixture(name: string, files: Record<string, string>): string {
  const root = join(scratch, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('the structure checks', () => {
  it('find cycles through relative, type-only, dynamic and package imports', () => {
    const root = fixture('cycles', {
      'packages/a/package.json': JSON.stringify({ name: 'a' }),
      'packages/a/src/index.ts': "export { x } from './x.js';\n",
      'packages/a/src/x.ts': "import type { Y } from './y.js';\nexport const x = 1;\n",
      'packages/a/src/y.ts': "export type Y = number;\nexport const load = () => import('./x.js');\n",
      'packages/a/src/self.ts': "import './self.js';\n",
      'packages/a/src/fine.ts': "import { x } from './x.js';\nimport fs from 'node:fs';\nexport { x, fs };\n",
      'packages/b/package.json': JSON.stringify({
        name: 'b',
        exports: { './layout': './assembly/layout.ts' },
      }),
      'packages/b/assembly/layout.ts': 'export const A = 0;\n',
      'packages/b/assembly/index.ts':
        "import { A } from './layout';\nimport { x } from 'a';\nexport { A, x };\n",
      'apps/c/package.json': JSON.stringify({ name: 'c' }),
      'apps/c/src/main.ts': "import { A } from 'b/layout';\nexport { A };\n",
      'packages/a/src/back.ts': "import { A } from 'b/layout';\nexport const z = A;\n",
    });
    const ws = workspaceAt(root);
    expect(importsOf(ws, join(root, 'packages/b/assembly/index.ts')).sort()).toEqual([
      join(root, 'packages/a/src/index.ts'),
      join(root, 'packages/b/assembly/layout.ts'),
    ]);
    expect(importsOf(ws, join(root, 'apps/c/src/main.ts'))).toEqual([
      join(root, 'packages/b/assembly/layout.ts'),
    ]);
    expect(importCycles(ws)).toEqual([
      ['packages/a/src/self.ts', 'packages/a/src/self.ts'],
      ['packages/a/src/x.ts', 'packages/a/src/y.ts', 'packages/a/src/x.ts'],
    ]);
  });

  it('find long files that do not say why', () => {
    const lines = (n: number, head = '') => `${head}${'x;\n'.repeat(n - (head ? 1 : 0))}`;
    const root = fixture('long', {
      'packages/a/package.json': JSON.stringify({ name: 'a' }),
      'packages/a/src/short.ts': lines(MAX_LINES),
      'packages/a/src/long.ts': lines(MAX_LINES + 1),
      'packages/a/src/reasoned.ts': lines(MAX_LINES + 50, '// Over 400 lines because it is one table.\n'),
      'packages/a/test/long.test.ts': lines(MAX_LINES * 2),
    });
    expect(longFiles(workspaceAt(root))).toEqual([{ file: 'packages/a/src/long.ts', lines: MAX_LINES + 1 }]);
  });
});

describe('this repository', () => {
  const ws = workspaceAt(repo);

  it('reads the sources of every package', () => {
    for (const name of [
      'rfkit',
      '@rfkit/kernel',
      '@rfkit/onnx',
      '@rfkit/search',
      '@rfkit/bench',
      '@rfkit/web',
    ]) {
      expect(ws.packages.has(name), name).toBe(true);
    }
    expect(ws.files.some((f) => f.endsWith('packages/rfkit/src/search/search.ts'))).toBe(true);
    expect(ws.files.some((f) => f.endsWith('packages/kernel/assembly/layout.ts'))).toBe(true);
  });

  it('has no import cycle', () => {
    expect(importCycles(ws)).toEqual([]);
  });

  it(`has no source file over ${MAX_LINES} lines without a reason in its first lines`, () => {
    expect(longFiles(ws)).toEqual([]);
  });
});
