// Where the worker threads' entry file is, and whether it loads. The default is rfkit's own
// dist/worker.js (or .cjs) next to this file; an app bundled into files of its own has none there,
// so `workerUrl` points at one (e.g. `import.meta.resolve('rfkit/worker')` of the installed
// package). Before any worker starts, the file is imported here once and must say it speaks this
// version's protocol, so that a missing or foreign file is one clear message, not a worker that
// fails to start with ERR_MODULE_NOT_FOUND.

import { invalidArgument } from '../../errors.js';
import { WORKER_PROTOCOL } from './protocol.js';
import { ThreadsUnavailable } from './unavailable.js';

/** rfkit's own worker entry, next to this module. */
function ownWorkerFile(): string {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return new URL('./worker-dev.mjs', here).href;
  if (here.endsWith('.cjs')) return new URL('./worker.cjs', here).href;
  return new URL('./worker.js', here).href;
}

/** The worker entry of a search: `workerUrl` (a URL, a file URL string or a path) or rfkit's own. */
export function workerFile(workerUrl: string | { href: string } | undefined): string {
  if (workerUrl === undefined) return ownWorkerFile();
  if (typeof workerUrl === 'object' && workerUrl !== null && typeof workerUrl.href === 'string') {
    return workerUrl.href;
  }
  if (typeof workerUrl !== 'string' || workerUrl === '') {
    return invalidArgument('workerUrl', 'expected a URL or a file path of the rfkit/worker entry');
  }
  // A plain path (absolute, as import.meta.resolve and require.resolve give): as a file URL.
  return /^[a-z][a-z0-9+.-]*:/i.test(workerUrl) && !/^[a-z]:[\\/]/i.test(workerUrl)
    ? workerUrl
    : `file://${workerUrl.startsWith('/') ? '' : '/'}${encodeURI(workerUrl.replaceAll('\\', '/'))}`;
}

/** Per file, why it is no worker entry of this version (undefined: it is one). */
const checked = new Map<string, Promise<string | undefined>>();

/**
 * Resolves when `file` is an rfkit worker entry of this version; otherwise rejects with
 * ThreadsUnavailable (rfkit's own file) or RfError `invalid-argument` (a `workerUrl` given).
 */
export async function checkWorkerFile(file: string, given: boolean): Promise<void> {
  let check = checked.get(file);
  if (check === undefined) {
    check = probe(file);
    checked.set(file, check);
  }
  const reason = await check;
  if (reason === undefined) return;
  // A failure is not remembered: the file may appear later.
  checked.delete(file);
  if (given) invalidArgument('workerUrl', `${file} ${reason}`);
  throw new ThreadsUnavailable(
    `the worker entry ${file} ${reason}; an app bundled into files of its own passes workerUrl, e.g. import.meta.resolve('rfkit/worker')`,
  );
}

async function probe(file: string): Promise<string | undefined> {
  let module: { rfkitWorker?: unknown; default?: { rfkitWorker?: unknown } };
  try {
    // The worker's own modules: loaded here once, then in each worker.
    module = await import(/* webpackIgnore: true */ /* @vite-ignore */ file);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return `could not be loaded (${typeof code === 'string' ? `${code}: ` : ''}${e instanceof Error ? e.message : String(e)})`;
  }
  const protocol = module.rfkitWorker ?? module.default?.rfkitWorker;
  if (protocol === WORKER_PROTOCOL) return undefined;
  return protocol === undefined
    ? 'is not an rfkit worker entry'
    : `is the worker entry of another rfkit version (protocol ${String(protocol)}, this one ${WORKER_PROTOCOL})`;
}
