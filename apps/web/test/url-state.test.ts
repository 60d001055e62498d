import { describe, expect, it } from 'vitest';
import { emptyRow } from '../src/rows.js';
import { type AppState, DEFAULT_DRAFT, decodeState, defaultState, encodeState } from '../src/url-state.js';

const noZoo = () => null;

describe('URL state', () => {
  it('round-trips a full state', () => {
    const s: AppState = defaultState();
    s.view = 'vis';
    s.strict = true;
    s.draft.rows.push({ ...emptyRow('add'), inputs: 'conv2, conv3', extra: { channels: 8 } });
    s.draft.rows[0]!.stride = 'x'; // invalid values are kept as typed
    s.vis = { layer: 2, unit: [3, 1] };
    s.search.depth = '4';
    s.search.objective = 'flops';
    s.search.holes = 'allow';
    s.ran = true;
    expect(decodeState(encodeState(s), noZoo)).toEqual(s);
  });

  it('stores a zoo model by name only', () => {
    const s = defaultState();
    s.zoo = 'vgg_16';
    const q = encodeState(s);
    expect(q).toBe('zoo=vgg_16');
    const d = { name: 'vgg', inputSize: '224', rows: [emptyRow()] };
    const back = decodeState(q, (n) => (n === 'vgg_16' ? d : null));
    expect(back.zoo).toBe('vgg_16');
    expect(back.draft).toBe(d);
  });

  it('falls back to defaults on damaged links', () => {
    const s = decodeState('view=nope&model=%7Bbroken&layer=-1&unit=a&search=%5B&zoo=', noZoo);
    expect(s).toEqual(defaultState());
    expect(decodeState('zoo=unknown', noZoo).draft).toEqual(DEFAULT_DRAFT);
    expect(decodeState('model={"r":[["a","teleport"]]}', noZoo).draft).toEqual(DEFAULT_DRAFT);
    expect(decodeState('search={"holes":"some"}', noZoo).search.holes).toBe('none');
  });
});
