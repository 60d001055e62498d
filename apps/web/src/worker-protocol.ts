// Messages between the page and the search worker. BigInts cross as they are (structured clone).
import type { SweepResult, SweepSpec } from 'rfkit';

export type ToWorker =
  | { type: 'warm' }
  /** Checks a space against every limit a run would meet, without sweeping it. */
  | { type: 'check'; id: number; spec: SweepSpec }
  /** `resume`: a partial result of the same space, to continue from. */
  | { type: 'run'; id: number; spec: SweepSpec; resume?: SweepResult }
  | { type: 'cancel'; id: number };

export type FromWorker =
  | { type: 'ready' }
  | {
      type: 'checked';
      id: number;
      error: { message: string; code: string | null; path: string | null } | null;
    }
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'result'; id: number; result: SweepResult }
  | { type: 'error'; id: number; message: string; code: string | null };
