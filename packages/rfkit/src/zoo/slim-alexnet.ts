// TF-Slim alexnet_v2 ("One weird trick" AlexNet, LRN removed), written from
// tensorflow/models research/slim/nets/alexnet.py. Slim conventions that matter here:
// alexnet_v2_arg_scope sets conv padding SAME and max_pool2d padding VALID; conv1 overrides
// to VALID (11×11 stride 4); the fully connected layers are convolutions (fc6 5×5 VALID).

import type { ModelSpec } from '../types.js';
import { ModelBuilder } from './builder.js';

/** @param size square input size; default 224 (alexnet_v2.default_image_size) */
export function alexnetV2(size = 224): ModelSpec {
  const b = new ModelBuilder('alexnet_v2', size);
  b.conv('conv1', 11, { stride: 4, padding: 'valid', channels: 64 });
  b.maxpool('pool1', 3, { stride: 2, padding: 'valid' });
  b.conv('conv2', 5, { padding: 'same', channels: 192 });
  b.maxpool('pool2', 3, { stride: 2, padding: 'valid' });
  b.conv('conv3', 3, { padding: 'same', channels: 384 });
  b.conv('conv4', 3, { padding: 'same', channels: 384 });
  b.conv('conv5', 3, { padding: 'same', channels: 256 });
  // pool5 is the last feature layer, the end-point of the published figures.
  b.maxpool('pool5', 3, { stride: 2, padding: 'valid' });
  b.conv('fc6', 5, { padding: 'valid', channels: 4096 });
  b.conv('fc7', 1, { padding: 'same', channels: 4096 });
  b.conv('fc8', 1, { padding: 'same', channels: 1000 });
  return b.build();
}
