import { describe, expect, it } from 'vitest';
import { DEFAULT_SEARCH, MAX_DEPTH, specFromForm } from '../src/search-form.js';

describe('search form', () => {
  it('builds the SweepSpec of the default form', () => {
    const { spec, errors } = specFromForm(DEFAULT_SEARCH);
    expect(errors.size).toBe(0);
    expect(spec).toEqual({
      depth: 6,
      choices: { kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1, 2] },
      objective: 'params',
      constraints: { rf: { min: 96, max: 160 }, stride: 16, inputSize: 224 },
      top: 10,
    });
  });

  it('leaves out empty optional fields and reads overrides', () => {
    const { spec } = specFromForm({
      ...DEFAULT_SEARCH,
      rfMin: '',
      rfMax: '',
      totalStride: '',
      inputSize: '',
      top: '',
      dilation: '',
      overrides: '{"0":{"kernel":[7]}}',
    });
    expect(spec).toEqual({
      depth: 6,
      choices: { kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1] },
      objective: 'params',
      layers: { '0': { kernel: [7] } },
    });
  });

  it('asks for holes only when they are allowed (none is the default)', () => {
    expect(specFromForm({ ...DEFAULT_SEARCH, holes: 'allow' }).spec?.constraints?.holes).toBe('allow');
    expect(specFromForm(DEFAULT_SEARCH).spec?.constraints).not.toHaveProperty('holes');
  });

  it('names each bad field', () => {
    const { spec, errors } = specFromForm({
      ...DEFAULT_SEARCH,
      depth: '0',
      kernel: '3,x',
      rfMin: '200',
      rfMax: '100',
      overrides: '[1]',
    });
    expect(spec).toBeNull();
    expect([...errors.keys()].sort()).toEqual(['depth', 'kernel', 'overrides', 'rfMax']);
    expect(errors.get('kernel')).toBe('"x" is not an integer ≥ 1');
  });
});

describe('search form limits', () => {
  it('offers depths up to MAX_DEPTH, one constant', () => {
    expect(specFromForm({ ...DEFAULT_SEARCH, depth: String(MAX_DEPTH) }).spec?.depth).toBe(MAX_DEPTH);
    const over = specFromForm({ ...DEFAULT_SEARCH, depth: String(MAX_DEPTH + 1) });
    expect(over.spec).toBeNull();
    expect(over.errors.get('depth')).toBe(`at most ${MAX_DEPTH} layers, got ${MAX_DEPTH + 1}`);
  });
});
