// Worker entry when rfkit runs from its TypeScript sources (vitest): loads worker.ts through tsx.
// The built package uses dist/worker.js / dist/worker.cjs instead and never loads this file.
import { tsImport } from 'tsx/esm/api';

const mod = await tsImport('./worker.ts', import.meta.url);

export default mod.default;
