// TF-Slim mobilenet_v1 (depth multiplier 1.0), written from tensorflow/models
// research/slim/nets/mobilenet_v1.py (_CONV_DEFS). mobilenet_v1_base sets padding SAME on
// every conv and separable conv, so every stride-2 layer's left padding depends on the size
// of its input (0 for even sizes, 1 for odd): the published effective padding differs between
// 224 and 321. Each DepthSepConv is a 3×3 depthwise conv (channels unchanged) and a 1×1
// pointwise conv.

import type { ModelSpec } from '../types.js';
import { ModelBuilder } from './builder.js';

/** [stride, output depth] of Conv2d_1 … Conv2d_13 (DepthSepConv, kernel 3). */
const SEPARABLE: readonly (readonly [number, number])[] = [
  [1, 64],
  [2, 128],
  [1, 128],
  [2, 256],
  [1, 256],
  [2, 512],
  [1, 512],
  [1, 512],
  [1, 512],
  [1, 512],
  [1, 512],
  [2, 1024],
  [1, 1024],
];

/** @param size square input size; default 224 */
export function mobilenetV1(size = 224): ModelSpec {
  const b = new ModelBuilder('mobilenet_v1', size);
  b.conv('Conv2d_0', 3, { stride: 2, padding: 'same', channels: 32 });
  let channels = 32;
  SEPARABLE.forEach(([stride, depth], i) => {
    b.conv(`Conv2d_${i + 1}_depthwise`, 3, { stride, padding: 'same', channels });
    b.conv(`Conv2d_${i + 1}_pointwise`, 1, { padding: 'same', channels: depth });
    channels = depth;
  });
  // Logits/AvgPool_1a is a VALID avg pool of min(map, 7): at 224 it covers the whole 7×7 map,
  // i.e. global pooling, which is how it is written here (slim's pool slides at larger sizes).
  b.global('Logits/AvgPool_1a');
  b.conv('Logits/Conv2d_1c_1x1', 1, { channels: 1000 });
  return b.build();
}
