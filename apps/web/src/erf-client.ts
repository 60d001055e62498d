// The page's side of the ERF worker: one job at a time, only the newest wish waits behind it, and
// a job nobody wants any more is abandoned (the worker restarted) once it has run for a while, so
// skipping through layers of a big model never queues up seconds of maps.
import type { ErfData } from './erf-model.js';
import type { ErfReply, ErfRequest } from './erf-protocol.js';

/** A job no longer wanted is let finish (its result is cached) unless it runs longer than this. */
const ABANDON_MS = 250;

export type ErfOutcome = { ok: true; data: ErfData; ms: number } | { ok: false; error: string };

interface Wish {
  key: string;
  request: Omit<ErfRequest, 'id'>;
  done: (key: string, outcome: ErfOutcome) => void;
}

export class ErfClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private running: (Wish & { id: number; started: number }) | null = null;
  private waiting: Wish | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** Asks for `key`; `done` is called with the outcome (for `key`, even if something else is wanted by then). */
  want(wish: Wish): void {
    if (this.running?.key === wish.key) {
      this.running.done = wish.done;
      this.waiting = null;
      return;
    }
    this.waiting = wish;
    if (!this.running) {
      this.start();
      return;
    }
    this.scheduleAbandon();
  }

  /** Whether a job for `key` is under way or waiting. */
  busyWith(key: string): boolean {
    return this.running?.key === key || this.waiting?.key === key;
  }

  private get instance(): Worker {
    if (!this.worker) {
      const w = new Worker(new URL('./erf.worker.ts', import.meta.url), { type: 'module' });
      w.addEventListener('message', (e: MessageEvent<ErfReply>) => this.onReply(e.data));
      // A worker that fails outside a job's try (it could not load, or ran out of memory).
      w.addEventListener('error', (e) => {
        e.preventDefault();
        const job = this.running;
        this.worker?.terminate();
        this.worker = null;
        if (job)
          this.onReply({ id: job.id, ok: false, error: e.message || 'the ERF worker failed', code: null });
      });
      this.worker = w;
    }
    return this.worker;
  }

  private start(): void {
    const wish = this.waiting;
    this.waiting = null;
    if (!wish) return;
    const id = this.nextId++;
    this.running = { ...wish, id, started: performance.now() };
    this.instance.postMessage({ ...wish.request, id } satisfies ErfRequest);
  }

  private scheduleAbandon(): void {
    if (this.timer || !this.running) return;
    const left = Math.max(0, this.running.started + ABANDON_MS - performance.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.running || !this.waiting) return;
      // The running job is not wanted: stop it, with the worker (a map cannot be interrupted).
      this.worker?.terminate();
      this.worker = null;
      this.running = null;
      this.start();
    }, left);
  }

  private onReply(reply: ErfReply): void {
    const job = this.running;
    if (!job || job.id !== reply.id) return;
    this.running = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    job.done(
      job.key,
      reply.ok ? { ok: true, data: reply.data, ms: reply.ms } : { ok: false, error: reply.error },
    );
    this.start();
  }
}
