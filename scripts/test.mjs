// `pnpm test`: lint, typecheck, then every package's build and tests (turbo, one package at a
// time, going on past failures), and last the line "N passed, N failed" summed over every
// package's vitest report. Exits non-zero on any failure.
//
// A step that fails without a failed test of its own (lint, typecheck, a build, a test file that
// does not load, a package whose tests never ran) counts as one failure, so the line never hides
// a broken run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1' };

/** Packages with a `test` script: each must leave a vitest report. */
function testedPackages() {
  const found = [];
  for (const group of ['packages', 'apps']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const manifest = join(dir, name, 'package.json');
      if (!existsSync(manifest)) continue;
      if (JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test) found.push(join(dir, name));
    }
  }
  return found;
}

function run(label, cmd, args) {
  process.stderr.write(`\n── ${label}: ${[relative(root, cmd) || cmd, ...args].join(' ')}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.error) process.stderr.write(`test: ${label} could not start: ${r.error.message}\n`);
  return r.status === 0;
}

/** Tracked files with changes in the working tree (empty outside a git checkout). */
function changedTracked() {
  const r = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], {
    cwd: root,
    encoding: 'utf8',
  });
  return r.status === 0 ? new Set(r.stdout.split('\n').filter((l) => l !== '')) : new Set();
}

const packages = testedPackages();
const changedBefore = changedTracked();
// A report left from an earlier run must not be counted (turbo restores cached ones itself).
for (const dir of packages) rmSync(join(dir, 'test-results', 'vitest.json'), { force: true });

const steps = [
  ['lint', run('lint', bin('biome'), ['check', '.'])],
  ['typecheck', run('typecheck', bin('turbo'), ['run', 'typecheck', '--output-logs=errors-only'])],
  ['build and test', run('build and test', bin('turbo'), ['run', 'test', '--concurrency=1', '--continue'])],
];

let passed = 0;
let failed = 0;
const lines = [];
for (const dir of packages) {
  const name = relative(root, dir);
  const file = join(dir, 'test-results', 'vitest.json');
  if (!existsSync(file)) {
    // Its build failed, or vitest died before writing: count it, never skip it silently.
    failed += 1;
    lines.push(`${name}: no test report (its build or its test run did not finish)`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const p = report.numPassedTests ?? 0;
  let f = report.numFailedTests ?? 0;
  // A file that failed to load (syntax error, missing import) has no failed test of its own.
  for (const suite of report.testResults ?? []) {
    const tests = suite.assertionResults ?? [];
    if (suite.status === 'failed' && !tests.some((t) => t.status === 'failed')) f += 1;
  }
  if (p + f === 0 && report.success !== true) f = 1;
  passed += p;
  failed += f;
  lines.push(`${name}: ${p} passed, ${f} failed`);
}
const testFailures = failed;
for (const [label, ok] of steps) {
  if (ok) continue;
  // The test step's failures are already counted from the reports when any test failed.
  if (label === 'build and test' && testFailures > 0) continue;
  failed += 1;
  lines.push(`${label}: failed`);
}

// The test run must leave tracked files as they were; name any it changed.
const touched = [...changedTracked()].filter((l) => !changedBefore.has(l)).map((l) => l.slice(3));
if (touched.length > 0) lines.push(`warning: the run modified tracked files: ${touched.join(', ')}`);

process.stderr.write(`\n${lines.join('\n')}\n`);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 || steps.some(([, ok]) => !ok) ? 1 : 0);
