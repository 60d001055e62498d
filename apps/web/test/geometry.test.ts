import { describe, expect, it } from 'vitest';
import { clampUnit, planeOf, stepUnit, viewRange } from '../src/geometry.js';

describe('visualiser geometry', () => {
  it('extends the drawn range into padding', () => {
    expect(viewRange(10, -3, 4)).toEqual({ lo: -3, hi: 9 });
    expect(viewRange(10, 5, 14)).toEqual({ lo: 0, hi: 14 });
    expect(viewRange(10, null, null)).toEqual({ lo: 0, hi: 9 });
  });

  it('draws the last two axes by default, or the chosen pair', () => {
    expect(planeOf(1, null)).toEqual({ rowAxis: null, colAxis: 0, hidden: [] });
    expect(planeOf(2, null)).toEqual({ rowAxis: 0, colAxis: 1, hidden: [] });
    expect(planeOf(3, null)).toEqual({ rowAxis: 1, colAxis: 2, hidden: [0] });
    expect(planeOf(3, [0, 2])).toEqual({ rowAxis: 0, colAxis: 2, hidden: [1] });
    // A pair the model does not have falls back to the default.
    expect(planeOf(2, [0, 2])).toEqual({ rowAxis: 0, colAxis: 1, hidden: [] });
  });

  it('moves the unit with the arrows (Page Up/Down on the hidden axis) and clamps it', () => {
    const p2 = planeOf(2, null);
    expect(stepUnit([0, 0], [4, 4], p2, 'ArrowRight')).toEqual([0, 1]);
    expect(stepUnit([0, 0], [4, 4], p2, 'ArrowUp')).toEqual([0, 0]);
    expect(stepUnit([3, 3], [4, 4], p2, 'ArrowDown')).toEqual([3, 3]);
    expect(stepUnit([0, 0], [4, 4], p2, 'x')).toBeNull();
    expect(stepUnit([0, 0], [4, 4], p2, 'PageDown')).toEqual([0, 0]);
    const p3 = planeOf(3, null);
    expect(stepUnit([0, 0, 0], [3, 4, 4], p3, 'PageDown')).toEqual([1, 0, 0]);
    expect(stepUnit([0], [8], planeOf(1, null), 'ArrowDown')).toEqual([0]);
    expect(stepUnit([0], [8], planeOf(1, null), 'ArrowRight')).toEqual([1]);
  });

  it('clamps and resizes units', () => {
    expect(clampUnit([9, -1], [4, 4])).toEqual([3, 0]);
    expect(clampUnit([2], [4, 4, 4])).toEqual([2, 0, 0]);
  });
});
