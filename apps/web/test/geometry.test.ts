import { describe, expect, it } from 'vitest';
import { clampUnit, holeCount, stepUnit, viewRange } from '../src/geometry.js';

describe('visualiser geometry', () => {
  it('extends the drawn range into padding', () => {
    expect(viewRange(10, -3, 4)).toEqual({ lo: -3, hi: 9 });
    expect(viewRange(10, 5, 14)).toEqual({ lo: 0, hi: 14 });
    expect(viewRange(10, null, null)).toEqual({ lo: 0, hi: 9 });
  });

  it('counts dilation holes in the span', () => {
    // kernel 3, dilation 2 on both axes: span 5×5, 3×3 used.
    expect(
      holeCount(
        [0, 0],
        [4, 4],
        [
          [0, 2, 4],
          [0, 2, 4],
        ],
      ),
    ).toBe(16);
    expect(holeCount([0], [4], [[0, 1, 2, 3, 4]])).toBe(0);
  });

  it('moves a unit with the arrow keys and stops at the edges', () => {
    expect(stepUnit([0, 0], [4, 5], 0, 1, 'ArrowRight')).toEqual([0, 1]);
    expect(stepUnit([0, 0], [4, 5], 0, 1, 'ArrowDown')).toEqual([1, 0]);
    expect(stepUnit([0, 0], [4, 5], 0, 1, 'ArrowUp')).toEqual([0, 0]);
    expect(stepUnit([3, 4], [4, 5], 0, 1, 'ArrowRight')).toEqual([3, 4]);
    expect(stepUnit([2], [4], null, 0, 'ArrowLeft')).toEqual([1]);
    expect(stepUnit([2], [4], null, 0, 'ArrowUp')).toEqual([2]);
    expect(stepUnit([2], [4], null, 0, 'a')).toBeNull();
  });

  it('clamps a unit to the output map and its number of axes', () => {
    expect(clampUnit([9, 9], [3, 4])).toEqual([2, 3]);
    expect(clampUnit([1], [3, 4])).toEqual([1, 0]);
    expect(clampUnit([1, 2, 3], [5])).toEqual([1]);
  });
});
