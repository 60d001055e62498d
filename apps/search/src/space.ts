// Builds the search space from a SPACE.json file, the built-in default job and flags (flags win).
import type { Holes, Objective, SweepSpec } from 'rfkit';
import { DEFAULT_SPACE } from './default-job.js';
import { InputError, UsageError } from './errors.js';
import { inputName, readJson } from './io.js';

/** Flags that describe (part of) a search space; each one replaces the same field of the file. */
export interface SpaceFlags {
  depth?: number;
  kernels?: number[];
  strides?: number[];
  dilations?: number[];
  rf?: { min?: number; max?: number };
  stride?: number;
  input?: number | number[];
  minOutput?: number;
  holes?: Holes;
  objective?: Objective;
  channels?: { in?: number; base?: number; growth?: number; max?: number };
  top?: number;
}

export const SPACE_FLAG_NAMES = [
  'depth',
  'kernels',
  'strides',
  'dilations',
  'rf',
  'stride',
  'input',
  'minOutput',
  'holes',
  'objective',
  'channels',
  'top',
] as const satisfies readonly (keyof SpaceFlags)[];

export function hasSpaceFlags(flags: SpaceFlags): boolean {
  return SPACE_FLAG_NAMES.some((k) => flags[k] !== undefined);
}

/** Reads SPACE.json: it must be a JSON object (the library validates the fields). */
export function readSpaceFile(path: string): SweepSpec {
  const json = readJson(path);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new InputError(
      `${inputName(path)}: expected a search space (a JSON object with depth and choices)`,
    );
  }
  return json as SweepSpec;
}

/**
 * The space to search: `base` (a file, the default job or a checkpoint's space, if any) with every
 * given flag applied on top. Without a base, `--depth`, `--kernels` and `--strides` are required.
 */
export function buildSpace(base: SweepSpec | undefined, flags: SpaceFlags): SweepSpec {
  if (!base) {
    const missing = (['depth', 'kernels', 'strides'] as const).filter((k) => flags[k] === undefined);
    if (missing.length > 0) {
      throw new UsageError(
        `no search space: give SPACE.json, --default, or the flags --depth, --kernels and --strides (missing: ${missing
          .map((m) => `--${m}`)
          .join(', ')})`,
      );
    }
  }
  const spec: SweepSpec = structuredClone(base ?? { depth: 0, choices: { kernel: [], stride: [] } });
  if (spec.choices === null || typeof spec.choices !== 'object') spec.choices = { kernel: [], stride: [] };
  if (flags.depth !== undefined) spec.depth = flags.depth;
  if (flags.kernels) spec.choices.kernel = flags.kernels;
  if (flags.strides) spec.choices.stride = flags.strides;
  if (flags.dilations) spec.choices.dilation = flags.dilations;
  const needsConstraints =
    flags.rf !== undefined ||
    flags.stride !== undefined ||
    flags.input !== undefined ||
    flags.minOutput !== undefined ||
    flags.holes !== undefined;
  if (needsConstraints) spec.constraints = { ...(spec.constraints ?? {}) };
  if (flags.rf) spec.constraints!.rf = { ...flags.rf };
  if (flags.stride !== undefined) spec.constraints!.stride = flags.stride;
  if (flags.input !== undefined) {
    if (Array.isArray(flags.input)) {
      // A search is over square 2-D layers, so one size describes the input.
      if (new Set(flags.input).size !== 1) {
        throw new UsageError(`--input: a search takes one size (square input), got ${flags.input.join('x')}`);
      }
      spec.constraints!.inputSize = flags.input[0]!;
    } else {
      spec.constraints!.inputSize = flags.input;
    }
  }
  if (flags.minOutput !== undefined) spec.constraints!.minOutput = flags.minOutput;
  if (flags.holes !== undefined) spec.constraints!.holes = flags.holes;
  if (flags.objective) spec.objective = flags.objective;
  if (flags.channels) spec.channels = { ...(spec.channels ?? {}), ...flags.channels };
  if (flags.top !== undefined) spec.top = flags.top;
  return spec;
}

/** The base space of a command: the file, or the default job, or nothing. */
export function baseSpace(file: string | undefined, useDefault: boolean | undefined): SweepSpec | undefined {
  if (file && useDefault) throw new UsageError('give either SPACE.json or --default, not both');
  if (file) return readSpaceFile(file);
  if (useDefault) return structuredClone(DEFAULT_SPACE);
  return undefined;
}
