// `rfkit analyze MODEL`: the exact receptive field of every layer.
import { type AnalyzeOptions, analyze, type PerAxis } from 'rfkit';
import { inFile, oneLine } from '../errors.js';
import { type ReportFormat, renderReport } from '../format/report-output.js';
import { terminalWidth } from '../format/terminal.js';
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
  const analysed = inFile(loaded.source, () => analyze(loaded.model, options));
  // The importer's warnings (ONNX) first, in the report itself, so that --format json keeps them.
  const report = { ...analysed, warnings: [...loaded.warnings, ...analysed.warnings] };
  if (!opts.quiet) {
    for (const w of report.warnings) {
      io.stderr(`rfkit: warning: ${oneLine(w.message)}${w.code ? ` [${w.code}]` : ''}\n`);
    }
  }
  io.stdout(renderReport(opts.format ?? 'table', report, { width: terminalWidth() }));
  return 0;
}
