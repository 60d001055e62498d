// The built bundles (dist/, made by `pnpm build` before the tests): search with worker threads works
// from both the ESM and the CJS build, and nothing the browser entry loads statically imports Node
// modules or the pool.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');

const body = `
const spec = { depth: 6, choices: { kernel: [1, 3, 5], stride: [1, 2], dilation: [1, 2] },
  constraints: { rf: { min: 20, max: 90 }, stride: 4 }, objective: 'params', top: 5 };
const show = (r) => JSON.stringify({ ...r, elapsedMs: 0 }, (k, v) => (typeof v === 'bigint' ? String(v) : v));
const one = await search(spec);
const two = await search(spec, { threads: 2 });
const js = await search(spec, { threads: 2, backend: 'js' });
console.log(JSON.stringify({ backends: [one.backend, two.backend, js.backend], same: show(one) === show(two),
  sameJs: show({ ...one, backend: 'js' }) === show(js), feasible: String(one.feasible) }));
`;

/** Runs a module in a fresh Node (a file, not -e: worker threads inherit the parent's flags). */
function run(source: string): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'rfkit-build-'));
  try {
    const file = join(dir, 'main.mjs');
    writeFileSync(file, source);
    const out = execFileSync(process.execPath, [file], { encoding: 'utf8' });
    return JSON.parse(out.trim().split('\n').at(-1)!);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const expected = { backends: ['wasm', 'wasm', 'js'], same: true, sameJs: true };

describe('the built package', () => {
  it('searches with threads from the ESM build', () => {
    const source = `const { search } = await import(${JSON.stringify(join(dist, 'index.js'))});${body}`;
    expect(run(source)).toMatchObject(expected);
  });

  it('searches with threads from the CJS build', () => {
    const source = `import { createRequire } from 'node:module';
const { search } = createRequire(${JSON.stringify(join(dist, 'x.cjs'))})('./index.cjs');${body}`;
    expect(run(source)).toMatchObject(expected);
  });

  it('keeps Node modules and the pool out of the static graph of the ESM entry', () => {
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(join(dist, file), 'utf8');
      expect(code, file).not.toMatch(
        /from\s+["'](?:node:[^"']*|tinypool|worker_threads|url|path|fs|os|module)["']/,
      );
      for (const m of code.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+["']\.\/([^"']+)["']/g))
        visit(m[1]!);
    };
    visit('index.js');
    expect(seen.size).toBeGreaterThan(1);
  });
});
