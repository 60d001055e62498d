// `rfkit count`: the exact number of feasible architectures, by dynamic programming (no enumeration).
import { count } from 'rfkit';
import { inFile } from '../errors.js';
import { baseSpace, buildSpace, type SpaceFlags } from '../space.js';
import type { CommandIO } from './search.js';

export interface CountCommandOptions extends SpaceFlags {
  default?: boolean;
}

export function countCommand(file: string | undefined, opts: CountCommandOptions, io: CommandIO): number {
  const spec = buildSpace(baseSpace(file, opts.default), opts);
  const n = file ? inFile(file, () => count(spec)) : count(spec);
  io.stdout(`${n.toString()}\n`);
  return 0;
}
