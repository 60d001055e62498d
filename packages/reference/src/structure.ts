// Checks of the repository's structure, run by this package's tests over every workspace package:
// no import cycle between source files (type-only imports and dynamic imports count too: they tie
// modules together just the same), and no source file over MAX_LINES lines unless its first lines
// say why (a comment "Over N lines because …").
//
// Source files are the TypeScript and JavaScript files under each package's `src/` (and the
// kernel's `assembly/`). Imports are read with TypeScript's own pre-parser; relative specifiers
// and workspace package names (through their `exports`, or `src/index.ts`) resolve to files.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export const MAX_LINES = 400;
/** How a long file gives its reason, within its first lines. */
export const LONG_FILE_REASON = /over \d+ lines because/i;
const REASON_WITHIN_LINES = 10;

const SOURCE_DIRS = ['src', 'assembly'];
const SOURCE_FILE = /\.(ts|mts|cts|tsx|js|mjs|cjs)$/;

export interface Workspace {
  root: string;
  /** Package name → its directory. */
  packages: Map<string, string>;
  /** Absolute paths of every source file. */
  files: string[];
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'build') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (SOURCE_FILE.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
}

/** The packages (from pnpm-workspace.yaml's `packages/*` and `apps/*`) and their source files. */
export function workspaceAt(root: string): Workspace {
  const packages = new Map<string, string>();
  const files: string[] = [];
  for (const group of ['packages', 'apps']) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base).sort()) {
      const dir = join(base, name);
      const manifest = join(dir, 'package.json');
      if (!existsSync(manifest)) continue;
      packages.set((JSON.parse(readFileSync(manifest, 'utf8')) as { name: string }).name, dir);
      for (const sub of SOURCE_DIRS) if (existsSync(join(dir, sub))) walk(join(dir, sub), files);
    }
  }
  return { root, packages, files: files.sort() };
}

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.js', '.mjs', '/index.ts'];

function resolveFile(path: string): string | undefined {
  if (SOURCE_FILE.test(path) && existsSync(path) && statSync(path).isFile()) {
    return path;
  }
  // `./x.js` in TypeScript sources names `./x.ts`; AssemblyScript writes `./x`.
  const stem = path.replace(/\.(js|mjs|cjs)$/, '');
  for (const ext of EXTENSIONS) {
    if (existsSync(stem + ext) && statSync(stem + ext).isFile()) return stem + ext;
  }
  return undefined;
}

/** The source file a workspace package specifier names (`rfkit`, `@rfkit/kernel/layout`), if any. */
function resolvePackage(ws: Workspace, specifier: string): string | undefined {
  for (const [name, dir] of ws.packages) {
    if (specifier !== name && !specifier.startsWith(`${name}/`)) continue;
    const sub = `.${specifier.slice(name.length)}`;
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { exports?: unknown };
    const target = (manifest.exports as Record<string, unknown> | undefined)?.[sub];
    if (typeof target === 'string' && /\.(ts|tsx|mts)$/.test(target)) return resolve(dir, target);
    // Built packages export dist/; their sources start at src/index.ts.
    return sub === '.' ? resolveFile(join(dir, 'src/index.ts')) : undefined;
  }
  return undefined;
}

/** The workspace source files a file imports (statically, dynamically or for types only). */
export function importsOf(ws: Workspace, file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const out = new Set<string>();
  for (const { fileName } of info.importedFiles) {
    const specifier = fileName.replace(/\?.*$/, '');
    const target = specifier.startsWith('.')
      ? resolveFile(resolve(dirname(file), specifier))
      : resolvePackage(ws, specifier);
    if (target !== undefined && ws.files.includes(target)) out.add(target);
  }
  return [...out];
}

/** Every import cycle, each as the list of files around it (relative to the root), shortest first. */
export function importCycles(ws: Workspace): string[][] {
  const graph = new Map(ws.files.map((f) => [f, importsOf(ws, f)]));
  // Tarjan's strongly connected components; each component of more than one file (or a file
  // importing itself) holds a cycle, reported as one shortest cycle through its first file.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)!.includes(v)) components.push(component.sort());
    }
  };
  for (const f of ws.files) if (!index.has(f)) visit(f);
  const cycles = components.map((component) => shortestCycle(graph, component[0]!, new Set(component)));
  return cycles
    .map((c) => c.map((f) => relative(ws.root, f)))
    .sort((a, b) => a.length - b.length || a[0]!.localeCompare(b[0]!));
}

/** A shortest path from `start` back to itself inside `within` (breadth-first). */
function shortestCycle(graph: Map<string, string[]>, start: string, within: Set<string>): string[] {
  const from = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (const w of graph.get(v)!) {
      if (!within.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(from.get(path[0]!)!);
        return [...path, start];
      }
      if (!from.has(w)) {
        from.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

/** Source files over MAX_LINES lines whose first lines give no reason, with their line counts. */
export function longFiles(ws: Workspace): { file: string; lines: number }[] {
  const out: { file: string; lines: number }[] = [];
  for (const file of ws.files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    const count = lines.at(-1) === '' ? lines.length - 1 : lines.length;
    if (count <= MAX_LINES) continue;
    if (lines.slice(0, REASON_WITHIN_LINES).some((l) => LONG_FILE_REASON.test(l))) continue;
    out.push({ file: relative(ws.root, file), lines: count });
  }
  return out;
}
