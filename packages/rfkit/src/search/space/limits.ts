// Every size limit of the search in one place, decided from the arithmetic, and the checks that
// refuse a space before anything is allocated or walked. docs/limits.md explains each to users.
//
// Why these numbers:
// - A layer whose choices include a stride above 1 at least doubles the largest total stride, and
//   one with two or more choices at least doubles the number of combinations. Total strides and
//   indices must stay below 2^53, so a sweepable space has at most 53 layers that choose anything;
//   the rest of a deeper space are fixed layers. MAX_DEPTH leaves 16× the dynamic-programming
//   engine's design point (64 layers) and keeps every per-layer walk — the plan's recursion over its
//   folded layers, count()'s steps, the checks here — far from the call-stack and memory limits.
// - Every stage walks each layer's choice list a few times (choice lists, reachability, plan
//   tables, count steps, result verification), so their total bounds the time of everything that
//   happens before a sweep starts; a single list must also stay far below the argument-count limit
//   of `Math.min(...list)`-style calls.
// - count() keeps one state per (total stride, receptive field) a layer can reach; its time is the
//   states times the layer's steps. Its limits are on an upper bound of both, computed from the
//   choices and constraints before it starts (count/bounds.ts).

import { RfError, type SpaceTooLargeDetails } from '../../errors.js';

/** The most layers a space may have. */
export const MAX_DEPTH = 1024;
/** The most choices one layer may have: kernels × strides × dilations (before duplicates merge). */
export const MAX_LAYER_CHOICES = 4096;
/** The most choices over all layers together (Σ of each layer's kernels × strides × dilations). */
export const MAX_SPACE_CHOICES = 65_536;

/** The most combinations one run may cover (a shard or the whole space): beyond this a sweep takes hours. */
export const MAX_RUN_COMBINATIONS = 1e14;
/** The most prefixes ("leaves") one run may walk, whatever the folding. */
export const MAX_RUN_LEAVES = 2 ** 34;
/** The largest `top` the sweep keeps (its heap lives in the kernel's memory). */
export const MAX_TOP = 2 ** 22;

/**
 * The most entries a list of a result (top, pareto, histogram, a candidate's layers) may have when
 * read back: far above any a search writes (top is at most MAX_TOP; the histogram has one bin per
 * feasible rf), and far below what would stall reading a file (a JSON list this long is gigabytes).
 */
export const MAX_RESULT_ENTRIES = 2 ** 26;

/** count(): the most distinct total strides the states of one layer may have. */
export const MAX_COUNT_STRIDES = 2 ** 16;
/** count(): the most (total stride, receptive field) states one layer may have (an upper bound). */
export const MAX_COUNT_STATES = 2 ** 23;
/** count(): the most state updates (states × steps, summed over the layers; an upper bound). */
export const MAX_COUNT_WORK = 2 ** 29;

/** Throws RfError `space-too-large` with the limit's details. */
export function tooLarge(message: string, path: string | undefined, details: SpaceTooLargeDetails): never {
  throw new RfError('space-too-large', message, path, details);
}

/** Refuses a depth above MAX_DEPTH (before any per-layer array exists). */
export function checkDepth(depth: number): void {
  if (depth > MAX_DEPTH) {
    tooLarge(`depth: ${depth} layers, more than the ${MAX_DEPTH} a search space may have`, 'depth', {
      limit: 'depth',
      depth,
      max: MAX_DEPTH,
    });
  }
}

/** Refuses a choice list longer than a layer's choices may be (before its entries are read). */
export function checkListLength(length: number, path: string): void {
  if (length > MAX_LAYER_CHOICES) {
    tooLarge(`${path}: ${length} values, more than the ${MAX_LAYER_CHOICES} choices a layer may have`, path, {
      limit: 'layer-choices',
      choices: length,
      max: MAX_LAYER_CHOICES,
    });
  }
}

/**
 * Refuses layers with more than MAX_LAYER_CHOICES choices and spaces with more than
 * MAX_SPACE_CHOICES in all. Reads only the list lengths: O(depth).
 */
export function checkChoiceCounts(
  layers: readonly { kernel: readonly number[]; stride: readonly number[]; dilation: readonly number[] }[],
): void {
  let sum = 0;
  layers.forEach((l, i) => {
    const n = l.kernel.length * l.stride.length * l.dilation.length;
    if (n > MAX_LAYER_CHOICES) {
      tooLarge(
        `layer ${i} has ${n} choices (${l.kernel.length} kernels × ${l.stride.length} strides × ${l.dilation.length} dilations), more than the ${MAX_LAYER_CHOICES} a layer may have`,
        `layers.${i}`,
        { limit: 'layer-choices', choices: n, max: MAX_LAYER_CHOICES },
      );
    }
    sum += n;
  });
  if (sum > MAX_SPACE_CHOICES) {
    tooLarge(
      `the layers have ${sum} choices in all (kernels × strides × dilations, summed over ${layers.length} layers), more than the ${MAX_SPACE_CHOICES} a space may have; reduce the depth or the choices`,
      'choices',
      { limit: 'space-choices', choices: sum, max: MAX_SPACE_CHOICES },
    );
  }
}

/** 2^29 rather than 536870912; large bounds to three digits. */
export function approx(x: number): string {
  const log = Math.log2(x);
  if (Number.isInteger(log)) return `2^${log}`;
  return x < 1e6 ? String(Math.round(x)) : x.toPrecision(3);
}
