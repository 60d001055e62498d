// torchvision vgg16 (configuration "D", no batch norm), written from torchvision/models/vgg.py:
// 3×3 convs with padding 1 and 2×2 stride-2 max pools. The geometry equals TF-Slim's vgg_16
// (3×3 SAME at stride 1 pads 1; 2×2 VALID pools), so the published vgg_16 figures apply.
// Layer names are the torchvision module paths (features.<i>, classifier.<i>).

import type { ModelSpec } from '../types.js';
import { ModelBuilder } from './builder.js';

/** Configuration D: channels of each conv, 'M' for a max pool. */
const CFG_D: readonly (number | 'M')[] = [
  64,
  64,
  'M',
  128,
  128,
  'M',
  256,
  256,
  256,
  'M',
  512,
  512,
  512,
  'M',
  512,
  512,
  512,
  'M',
];

/** @param size square input size; default 224 */
export function tvVgg16(size = 224): ModelSpec {
  const b = new ModelBuilder('tv_vgg16', size);
  // Module indices count the ReLU after each conv, as nn.Sequential numbers them.
  let index = 0;
  for (const v of CFG_D) {
    if (v === 'M') {
      b.maxpool(`features.${index}`, 2, { stride: 2 });
      index += 1;
    } else {
      b.conv(`features.${index}`, 3, { padding: 1, channels: v });
      index += 2;
    }
  }
  // features.30 (the last pool) is the layer of the published figures. avgpool is
  // AdaptiveAvgPool2d((7, 7)), an identity at 224; it is left out since classifier.0
  // (flatten → Linear) reads every pixel anyway.
  b.global('classifier.0', { channels: 4096 });
  b.conv('classifier.3', 1, { channels: 4096 });
  b.conv('classifier.6', 1, { channels: 1000 });
  return b.build();
}
