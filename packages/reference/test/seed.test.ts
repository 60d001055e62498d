import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CI_SEED, propertySeed } from '../src/seed.js';

describe('property seed', () => {
  it('is fixed under CI, given by FC_SEED, and free otherwise', () => {
    expect(propertySeed({ CI: 'true' })).toBe(CI_SEED);
    expect(propertySeed({ CI: 'true', FC_SEED: '42' })).toBe(42);
    expect(propertySeed({ FC_SEED: '-7' })).toBe(-7);
    expect(propertySeed({})).toBeUndefined();
    expect(propertySeed({ CI: 'false' })).toBeUndefined();
    expect(() => propertySeed({ FC_SEED: 'abc' })).toThrow(/FC_SEED must be an integer/);
  });

  it('reaches the fast-check that tests import (the setup file ran)', () => {
    expect(fc.readConfigureGlobal().seed).toBe(propertySeed());
  });
});
