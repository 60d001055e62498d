// The reference models: the `rfkit/zoo` entry of the package, not re-exported from `rfkit`, so
// that apps analysing their own models ship none of it. Each model is written layer by layer
// from its original definition (see the per-family files for the conventions that fix the
// geometry) with the multi-path blocks as DAGs. Names: TF-Slim models keep slim's names
// (alexnet_v2, resnet_v1_50, …) and slim's end-point/scope names for layers; torchvision models
// carry a `tv_` prefix and torchvision's module paths for layers.

import type { ModelSpec } from '../types.js';
import { alexnetV2 } from './slim-alexnet.js';
import { inceptionV3 } from './slim-inception.js';
import { mobilenetV1 } from './slim-mobilenet.js';
import { resnetV1 } from './slim-resnet.js';
import { vgg16 } from './slim-vgg.js';
import { tvAlexnet } from './tv-alexnet.js';
import { tvMobilenetV2 } from './tv-mobilenet.js';
import { tvResnet } from './tv-resnet.js';
import { tvVgg16 } from './tv-vgg.js';

/** What a zoo model is and which of its layers published figures describe. */
export interface ZooInfo {
  /** `tf-slim` (tensorflow/models research/slim/nets) or `torchvision`. */
  family: 'tf-slim' | 'torchvision';
  /** The last feature layer before the classifier head: the layer of the published figures. */
  reference: string;
  /** Where the architecture was read from. */
  definition: string;
}

const SLIM = 'https://github.com/tensorflow/models/tree/master/research/slim/nets';
const TV = 'https://github.com/pytorch/vision/tree/main/torchvision/models';

/** Per model, in the zoo's order (TF-Slim first, then torchvision). */
const INFO: Record<string, ZooInfo> = {
  alexnet_v2: { family: 'tf-slim', reference: 'pool5', definition: `${SLIM}/alexnet.py` },
  vgg_16: { family: 'tf-slim', reference: 'pool5', definition: `${SLIM}/vgg.py` },
  resnet_v1_50: { family: 'tf-slim', reference: 'block4', definition: `${SLIM}/resnet_v1.py` },
  resnet_v1_101: { family: 'tf-slim', reference: 'block4', definition: `${SLIM}/resnet_v1.py` },
  resnet_v1_152: { family: 'tf-slim', reference: 'block4', definition: `${SLIM}/resnet_v1.py` },
  mobilenet_v1: {
    family: 'tf-slim',
    reference: 'Conv2d_13_pointwise',
    definition: `${SLIM}/mobilenet_v1.py`,
  },
  inception_v3: { family: 'tf-slim', reference: 'Mixed_7c', definition: `${SLIM}/inception_v3.py` },
  tv_alexnet: { family: 'torchvision', reference: 'features.12', definition: `${TV}/alexnet.py` },
  tv_vgg16: { family: 'torchvision', reference: 'features.30', definition: `${TV}/vgg.py` },
  tv_resnet18: { family: 'torchvision', reference: 'layer4', definition: `${TV}/resnet.py` },
  tv_resnet50: { family: 'torchvision', reference: 'layer4', definition: `${TV}/resnet.py` },
  tv_mobilenet_v2: {
    family: 'torchvision',
    reference: 'features.18.0',
    definition: `${TV}/mobilenetv2.py`,
  },
};

/** Per model, its builder (INFO's names and order). Names and info do not reach these, so they ship alone. */
const BUILDERS: Record<string, () => ModelSpec> = {
  alexnet_v2: () => alexnetV2(),
  vgg_16: () => vgg16(),
  resnet_v1_50: () => resnetV1(50),
  resnet_v1_101: () => resnetV1(101),
  resnet_v1_152: () => resnetV1(152),
  mobilenet_v1: () => mobilenetV1(),
  inception_v3: () => inceptionV3(),
  tv_alexnet: () => tvAlexnet(),
  tv_vgg16: () => tvVgg16(),
  tv_resnet18: () => tvResnet(18),
  tv_resnet50: () => tvResnet(50),
  tv_mobilenet_v2: () => tvMobilenetV2(),
};

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

// Each export is a pure call without arguments, so a bundler drops what an app does not use
// (the CLI's help reads only zooNames, which ships without the models).

/** The reference models by name (deeply frozen: copy one before editing it). */
export const zoo: Readonly<Record<string, ModelSpec>> = /* @__PURE__ */ buildModels();

/** The zoo's model names, TF-Slim first, then torchvision. */
export const zooNames: readonly string[] = /* @__PURE__ */ buildNames();

/** Per model: family, reference layer (the one published figures describe) and definition source. */
export const zooInfo: Readonly<Record<string, Readonly<ZooInfo>>> = /* @__PURE__ */ buildInfo();

function buildModels(): Readonly<Record<string, ModelSpec>> {
  return deepFreeze(Object.fromEntries(Object.keys(INFO).map((name) => [name, BUILDERS[name]!()])));
}

function buildNames(): readonly string[] {
  return Object.freeze(Object.keys(INFO));
}

function buildInfo(): Readonly<Record<string, Readonly<ZooInfo>>> {
  return deepFreeze({ ...INFO });
}
