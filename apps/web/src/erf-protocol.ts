// Messages between the visualiser and the ERF worker. The worker analyses the model itself:
// `erfOf` needs the very report `analyze` returned, which does not survive a postMessage.
import type { ModelSpec } from 'rfkit';
import type { ErfData, ErfJob } from './erf-model.js';

export interface ErfRequest {
  id: number;
  /** Identifies the analysed model: the worker keeps the last one's report and re-analyses on a change. */
  model: number;
  spec: ModelSpec;
  strict: boolean;
  inputSize: number[] | null;
  job: ErfJob;
}

export type ErfReply =
  | { id: number; ok: true; data: ErfData; ms: number }
  | { id: number; ok: false; error: string; code: string | null };
