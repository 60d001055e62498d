// TF-Slim inception_v3, written from tensorflow/models research/slim/nets/inception_v3.py
// (inception_v3_base up to Mixed_7c, then the Logits head). The stem runs with padding VALID
// (but Conv2d_2b_3x3, SAME); inside the mixed blocks everything is stride 1 SAME except the
// grid reductions Mixed_6a and Mixed_7a, whose stride-2 layers are VALID. No layer's padding
// depends on the input size, so the published figures hold at every resolution. Kernels such
// as [1, 7] are [height, width], as in slim. Each mixed block is a DAG: its branches read the
// block input and meet in a `concat` named after the block; Mixed_7b/7c split a branch into
// 1×3 and 3×1 convs that meet in an inner `concat`.

import type { ModelSpec, PaddingSpec, PerAxis } from '../types.js';
import { ModelBuilder } from './builder.js';

interface Step {
  name: string;
  op: 'conv' | 'maxpool' | 'avgpool';
  kernel: PerAxis;
  channels?: number;
  stride?: number;
  padding: PaddingSpec;
}

interface Branch {
  steps: Step[];
  /** Two convs that both read the branch's last step and are concatenated. */
  split?: [Step, Step];
}

/** Stride-1 SAME conv (the mixed blocks' arg_scope). */
const conv = (name: string, kernel: PerAxis, channels: number): Step => ({
  name,
  op: 'conv',
  kernel,
  channels,
  padding: 'same',
});
/** Stride-2 VALID 3×3 conv of the grid reductions. */
const reduce = (name: string, channels: number): Step => ({
  name,
  op: 'conv',
  kernel: 3,
  channels,
  stride: 2,
  padding: 'valid',
});
const avgPool: Step = { name: 'AvgPool_0a_3x3', op: 'avgpool', kernel: 3, padding: 'same' };
const maxPoolReduce: Step = { name: 'MaxPool_1a_3x3', op: 'maxpool', kernel: 3, stride: 2, padding: 'valid' };

function step(b: ModelBuilder, prefix: string, s: Step): string {
  const options = { stride: s.stride ?? 1, padding: s.padding, channels: s.channels };
  return b[s.op](`${prefix}/${s.name}`, s.kernel, options);
}

function mixed(b: ModelBuilder, scope: string, branches: Branch[]): string {
  const x = b.head;
  const outputs = branches.map((branch, i) => {
    const prefix = `${scope}/Branch_${i}`;
    b.seek(x);
    for (const s of branch.steps) step(b, prefix, s);
    if (!branch.split) return b.head;
    const stem = b.head;
    const first = step(b, prefix, branch.split[0]);
    b.seek(stem);
    const second = step(b, prefix, branch.split[1]);
    return b.concat(`${prefix}/concat`, [first, second]);
  });
  return b.concat(scope, outputs);
}

/** Mixed_5b/5c/5d (35×35 at 299). Mixed_5c's Branch_1 carries slim's irregular names. */
function block35(b: ModelBuilder, scope: string, poolChannels: number, branch1Names: [string, string]): void {
  mixed(b, scope, [
    { steps: [conv('Conv2d_0a_1x1', 1, 64)] },
    { steps: [conv(branch1Names[0], 1, 48), conv(branch1Names[1], 5, 64)] },
    {
      steps: [conv('Conv2d_0a_1x1', 1, 64), conv('Conv2d_0b_3x3', 3, 96), conv('Conv2d_0c_3x3', 3, 96)],
    },
    { steps: [avgPool, conv('Conv2d_0b_1x1', 1, poolChannels)] },
  ]);
}

/** Mixed_6b…6e (17×17 at 299): factorised 7×7 convs with `c7` inner channels. */
function block17(b: ModelBuilder, scope: string, c7: number): void {
  mixed(b, scope, [
    { steps: [conv('Conv2d_0a_1x1', 1, 192)] },
    {
      steps: [
        conv('Conv2d_0a_1x1', 1, c7),
        conv('Conv2d_0b_1x7', [1, 7], c7),
        conv('Conv2d_0c_7x1', [7, 1], 192),
      ],
    },
    {
      steps: [
        conv('Conv2d_0a_1x1', 1, c7),
        conv('Conv2d_0b_7x1', [7, 1], c7),
        conv('Conv2d_0c_1x7', [1, 7], c7),
        conv('Conv2d_0d_7x1', [7, 1], c7),
        conv('Conv2d_0e_1x7', [1, 7], 192),
      ],
    },
    { steps: [avgPool, conv('Conv2d_0b_1x1', 1, 192)] },
  ]);
}

/** Mixed_7b/7c (8×8 at 299). Slim names Branch_1's 3×1 conv 0b in 7b and 0c in 7c. */
function block8(b: ModelBuilder, scope: string, branch1Vertical: string): void {
  mixed(b, scope, [
    { steps: [conv('Conv2d_0a_1x1', 1, 320)] },
    {
      steps: [conv('Conv2d_0a_1x1', 1, 384)],
      split: [conv('Conv2d_0b_1x3', [1, 3], 384), conv(branch1Vertical, [3, 1], 384)],
    },
    {
      steps: [conv('Conv2d_0a_1x1', 1, 448), conv('Conv2d_0b_3x3', 3, 384)],
      split: [conv('Conv2d_0c_1x3', [1, 3], 384), conv('Conv2d_0d_3x1', [3, 1], 384)],
    },
    { steps: [avgPool, conv('Conv2d_0b_1x1', 1, 192)] },
  ]);
}

/** @param size square input size; default 299 (inception_v3.default_image_size) */
export function inceptionV3(size = 299): ModelSpec {
  const b = new ModelBuilder('inception_v3', size);
  b.conv('Conv2d_1a_3x3', 3, { stride: 2, padding: 'valid', channels: 32 });
  b.conv('Conv2d_2a_3x3', 3, { padding: 'valid', channels: 32 });
  b.conv('Conv2d_2b_3x3', 3, { padding: 'same', channels: 64 });
  b.maxpool('MaxPool_3a_3x3', 3, { stride: 2, padding: 'valid' });
  b.conv('Conv2d_3b_1x1', 1, { padding: 'valid', channels: 80 });
  b.conv('Conv2d_4a_3x3', 3, { padding: 'valid', channels: 192 });
  b.maxpool('MaxPool_5a_3x3', 3, { stride: 2, padding: 'valid' });

  block35(b, 'Mixed_5b', 32, ['Conv2d_0a_1x1', 'Conv2d_0b_5x5']);
  block35(b, 'Mixed_5c', 64, ['Conv2d_0b_1x1', 'Conv_1_0c_5x5']);
  block35(b, 'Mixed_5d', 64, ['Conv2d_0a_1x1', 'Conv2d_0b_5x5']);
  mixed(b, 'Mixed_6a', [
    { steps: [reduce('Conv2d_1a_1x1', 384)] },
    { steps: [conv('Conv2d_0a_1x1', 1, 64), conv('Conv2d_0b_3x3', 3, 96), reduce('Conv2d_1a_1x1', 96)] },
    { steps: [maxPoolReduce] },
  ]);
  block17(b, 'Mixed_6b', 128);
  block17(b, 'Mixed_6c', 160);
  block17(b, 'Mixed_6d', 160);
  block17(b, 'Mixed_6e', 192);
  mixed(b, 'Mixed_7a', [
    { steps: [conv('Conv2d_0a_1x1', 1, 192), reduce('Conv2d_1a_3x3', 320)] },
    {
      steps: [
        conv('Conv2d_0a_1x1', 1, 192),
        conv('Conv2d_0b_1x7', [1, 7], 192),
        conv('Conv2d_0c_7x1', [7, 1], 192),
        reduce('Conv2d_1a_3x3', 192),
      ],
    },
    { steps: [maxPoolReduce] },
  ]);
  block8(b, 'Mixed_7b', 'Conv2d_0b_3x1');
  block8(b, 'Mixed_7c', 'Conv2d_0c_3x1');

  // Logits/AvgPool_1a_8x8 is a VALID avg pool of min(map, 8): the whole 8×8 map at 299 (and
  // the whole 5×5 map at 224), i.e. global pooling. The auxiliary head on Mixed_6e is a
  // training-time side branch and is left out.
  b.global('Logits/AvgPool_1a_8x8', { from: 'Mixed_7c' });
  b.conv('Logits/Conv2d_1c_1x1', 1, { channels: 1000 });
  return b.build();
}
