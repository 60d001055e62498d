#!/usr/bin/env node
// Entry point of `pnpm bench`: see run.ts.

import { runBench } from './run.js';

runBench(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
