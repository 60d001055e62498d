// prepublishOnly of every published package (run from the package's folder): builds it and the
// workspace packages it depends on through turbo, then checks that every file its package.json
// points to exists and that README.md and LICENSE are there, so that a publish never ships a
// missing or stale build.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.cwd();
const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

const build = spawnSync(
  join(root, 'node_modules', '.bin', 'turbo'),
  ['run', 'build', `--filter=${pkg.name}...`, '--output-logs=errors-only'],
  { cwd: root, stdio: 'inherit', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } },
);
if (build.status !== 0) {
  console.error(`prepublish: the build of ${pkg.name} failed; nothing is published`);
  process.exit(1);
}

/** Every file path named by main/module/types/bin/exports. */
function targets(value, out = []) {
  if (typeof value === 'string') out.push(value);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) targets(v, out);
  return out;
}
const named = [pkg.main, pkg.module, pkg.types, pkg.bin, pkg.exports].flatMap((v) => targets(v ?? null));
const missing = [...new Set([...named, 'README.md', 'LICENSE'])].filter((f) => !existsSync(join(dir, f)));
if (missing.length > 0) {
  console.error(
    `prepublish: ${pkg.name} (${relative(root, dir)}) lacks ${missing.join(', ')}; nothing is published`,
  );
  process.exit(1);
}
console.error(`prepublish: ${pkg.name} built; ${named.length} entry files present`);
