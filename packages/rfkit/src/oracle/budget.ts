// The oracle's work limit: it lists index sets one element at a time, so a model with a huge kernel,
// stride or input would run for hours or exhaust memory. Every engine of one call draws on one
// budget of steps and refuses (`too-large`) once it is spent.
import { RfError } from '../errors.js';

/**
 * Steps (index-set entries, windows listed) one oracle call may take: a few seconds of work. A model
 * past it is refused (`too-large`) instead of running for hours or exhausting memory.
 */
export const MAX_STEPS = 50_000_000;

/** The steps left to one oracle call, shared by its engines. */
export interface Budget {
  left: number;
}

export function spend(budget: Budget, steps: number): void {
  budget.left -= steps;
  if (!(budget.left >= 0)) {
    throw new RfError(
      'too-large',
      `oracle: the brute force would take more than ${MAX_STEPS} steps on this model; it is meant for small models (analyze has no such limit)`,
    );
  }
}
