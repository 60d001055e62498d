// The worker side of bounded.ts: loads a task module (TypeScript through tsx), runs one of its
// exports on the input, and reports every case it starts so the parent can kill a case that hangs.
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { module, name, input } = workerData;
const tasks = await tsImport(module, import.meta.url);
parentPort.postMessage({ type: 'ready' });
const report = (event) => parentPort.postMessage({ type: 'case', ...event });
try {
  const value = await tasks[name](input, report);
  parentPort.postMessage({ type: 'result', value });
} catch (e) {
  parentPort.postMessage({
    type: 'failure',
    error: {
      name: e?.name,
      // fast-check puts the failing check's own error in `cause`.
      message: [e?.message ?? e, e?.cause?.message].filter(Boolean).join('\ncaused by: '),
      stack: String(e?.stack ?? ''),
    },
  });
}
