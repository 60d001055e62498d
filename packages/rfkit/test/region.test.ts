// regionOf: the input box of any output unit.
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/analyze.js';
import { regionOf } from '../src/analysis/region.js';
import { errorOf } from './support/errors.js';

describe('regionOf', () => {
  it('VGG16 pool5: unit j sees [32j − 90, 32j + 121], clipped to the image', () => {
    const r = analyze(
      'in224 conv3p1 conv3p1 maxpool2s2 conv3p1 conv3p1 maxpool2s2 conv3p1 conv3p1 conv3p1 maxpool2s2 ' +
        'conv3p1 conv3p1 conv3p1 maxpool2s2 conv3p1 conv3p1 conv3p1 pool5:maxpool2s2',
    );
    expect(regionOf(r, 'pool5', 0)).toEqual({
      start: [-90, -90],
      end: [121, 121],
      clipped: { start: [0, 0], end: [121, 121] },
    });
    expect(regionOf(r, 'pool5', [3, 6])).toEqual({
      start: [6, 102],
      end: [217, 313],
      clipped: { start: [6, 102], end: [217, 223] },
    });
    // By layer index as well as by name.
    expect(regionOf(r, r.layers.length - 1, 0)).toEqual(regionOf(r, 'pool5', 0));
  });

  it('without an input size the box is unclipped only', () => {
    const r = analyze('conv3s2p1 conv3s2p1');
    expect(regionOf(r, 1, [5, 0])).toEqual({ start: [17, -3], end: [23, 3], clipped: null });
  });

  it('is exact per phase after a deconv', () => {
    const r = analyze('1d in16 deconv4s2p1');
    // o = 2i − 1 + t: unit 4 reads i ∈ {1, 2}; unit 5 reads {2, 3}; unit 31 reads {15, 16} → clipped to 15.
    expect(regionOf(r, 0, 4)).toEqual({ start: [1], end: [2], clipped: { start: [1], end: [2] } });
    expect(regionOf(r, 0, 5)).toEqual({ start: [2], end: [3], clipped: { start: [2], end: [3] } });
    expect(regionOf(r, 0, 31)).toEqual({ start: [15], end: [16], clipped: { start: [15], end: [15] } });
  });

  it('after an upsample ×3 then conv2, units differ by phase', () => {
    const r = analyze('1d in4 up3 conv2');
    // conv unit o reads up units o, o+1 → input floor(o/3), floor((o+1)/3).
    const boxes = [0, 1, 2, 3, 4, 5].map((o) => {
      const g = regionOf(r, 1, o);
      return [g.start[0], g.end[0]];
    });
    expect(boxes).toEqual([
      [0, 0],
      [0, 0],
      [0, 1],
      [1, 1],
      [1, 1],
      [1, 2],
    ]);
  });

  it('a unit that reads nothing has null start and end', () => {
    const r = analyze('1d in8 deconv1s2p1');
    expect(regionOf(r, 0, 0)).toEqual({
      start: [null],
      end: [null],
      clipped: { start: [null], end: [null] },
    });
    expect(regionOf(r, 0, 1)).toEqual({ start: [1], end: [1], clipped: { start: [1], end: [1] } });
  });

  it('a box wholly in padding has a null clipped entry', () => {
    const r = analyze('1d in4 conv1p3');
    expect(regionOf(r, 0, 0)).toEqual({ start: [-3], end: [-3], clipped: { start: [null], end: [null] } });
  });

  it('global layers cover the whole input', () => {
    const r = analyze('in10x12 conv3 global');
    expect(regionOf(r, 1, 0)).toEqual({
      start: [0, 0],
      end: [9, 11],
      clipped: { start: [0, 0], end: [9, 11] },
    });
    expect(regionOf(analyze('conv3 global'), 1, 0)).toEqual({
      start: [null, null],
      end: [null, null],
      clipped: null,
    });
  });

  it('is null where a SAME pad depends on the unknown size', () => {
    const r = analyze('1d conv3s2psame');
    expect(regionOf(r, 0, 2)).toEqual({ start: [null], end: [null], clipped: null });
  });

  it('validates the layer and the index', () => {
    const r = analyze('in8 conv3 c:conv3');
    expect(errorOf(() => regionOf(r, 'nope', 0)).code).toBe('unknown-layer');
    expect(errorOf(() => regionOf(r, 'nope', 0)).message).toContain('"nope"');
    expect(errorOf(() => regionOf(r, 5, 0)).code).toBe('invalid-argument');
    expect(errorOf(() => regionOf(r, 'c', 4)).message).toContain('output size 4');
    expect(errorOf(() => regionOf(r, 'c', -1)).message).toContain('integer >= 0');
    expect(errorOf(() => regionOf(r, 'c', 1.5)).code).toBe('invalid-argument');
    expect(errorOf(() => regionOf(r, 'c', [1, 1, 1])).message).toContain('2 integers');
    expect(regionOf(r, 'c', 3).clipped).toEqual({ start: [3, 3], end: [7, 7] });
  });
});
