// torchvision mobilenet_v2 (width 1.0), written from torchvision/models/mobilenetv2.py.
// Every conv pads (k−1)/2 explicitly (Conv2dNormActivation), so no padding depends on the
// input size. Each InvertedResidual is [1×1 expand (when t ≠ 1)] → 3×3 depthwise with the
// stride → 1×1 linear projection; where stride = 1 and the width is unchanged the block input
// is added back (skip `add` named features.<i>); other blocks end in an identity of that name.
// Conv names are the Conv2d module paths (features.<i>.conv.<j>[.0]).

import type { ModelSpec } from '../types.js';
import { ModelBuilder } from './builder.js';

/** Inverted residual settings: expansion t, output channels c, repeats n, first stride s. */
const SETTINGS: readonly (readonly [number, number, number, number])[] = [
  [1, 16, 1, 1],
  [6, 24, 2, 2],
  [6, 32, 3, 2],
  [6, 64, 4, 2],
  [6, 96, 3, 1],
  [6, 160, 3, 2],
  [6, 320, 1, 1],
];

function invertedResidual(
  b: ModelBuilder,
  scope: string,
  inp: number,
  oup: number,
  stride: number,
  t: number,
) {
  const x = b.head;
  const hidden = Math.round(inp * t);
  let j = 0;
  if (t !== 1) {
    b.conv(`${scope}.conv.${j}.0`, 1, { channels: hidden });
    j += 1;
  }
  b.conv(`${scope}.conv.${j}.0`, 3, { stride, padding: 1, channels: hidden });
  const projected = b.conv(`${scope}.conv.${j + 1}`, 1, { channels: oup });
  if (stride === 1 && inp === oup) b.add(scope, [x, projected]);
  else b.identity(scope);
}

/** @param size square input size; default 224 */
export function tvMobilenetV2(size = 224): ModelSpec {
  const b = new ModelBuilder('tv_mobilenet_v2', size);
  b.conv('features.0.0', 3, { stride: 2, padding: 1, channels: 32 });
  let inp = 32;
  let index = 1;
  for (const [t, c, n, s] of SETTINGS) {
    for (let i = 0; i < n; i++) {
      invertedResidual(b, `features.${index}`, inp, c, i === 0 ? s : 1, t);
      inp = c;
      index += 1;
    }
  }
  // features.18.0, the last conv (1×1 to 1280), is the final feature layer.
  b.conv(`features.${index}.0`, 1, { channels: 1280 });
  // forward() pools with F.adaptive_avg_pool2d(x, (1, 1)): global at every size.
  b.global('adaptive_avg_pool2d');
  b.conv('classifier.1', 1, { channels: 1000 });
  return b.build();
}
