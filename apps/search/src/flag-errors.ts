// Errors about a search space in the words of the command line: the library names JSON fields
// (`constraints.inputSize`), but a field set by a flag is that flag to the user. A requirement one
// flag brings (`--objective flops` needs an input size) is a usage error naming both flags.

import { isRfError } from 'rfkit';
import { InputError, prefixError, UsageError } from './errors.js';
import { inputName } from './io.js';
import type { SpaceFlags } from './space.js';

/** Which flag sets which field of a search space. */
const FIELDS: { key: keyof SpaceFlags; flag: string; path: string }[] = [
  { key: 'depth', flag: '--depth', path: 'depth' },
  { key: 'kernels', flag: '--kernels', path: 'choices.kernel' },
  { key: 'strides', flag: '--strides', path: 'choices.stride' },
  { key: 'dilations', flag: '--dilations', path: 'choices.dilation' },
  { key: 'rf', flag: '--rf', path: 'constraints.rf' },
  { key: 'stride', flag: '--stride', path: 'constraints.stride' },
  { key: 'input', flag: '--input', path: 'constraints.inputSize' },
  { key: 'minOutput', flag: '--min-output', path: 'constraints.minOutput' },
  { key: 'objective', flag: '--objective', path: 'objective' },
  { key: 'channels', flag: '--channels', path: 'channels' },
  { key: 'top', flag: '--top', path: 'top' },
];

/** What needs an input size, as the library says it and as the command line does. */
const NEEDS_INPUT: { says: RegExp; key: keyof SpaceFlags; flag: (f: SpaceFlags) => string; field: string }[] =
  [
    {
      says: /^objective "flops" needs/,
      key: 'objective',
      flag: () => '--objective flops',
      field: 'objective "flops"',
    },
    {
      says: /^constraints\.minOutput needs/,
      key: 'minOutput',
      flag: () => '--min-output',
      field: 'constraints.minOutput',
    },
  ];

const under = (path: string, field: string) =>
  path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`);

/**
 * Runs `fn`, which validates the space built from `file` (undefined: the default job or flags
 * alone) and `flags`: errors about flag-set fields name the flags, others the file they are in.
 */
export function withFlagNames<T>(fn: () => T, flags: SpaceFlags, file: string | undefined): T {
  try {
    return fn();
  } catch (e) {
    const named = flagError(e, flags, file);
    throw named === e && file !== undefined ? prefixError(inputName(file), e) : named;
  }
}

function flagError(e: unknown, flags: SpaceFlags, file: string | undefined): unknown {
  // Limits have messages of their own (errors.ts), in command-line terms already.
  if (!isRfError(e) || e.path === undefined || e.code === 'space-too-large') return e;
  const path = e.path;
  const text = e.message.startsWith(`${path}: `) ? e.message.slice(path.length + 2) : e.message;
  const where = file === undefined ? 'the default job' : inputName(file);
  if (path === 'constraints.inputSize' && flags.input === undefined) {
    const need = NEEDS_INPUT.find((n) => n.says.test(text));
    if (need !== undefined) {
      return flags[need.key] !== undefined
        ? new UsageError(`${need.flag(flags)} needs --input (the input size)`)
        : new InputError(`${where}: ${need.field} needs the input size: --input N, or constraints.inputSize`);
    }
  }
  const field = FIELDS.find((f) => under(path, f.path));
  if (field === undefined || flags[field.key] === undefined) return e;
  // Other flag-set fields the message mentions are flags too.
  let said = text;
  for (const f of FIELDS)
    if (f.path.includes('.') && flags[f.key] !== undefined) said = said.replaceAll(f.path, f.flag);
  // A flag's value that is wrong in itself (a duplicate) is a usage error; a space the flags make
  // that cannot work (an unreachable target, an overflow) is bad input, as in a file.
  const usage = e.code === 'invalid-sweep' && !/reach/.test(said);
  return usage ? new UsageError(`${field.flag}: ${said}`) : new InputError(`${field.flag}: ${said}`);
}
