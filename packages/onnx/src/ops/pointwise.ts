// Ops that act on each pixel alone: no layer on one path, a merge (src/ops/merge.ts) where several
// pixel paths meet. Normalizations are pointwise too, with a warning: their statistics over the
// spatial axes are ignored.

import { describeNode } from '../attributes.js';
import type { IrNode } from '../ir.js';
import { type ConversionState, forEachOp, type Inputs, type OpFamily } from '../state.js';
import type { PixelValue } from '../values.js';
import { mergePaths } from './merge.js';

/** Pointwise ops (any number of inputs). */
const ELEMENTWISE = new Set([
  // activations and other unary maps
  'Relu',
  'LeakyRelu',
  'PRelu',
  'Elu',
  'Selu',
  'Celu',
  'Sigmoid',
  'HardSigmoid',
  'HardSwish',
  'Swish',
  'Tanh',
  'Softplus',
  'Softsign',
  'Gelu',
  'Mish',
  'ThresholdedRelu',
  'Clip',
  'Shrink',
  'Abs',
  'Neg',
  'Exp',
  'Log',
  'Sqrt',
  'Reciprocal',
  'Floor',
  'Ceil',
  'Round',
  'Sign',
  'Erf',
  'Sin',
  'Cos',
  'Tan',
  'Asin',
  'Acos',
  'Atan',
  'Sinh',
  'Cosh',
  'Asinh',
  'Acosh',
  'Atanh',
  'Not',
  'IsNaN',
  'IsInf',
  'BitwiseNot',
  // no-ops at inference
  'Identity',
  'Cast',
  'CastLike',
  'Dropout',
  'BatchNormalization',
  'LRN',
  'QuantizeLinear',
  'DequantizeLinear',
  // binary and variadic
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Pow',
  'Max',
  'Min',
  'Mean',
  'Sum',
  'Mod',
  'Equal',
  'Less',
  'Greater',
  'LessOrEqual',
  'GreaterOrEqual',
  'And',
  'Or',
  'Xor',
  'Where',
  'BitShift',
  'BitwiseAnd',
  'BitwiseOr',
  'BitwiseXor',
]);

/** Identity per pixel, but computed with statistics over the spatial axes. */
const NORMALIZATION = new Set([
  'InstanceNormalization',
  'GroupNormalization',
  'LayerNormalization',
  'MeanVarianceNormalization',
  'LpNormalization',
]);

function normalization(st: ConversionState, node: IrNode, ins: Inputs): PixelValue[] {
  const x = st.data(node, ins);
  st.warn(
    'normalization-statistics',
    `${describeNode(node)} is treated as pointwise; its statistics over the spatial axes are ignored`,
    [x.layer],
  );
  return [x];
}

export const pointwiseOps: OpFamily = {
  ...forEachOp(ELEMENTWISE, (st, node, ins, pixels) => [mergePaths(st, node, ins, pixels)]),
  ...forEachOp(NORMALIZATION, normalization),
};
