// `rfkit analyze MODEL`: the exact receptive field of every layer.
import { type AnalyzeOptions, analyze, type PerAxis } from 'rfkit';
import { inFile } from '../errors.js';
import { type ReportFormat, renderReport } from '../format/report-output.js';
import { loadModel } from '../model-input.js';
import type { CommandIO } from './search.js';

export interface AnalyzeCommandOptions {
  /** Overrides the model's input size. */
  input?: PerAxis;
  /** Misaligned merges are errors. Default false. */
  strict?: boolean;
  /** Default `table`. */
  format?: ReportFormat;
  /** ONNX: import unknown operators as identity instead of failing. */
  unknownAsIdentity?: boolean;
  /** No warnings on stderr. */
  quiet?: boolean;
}

export function analyzeCommand(arg: string, opts: AnalyzeCommandOptions, io: CommandIO): number {
  const loaded = loadModel(arg, { unknownAsIdentity: opts.unknownAsIdentity ?? false });
  const options: AnalyzeOptions = { strict: opts.strict ?? false };
  if (opts.input !== undefined) options.inputSize = opts.input;
  const report = inFile(loaded.source, () => analyze(loaded.model, options));
  if (!opts.quiet) {
    for (const w of [...loaded.warnings, ...report.warnings]) {
      io.stderr(`rfkit: warning: ${w.message.replace(/\s*\n\s*/g, ' ')}${w.code ? ` [${w.code}]` : ''}\n`);
    }
  }
  io.stdout(renderReport(opts.format ?? 'table', report));
  return 0;
}
