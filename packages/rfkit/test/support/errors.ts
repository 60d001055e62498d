import { isRfError, type RfError } from '../../src/errors.js';

/** The RfError that `f` throws; fails the test if it throws nothing or something else. */
export function errorOf(f: () => unknown): RfError {
  try {
    f();
  } catch (e) {
    if (isRfError(e)) return e;
    throw e;
  }
  throw new Error('expected an RfError');
}

/** The RfError that `p` rejects with; fails the test if it resolves or rejects with something else. */
export async function rejectionOf(p: Promise<unknown>): Promise<RfError> {
  try {
    await p;
  } catch (e) {
    if (isRfError(e)) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}
