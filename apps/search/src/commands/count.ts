// `rfkit count`: the exact number of feasible architectures, by dynamic programming (no enumeration).
import { count, normalizeSweep } from 'rfkit';
import { withFlagNames } from '../flag-errors.js';
import { roughly } from '../format/numbers.js';
import { describeTarget } from '../format/search-output.js';
import { baseSpace, buildSpace, type SpaceFlags } from '../space.js';
import type { CommandIO } from './search.js';

export interface CountCommandOptions extends SpaceFlags {
  default?: boolean;
  /** No notes on stderr. Default false. */
  quiet?: boolean;
}

export function countCommand(file: string | undefined, opts: CountCommandOptions, io: CommandIO): number {
  const spec = buildSpace(baseSpace(file, opts.default), opts);
  const n = withFlagNames(() => count(spec), opts, file);
  io.stdout(`${n.toString()}\n`);
  if (n === 0n && !opts.quiet) {
    // A bare 0 could be read as a failure: say that it is the answer.
    const space = normalizeSweep(spec);
    io.stderr(
      `rfkit: note: none of the ${roughly(space.total)} architectures meets the target (${describeTarget(space)})\n`,
    );
  }
  return 0;
}
