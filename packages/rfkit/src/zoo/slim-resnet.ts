// TF-Slim resnet_v1_{50,101,152}, written from tensorflow/models research/slim/nets/
// resnet_v1.py and resnet_utils.py. The slim conventions that set the geometry:
// - conv1 is conv2d_same(7, stride 2): explicit symmetric padding 3, then a VALID conv;
// - pool1 is max_pool2d 3×3 stride 2 with padding SAME (resnet_arg_scope), the one layer whose
//   left padding depends on the input size (0 at 224, 1 at 321);
// - each block's stride sits in its LAST unit (resnet_v1_block), in the bottleneck's 3×3
//   conv2d_same (explicit padding 1 when strided, SAME otherwise); that unit's shortcut is
//   resnet_utils.subsample = max_pool2d 1×1 with the stride. The first unit of each block
//   changes depth, so its shortcut is a 1×1 projection conv;
// - block4 has stride 1: nominal output stride 32.
// Each unit is relu(shortcut + residual): an `add` named like slim's unit end-point. The block
// end-points (block1…block4, which the published figures use) are identity layers.

import type { ModelSpec } from '../types.js';
import { ModelBuilder } from './builder.js';

/** Bottleneck units per block for each depth (resnet_v1_50/101/152). */
export const RESNET_V1_UNITS = {
  50: [3, 4, 6, 3],
  101: [3, 4, 23, 3],
  152: [3, 8, 36, 3],
} as const;

export type ResnetV1Depth = keyof typeof RESNET_V1_UNITS;

/** One bottleneck_v1 unit; returns its output depth. */
function bottleneck(b: ModelBuilder, scope: string, base: number, stride: number, depthIn: number): number {
  const x = b.head;
  const depth = base * 4;
  let shortcut: string;
  if (depth !== depthIn) {
    shortcut = b.conv(`${scope}/shortcut`, 1, { stride, padding: 'same', channels: depth, from: x });
  } else if (stride !== 1) {
    shortcut = b.maxpool(`${scope}/shortcut`, 1, { stride, padding: 'same', from: x });
  } else {
    shortcut = x;
  }
  b.conv(`${scope}/conv1`, 1, { padding: 'same', channels: base, from: x });
  // conv2d_same: SAME when stride 1, else pad (k−1)/2 on both sides and convolve VALID.
  b.conv(`${scope}/conv2`, 3, { stride, padding: stride === 1 ? 'same' : 1, channels: base });
  const residual = b.conv(`${scope}/conv3`, 1, { padding: 'same', channels: depth });
  b.add(scope, [shortcut, residual]);
  return depth;
}

/**
 * @param depth 50, 101 or 152
 * @param size square input size; default 224 (resnet_v1.default_image_size)
 */
export function resnetV1(depth: ResnetV1Depth, size = 224): ModelSpec {
  const b = new ModelBuilder(`resnet_v1_${depth}`, size);
  b.conv('conv1', 7, { stride: 2, padding: 3, channels: 64 });
  b.maxpool('pool1', 3, { stride: 2, padding: 'same' });
  const blocks = [
    { base: 64, stride: 2 },
    { base: 128, stride: 2 },
    { base: 256, stride: 2 },
    { base: 512, stride: 1 },
  ];
  let depthIn = 64;
  blocks.forEach(({ base, stride }, i) => {
    const units = RESNET_V1_UNITS[depth][i] ?? 0;
    for (let u = 1; u <= units; u++) {
      const unitStride = u === units ? stride : 1;
      depthIn = bottleneck(b, `block${i + 1}/unit_${u}/bottleneck_v1`, base, unitStride, depthIn);
    }
    b.identity(`block${i + 1}`);
  });
  // global_pool=True: tf.reduce_mean over the spatial axes, then the 1×1 logits conv.
  b.global('pool5');
  b.conv('logits', 1, { channels: 1000 });
  return b.build();
}
