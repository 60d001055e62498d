// Adds up the vitest JSON reports of every package and prints "N passed, N failed".
// A non-zero exit of the test command with no failed test (lint, typecheck or a build broke)
// counts as one failure, so the line never hides a broken run.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const rc = Number(process.argv[2] ?? 1);
let passed = 0;
let failed = 0;
for (const group of ['packages', 'apps']) {
  if (!existsSync(group)) continue;
  for (const pkg of readdirSync(group)) {
    const file = join(group, pkg, 'test-results', 'vitest.json');
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    // A file that failed to load (syntax error, missing import) has no failed test of its own.
    for (const file of report.testResults ?? []) {
      const tests = file.assertionResults ?? [];
      if (file.status === 'failed' && !tests.some((t) => t.status === 'failed')) failed += 1;
    }
    console.error(`${file}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
  }
}
if (rc !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(rc !== 0 || failed > 0 ? 1 : 0);
