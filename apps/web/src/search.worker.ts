// Runs searches off the main thread on the wasm backend. One search at a time; a cancel aborts it
// between chunks and the partial result is still sent back (and can be resumed).
import { init, isRfError, type SweepResult, type SweepSpec, search, searchSync } from 'rfkit';
import type { FromWorker, ToWorker } from './worker-protocol.js';

let running: { id: number; controller: AbortController } | null = null;

const post = (msg: FromWorker) => (self as unknown as Worker).postMessage(msg);

self.addEventListener('message', (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  if (msg.type === 'warm') {
    init().then(
      () => post({ type: 'ready' }),
      (err: unknown) =>
        post({ type: 'error', id: -1, message: String((err as Error)?.message ?? err), code: null }),
    );
  } else if (msg.type === 'check') {
    void check(msg.id, msg.spec);
  } else if (msg.type === 'cancel') {
    if (running?.id === msg.id) running.controller.abort();
  } else if (msg.type === 'run') {
    void run(msg.id, msg.spec, msg.resume);
  }
});

/**
 * A run that is aborted before its first chunk meets every check a real run meets (the space,
 * its size, the tables it needs) and sweeps nothing; the plan it builds is kept for the run.
 */
async function check(id: number, spec: SweepSpec): Promise<void> {
  try {
    await init();
    searchSync(spec, { backend: 'wasm', signal: AbortSignal.abort() });
    post({ type: 'checked', id, error: null });
  } catch (err) {
    post({
      type: 'checked',
      id,
      error: {
        message: err instanceof Error ? err.message : String(err),
        code: isRfError(err) ? err.code : null,
        path: isRfError(err) ? (err.path ?? null) : null,
      },
    });
  }
}

async function run(id: number, spec: SweepSpec, resume: SweepResult | undefined): Promise<void> {
  running?.controller.abort();
  const controller = new AbortController();
  running = { id, controller };
  try {
    await init();
    let lastPosted = Number.NEGATIVE_INFINITY;
    const result = await search(spec, {
      backend: 'wasm',
      signal: controller.signal,
      ...(resume ? { resume } : {}),
      onProgress: (done, total) => {
        // At most ~200 messages a run, however small the library's chunks are.
        const d = Number(done);
        const t = Number(total);
        if (d - lastPosted < t / 200 && d < t) return;
        lastPosted = d;
        post({ type: 'progress', id, done: d, total: t });
      },
    });
    post({ type: 'result', id, result });
  } catch (err) {
    post({
      type: 'error',
      id,
      message: err instanceof Error ? err.message : String(err),
      code: isRfError(err) ? err.code : null,
    });
  } finally {
    if (running?.id === id) running = null;
  }
}
