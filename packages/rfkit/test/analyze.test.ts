import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/analyze.js';

describe('smoke', () => {
  it('vgg16 pool5', () => {
    const r = analyze('in224 conv3p1 conv3p1 maxpool2s2 conv3p1 conv3p1 maxpool2s2 conv3p1 conv3p1 conv3p1 maxpool2s2 conv3p1 conv3p1 conv3p1 maxpool2s2 conv3p1 conv3p1 conv3p1 maxpool2s2');
    expect(r.output).toMatchObject({ rf: [212, 212], jump: [32, 32], effectivePadding: [90, 90], center: [15.5, 15.5], outputSize: [7, 7], covered: [212, 212] });
  });
});
