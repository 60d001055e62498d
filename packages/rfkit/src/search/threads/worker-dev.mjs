// Worker entry when rfkit runs from its TypeScript sources (vitest): tinypool loads this file and
// calls its default export, worker.ts loaded through tsx. The built package uses dist/worker.js /
// dist/worker.cjs instead and never loads this file.
import { tsImport } from 'tsx/esm/api';

const worker = await tsImport('./worker.ts', import.meta.url);

export default worker.default;
export const rfkitWorker = worker.rfkitWorker;
