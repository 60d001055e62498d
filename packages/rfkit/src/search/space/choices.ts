// The choices of each layer and the numbering of combinations: the one place that says which
// (kernel, stride, dilation) choice c of a layer is, and which choices index i stands for. Every
// engine, count(), the plan tables and the decoding of results read choices from here.

import type { LayerChoice, NormalizedSweep } from '../../types.js';

type SweepLayer = NormalizedSweep['layers'][number];

/**
 * The distinct choices of one layer, in index order: for each kernel, each stride, each dilation
 * (list order) — but a 1×1 kernel once per stride, with dilation 1, since dilation does not change
 * it (listing it once per dilation would rank twins of one architecture side by side).
 */
export function layerChoices(layer: SweepLayer): LayerChoice[] {
  const out: LayerChoice[] = [];
  for (const kernel of layer.kernel) {
    for (const stride of layer.stride) {
      if (kernel === 1) out.push({ kernel, stride, dilation: 1 });
      else for (const dilation of layer.dilation) out.push({ kernel, stride, dilation });
    }
  }
  return out;
}

/** The choices of every layer (layer 0 first). */
export function choiceLists(sweep: Pick<NormalizedSweep, 'layers'>): LayerChoice[][] {
  return sweep.layers.map(layerChoices);
}

/** Number of choices of each layer: the radices of the mixed-radix index. */
export function radices(sweep: Pick<NormalizedSweep, 'layers'>): number[] {
  return choiceLists(sweep).map((l) => l.length);
}

/** Number of combinations of a space: the product of the radices. */
export function combinations(sweep: Pick<NormalizedSweep, 'layers'>): bigint {
  let total = 1n;
  for (const r of radices(sweep)) total *= BigInt(r);
  return total;
}

/**
 * A decoder of combination indices: index → the layer choices it stands for (mixed radix over the
 * layers' choice lists, layer 0 most significant). Made once per result, as it builds the lists.
 */
export function indexDecoder(sweep: NormalizedSweep): (index: bigint) => LayerChoice[] {
  const lists = choiceLists(sweep);
  const radix = lists.map((l) => BigInt(l.length));
  return (index) => {
    if (index < 0n || index >= sweep.total) {
      throw new RangeError(`index ${index} outside [0, ${sweep.total})`);
    }
    const out: LayerChoice[] = new Array(lists.length);
    let rest = index;
    for (let l = lists.length - 1; l >= 0; l--) {
      const r = radix[l]!;
      out[l] = { ...lists[l]![Number(rest % r)]! };
      rest /= r;
    }
    return out;
  };
}

/** The layer choices of one combination index. */
export function decodeIndex(sweep: NormalizedSweep, index: bigint): LayerChoice[] {
  return indexDecoder(sweep)(index);
}
