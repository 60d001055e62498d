import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyRow } from '../src/rows.js';
import {
  type AppState,
  DEFAULT_DRAFT,
  decodeState,
  defaultState,
  encodeState,
  pack,
  unpack,
} from '../src/url-state.js';

const noZoo = () => null;

describe('URL state', () => {
  it('round-trips a full state', async () => {
    const s: AppState = defaultState();
    s.view = 'diagram';
    s.strict = true;
    s.draft.rows.push({ ...emptyRow('add'), inputs: 'conv2, conv3', channels: '8', extra: { foo: 1 } });
    s.draft.rows.push({ ...emptyRow('deconv'), outputPadding: '1', padding: '-1' });
    s.draft.rows.push({ ...emptyRow('maxpool'), ceilMode: true });
    s.draft.rows[0]!.stride = 'x'; // invalid values are kept as typed
    s.draft.axes = '2';
    s.draft.inputChannels = '3';
    s.vis = { layer: 2, unit: [3, 1], plane: [0, 1], depth: -2 };
    s.search.depth = '4';
    s.search.objective = 'flops';
    s.search.holes = 'allow';
    expect(await decodeState(await encodeState(s), noZoo)).toEqual(s);
  });

  it('round-trips any text through pack', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary' }), async (t) => {
        expect(await unpack(await pack(t))).toBe(t);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps links short: a zoo model by name, an edited one compressed', async () => {
    const s = defaultState();
    s.zoo = 'vgg_16';
    expect(await encodeState(s)).toBe('zoo=vgg_16');
    const d = { name: 'vgg', axes: '', inputSize: '224', inputChannels: '', rows: [emptyRow()] };
    const back = await decodeState('zoo=vgg_16', (n) => (n === 'vgg_16' ? d : null));
    expect(back.zoo).toBe('vgg_16');
    expect(back.draft).toBe(d);
    // 200 rows of a residual-like model stay around a kilobyte or two.
    const big = defaultState();
    big.draft.rows = Array.from({ length: 200 }, (_, i) => ({
      ...emptyRow(i % 4 === 3 ? 'add' : 'conv'),
      name: `block${i >> 4}/unit_${i >> 2}/conv${i % 4}`,
      inputs: i % 4 === 3 ? `block${i >> 4}/unit_${i >> 2}/conv0, block${i >> 4}/unit_${i >> 2}/conv2` : '',
      padding: 'same',
    }));
    const q = await encodeState(big);
    expect(q.length).toBeLessThan(2500);
    expect((await decodeState(q, noZoo)).draft).toEqual(big.draft);
  });

  it('never runs a search from a link', async () => {
    const s = await decodeState('view=search&run=1', noZoo);
    expect(s).not.toHaveProperty('ran');
    expect(await encodeState(s)).not.toContain('run');
  });

  it('reads links of the earlier, uncompressed format', async () => {
    const old = JSON.stringify({
      n: 'dilated',
      i: '12,12',
      r: [
        ['d', 'conv', '3', '', '2', '2', '', { channels: 8 }],
        ['p', 'maxpool', '2', '2', '', '', '', { ceilMode: true }],
      ],
    });
    const s = await decodeState(`view=vis&unit=5,6&model=${encodeURIComponent(old)}`, noZoo);
    expect(s.view).toBe('vis');
    expect(s.vis.unit).toEqual([5, 6]);
    expect(s.draft.rows[0]).toMatchObject({ name: 'd', dilation: '2', padding: '2', channels: '8' });
    expect(s.draft.rows[0]!.extra).toBeUndefined();
    expect(s.draft.rows[1]).toMatchObject({ op: 'maxpool', ceilMode: true });
  });

  it('falls back to defaults on damaged links', async () => {
    const s = await decodeState('view=nope&m=%%%&layer=-1&unit=a&s=zz&zoo=&plane=1,1&depth=x', noZoo);
    expect(s).toEqual(defaultState());
    expect((await decodeState('zoo=unknown', noZoo)).draft).toEqual(DEFAULT_DRAFT);
    expect((await decodeState(`m=${await pack('{"r":[["a","teleport"]]}')}`, noZoo)).draft).toEqual(
      DEFAULT_DRAFT,
    );
    expect((await decodeState(`s=${await pack('{"holes":"some"}')}`, noZoo)).search.holes).toBe('none');
  });
});
