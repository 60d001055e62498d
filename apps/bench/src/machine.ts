// The machine and software a run measured, for the report's header.

import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  platform: string;
  arch: string;
  node: string;
  /** Versions of rfkit and of the measuring/charting packages. */
  versions: Record<string, string>;
}

/** The version in `node_modules/<name>/package.json`, looked up from this file's folder upwards. */
function versionOf(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as {
        version?: string;
      };
      if (pkg.version) return pkg.version;
    } catch {
      // not here: keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    platform: process.platform,
    arch: process.arch,
    node: process.version,
    versions: Object.fromEntries(['rfkit', 'tinybench', 'vega', 'vega-lite'].map((n) => [n, versionOf(n)])),
  };
}
