// torchvision alexnet, written from torchvision/models/alexnet.py. Unlike TF-Slim's
// alexnet_v2, conv1 is padded (11×11 stride 4, padding 2) and the pools are 3×3 stride 2
// without padding, so the rf matches (195) but the effective padding does not (66 vs 64).
// Layer names are the torchvision module paths (features.<i>, classifier.<i>).

import type { ModelSpec } from '../types.js';
import { ModelBuilder } from './builder.js';

/** @param size square input size; default 224 */
export function tvAlexnet(size = 224): ModelSpec {
  const b = new ModelBuilder('tv_alexnet', size);
  b.conv('features.0', 11, { stride: 4, padding: 2, channels: 64 });
  b.maxpool('features.2', 3, { stride: 2 });
  b.conv('features.3', 5, { padding: 2, channels: 192 });
  b.maxpool('features.5', 3, { stride: 2 });
  b.conv('features.6', 3, { padding: 1, channels: 384 });
  b.conv('features.8', 3, { padding: 1, channels: 256 });
  b.conv('features.10', 3, { padding: 1, channels: 256 });
  // features.12 is the last feature layer, the one the published figures refer to.
  b.maxpool('features.12', 3, { stride: 2 });
  // avgpool is AdaptiveAvgPool2d((6, 6)): an identity at 224, where features.12 is already
  // 6×6, and not a fixed window at other sizes; it is left out, because classifier.1
  // (flatten → Linear) reads every pixel anyway.
  b.global('classifier.1', { channels: 4096 });
  b.conv('classifier.4', 1, { channels: 4096 });
  b.conv('classifier.6', 1, { channels: 1000 });
  return b.build();
}
