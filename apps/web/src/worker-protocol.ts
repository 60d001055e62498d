// Messages between the page and the search worker. BigInts cross as they are (structured clone).
import type { SweepResult, SweepSpec } from 'rfkit';

export type ToWorker =
  | { type: 'warm' }
  | { type: 'run'; id: number; spec: SweepSpec }
  | { type: 'cancel'; id: number };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'result'; id: number; result: SweepResult }
  | { type: 'error'; id: number; message: string; code: string | null };
