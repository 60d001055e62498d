// TF-Slim vgg_16 (VGG configuration D), written from tensorflow/models
// research/slim/nets/vgg.py. vgg_arg_scope sets conv padding SAME; max_pool2d keeps slim's
// default VALID (2×2 stride 2); fc6 is a 7×7 VALID convolution (fc_conv_padding='VALID').

import type { ModelSpec } from '../types.js';
import { ModelBuilder } from './builder.js';

/** Convolutions per stage and their output channels. */
const STAGES: readonly (readonly [number, number])[] = [
  [2, 64],
  [2, 128],
  [3, 256],
  [3, 512],
  [3, 512],
];

/** @param size square input size; default 224 (vgg_16.default_image_size) */
export function vgg16(size = 224): ModelSpec {
  const b = new ModelBuilder('vgg_16', size);
  STAGES.forEach(([convs, channels], s) => {
    // slim.repeat names the copies conv<s>/conv<s>_<i>.
    for (let i = 1; i <= convs; i++)
      b.conv(`conv${s + 1}/conv${s + 1}_${i}`, 3, { padding: 'same', channels });
    b.maxpool(`pool${s + 1}`, 2, { stride: 2, padding: 'valid' });
  });
  // pool5 is the last feature layer, the end-point of the published figures.
  b.conv('fc6', 7, { padding: 'valid', channels: 4096 });
  b.conv('fc7', 1, { padding: 'same', channels: 4096 });
  b.conv('fc8', 1, { padding: 'same', channels: 1000 });
  return b.build();
}
