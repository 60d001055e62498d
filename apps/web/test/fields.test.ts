import { describe, expect, it } from 'vitest';
import {
  formatAxis,
  formatPadding,
  formatPerAxis,
  parseCount,
  parseInputs,
  parsePadding,
  parsePerAxis,
} from '../src/fields.js';

describe('parsePerAxis', () => {
  it('reads a scalar, per-axis lists and an empty default', () => {
    expect(parsePerAxis('3', 'kernel')).toEqual({ ok: true, value: 3 });
    expect(parsePerAxis('3,5', 'kernel')).toEqual({ ok: true, value: [3, 5] });
    expect(parsePerAxis(' 3 x 5 ', 'kernel')).toEqual({ ok: true, value: [3, 5] });
    expect(parsePerAxis('  ', 'kernel')).toEqual({ ok: true, value: undefined });
  });

  it('names the field and the bad value', () => {
    const r = parsePerAxis('0', 'stride');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBe('stride must be an integer ≥ 1, got 0');
    const s = parsePerAxis('3,a', 'kernel');
    expect(s.ok).toBe(false);
    if (!s.ok) expect(s.error).toContain('"a"');
    expect(parsePerAxis('2.5', 'dilation').ok).toBe(false);
    for (const bad of ['x', '3,', ',3', '3x', '3,,5']) {
      const r = parsePerAxis(bad, 'kernel');
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.error).toBe(`kernel: "${bad}" is not an integer or a list such as 3,5`);
    }
    expect(parsePerAxis('1,1,1,1', 'kernel').ok).toBe(false);
  });
});

describe('parsePadding', () => {
  it('reads every padding form', () => {
    expect(parsePadding('same')).toEqual({ ok: true, value: 'same' });
    expect(parsePadding('SAME-lower')).toEqual({ ok: true, value: 'same-lower' });
    expect(parsePadding('valid')).toEqual({ ok: true, value: 'valid' });
    expect(parsePadding('2')).toEqual({ ok: true, value: 2 });
    expect(parsePadding('1,2')).toEqual({ ok: true, value: [1, 2] });
    expect(parsePadding('0,0/1,1')).toEqual({ ok: true, value: { begin: [0, 0], end: [1, 1] } });
    expect(parsePadding('-1/0')).toEqual({ ok: true, value: { begin: [-1], end: [0] } });
    // Negative padding crops, as the library (and "padding": -1 in JSON) allows.
    expect(parsePadding('-1')).toEqual({ ok: true, value: -1 });
    expect(parsePadding('-1,2')).toEqual({ ok: true, value: [-1, 2] });
    expect(parsePadding('')).toEqual({ ok: true, value: undefined });
  });

  it('refuses malformed padding with a message', () => {
    for (const bad of ['sam', '1/2/3', '1,2/3', '-', '/', '1,/2', 'x', '1.5']) {
      const r = parsePadding(bad);
      expect(r.ok, bad).toBe(false);
    }
  });

  it('round-trips through formatPadding', () => {
    for (const text of ['same', '3', '1,2', '0,0/1,1', '-1', '-1,0/2,-3']) {
      const r = parsePadding(text);
      expect(r.ok).toBe(true);
      if (r.ok) expect(formatPadding(r.value)).toBe(text);
    }
  });
});

describe('parseCount', () => {
  it('reads one integer, empty as "not given"', () => {
    expect(parseCount('64', 'channels')).toEqual({ ok: true, value: 64 });
    expect(parseCount(' ', 'channels')).toEqual({ ok: true, value: undefined });
    expect(parseCount('0', 'channels')).toEqual({
      ok: false,
      error: 'channels must be an integer ≥ 1, got 0',
    });
    expect(parseCount('3,3', 'channels').ok).toBe(false);
  });
});

describe('inputs and formatting', () => {
  it('splits input names on commas and spaces', () => {
    expect(parseInputs('a, b  c')).toEqual({ ok: true, value: ['a', 'b', 'c'] });
    expect(parseInputs('')).toEqual({ ok: true, value: undefined });
  });

  it('formats per-axis values compactly', () => {
    expect(formatPerAxis([3, 5])).toBe('3,5');
    expect(formatPerAxis(undefined)).toBe('');
    expect(formatAxis([212, 212])).toBe('212');
    expect(formatAxis([3, 5])).toBe('3×5');
    expect(formatAxis([15.5, null])).toBe('15.5×?');
    expect(formatAxis([1 / 3])).toBe('0.33');
    expect(formatAxis([])).toBe('–');
  });
});
