import { isRfError } from 'rfkit';

/** The code and message of the RfError that `f` throws; fails the test on anything else. */
export function failure(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    if (!isRfError(e)) throw e;
    return { code: e.code, message: e.message };
  }
  throw new Error('expected an RfError');
}
