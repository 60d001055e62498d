// Worker entry when rfkit runs from its TypeScript sources (vitest): loads worker.ts through tsx,
// which then serves the pool's messages. The built package uses dist/worker.js / dist/worker.cjs
// instead and never loads this file.
import { tsImport } from 'tsx/esm/api';

await tsImport('./worker.ts', import.meta.url);
