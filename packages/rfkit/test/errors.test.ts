// RfError: code, path and details, and how they survive the trip through a worker thread.
import { describe, expect, it } from 'vitest';
import { isRfError, RfError } from '../src/errors.js';
import { errorFromWire, errorToWire } from '../src/search/threads/protocol.js';

describe('RfError', () => {
  it('carries details per code, {} for codes without', () => {
    const e = new RfError('space-too-large', 'too large', undefined, {
      limit: 'combinations-per-run',
      combinations: 10n ** 15n,
      max: 10n ** 14n,
    });
    expect(e.details).toEqual({ limit: 'combinations-per-run', combinations: 10n ** 15n, max: 10n ** 14n });
    expect(new RfError('invalid-sweep', 'bad', 'depth').details).toEqual({});
  });

  it('isRfError narrows by code, and only matches that code', () => {
    const e: unknown = new RfError('cost-overflow', 'costly', 'objective', { cost: 2 ** 60, max: 2 ** 53 });
    expect(isRfError(e)).toBe(true);
    expect(isRfError(e, 'cost-overflow')).toBe(true);
    expect(isRfError(e, 'overflow')).toBe(false);
    expect(isRfError(new Error('plain'))).toBe(false);
    if (isRfError(e, 'cost-overflow')) expect(e.details.cost).toBe(2 ** 60);
  });

  it('crosses a thread boundary with its code, path and details (BigInts too)', () => {
    const e = new RfError('space-too-large', 'prefixes', 'top', {
      limit: 'prefixes-per-run',
      combinations: 2n ** 40n,
      prefixes: 2 ** 35,
      max: 2 ** 34,
    });
    const back = errorFromWire(structuredClone(errorToWire(e)));
    expect(isRfError(back, 'space-too-large')).toBe(true);
    expect(back).toMatchObject({
      message: 'prefixes',
      code: 'space-too-large',
      path: 'top',
      details: e.details,
    });
    const plain = errorFromWire(structuredClone(errorToWire(new TypeError('boom'))));
    expect(isRfError(plain)).toBe(false);
    expect(plain.message).toBe('boom');
  });
});
