// torchvision resnet18 and resnet50, written from torchvision/models/resnet.py. Conventions
// that differ from TF-Slim's resnet_v1: explicit paddings (conv1 7×7/2 pad 3, maxpool 3×3/2
// pad 1, every 3×3 pad 1); each stage's stride is in its FIRST block; in the Bottleneck the
// stride sits on the 3×3 conv2 ("ResNet v1.5"), and the projection shortcut
// (downsample.0, 1×1 with the stride) is used where stride ≠ 1 or the width changes.
// Each block's output relu(out + identity) is an `add` named like the block module
// (layer<i>.<j>); each stage's output is an identity named layer<i>.

import type { ModelSpec } from '../types.js';
import { ModelBuilder } from './builder.js';

export type TvResnetDepth = 18 | 50;

const BLOCKS: Record<TvResnetDepth, readonly number[]> = {
  18: [2, 2, 2, 2],
  50: [3, 4, 6, 3],
};

/** Adds the shortcut of a block that reads `x`: the input itself, or downsample.0. */
function shortcut(
  b: ModelBuilder,
  scope: string,
  x: string,
  stride: number,
  widthChanges: boolean,
  out: number,
) {
  if (stride === 1 && !widthChanges) return x;
  return b.conv(`${scope}.downsample.0`, 1, { stride, channels: out, from: x });
}

function basicBlock(
  b: ModelBuilder,
  scope: string,
  planes: number,
  stride: number,
  inplanes: number,
): number {
  const x = b.head;
  const skip = shortcut(b, scope, x, stride, inplanes !== planes, planes);
  b.conv(`${scope}.conv1`, 3, { stride, padding: 1, channels: planes, from: x });
  const residual = b.conv(`${scope}.conv2`, 3, { padding: 1, channels: planes });
  b.add(scope, [skip, residual]);
  return planes;
}

function bottleneck(
  b: ModelBuilder,
  scope: string,
  planes: number,
  stride: number,
  inplanes: number,
): number {
  const x = b.head;
  const out = planes * 4;
  const skip = shortcut(b, scope, x, stride, inplanes !== out, out);
  b.conv(`${scope}.conv1`, 1, { channels: planes, from: x });
  b.conv(`${scope}.conv2`, 3, { stride, padding: 1, channels: planes });
  const residual = b.conv(`${scope}.conv3`, 1, { channels: out });
  b.add(scope, [skip, residual]);
  return out;
}

/**
 * @param depth 18 (BasicBlock) or 50 (Bottleneck)
 * @param size square input size; default 224
 */
export function tvResnet(depth: TvResnetDepth, size = 224): ModelSpec {
  const b = new ModelBuilder(`tv_resnet${depth}`, size);
  const block = depth === 18 ? basicBlock : bottleneck;
  b.conv('conv1', 7, { stride: 2, padding: 3, channels: 64 });
  b.maxpool('maxpool', 3, { stride: 2, padding: 1 });
  let inplanes = 64;
  BLOCKS[depth].forEach((count, i) => {
    const planes = 64 * 2 ** i;
    for (let j = 0; j < count; j++) {
      const stride = i > 0 && j === 0 ? 2 : 1;
      inplanes = block(b, `layer${i + 1}.${j}`, planes, stride, inplanes);
    }
    b.identity(`layer${i + 1}`);
  });
  // avgpool is AdaptiveAvgPool2d((1, 1)): global at every size.
  b.global('avgpool');
  b.conv('fc', 1, { channels: 1000 });
  return b.build();
}
