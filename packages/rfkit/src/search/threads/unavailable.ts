// Why worker threads cannot start here (the pool library or the worker entry does not load, as in
// an app bundled without them). search() then runs on the calling thread and says so in the
// result's warnings. Its own module, so that search.ts can recognise it without loading threads/.

export class ThreadsUnavailable extends Error {
  override readonly name = 'ThreadsUnavailable';
}

export function isThreadsUnavailable(e: unknown): e is ThreadsUnavailable {
  return e instanceof Error && e.name === 'ThreadsUnavailable';
}
