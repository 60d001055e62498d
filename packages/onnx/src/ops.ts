// Which ONNX ops the importer knows, by how they act on geometry.

/** Pointwise ops (any number of inputs): identity on one path, a merge of several. */
export const ELEMENTWISE = new Set([
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

/** Merges of several paths that multiply (gates, attention masks); the rest add. */
export const MULTIPLICATIVE = new Set(['Mul', 'Div', 'And', 'Where', 'Pow']);

/** Identity per pixel, but computed with statistics over the spatial axes: a warning says so. */
export const NORMALIZATION = new Set([
  'InstanceNormalization',
  'GroupNormalization',
  'LayerNormalization',
  'MeanVarianceNormalization',
]);

export const REDUCE = new Set([
  'ReduceMean',
  'ReduceMax',
  'ReduceMin',
  'ReduceSum',
  'ReduceProd',
  'ReduceL1',
  'ReduceL2',
  'ReduceLogSum',
  'ReduceLogSumExp',
  'ReduceSumSquare',
]);

export const SOFTMAX = new Set(['Softmax', 'LogSoftmax', 'Hardmax']);

export const GLOBAL_POOL = new Set(['GlobalAveragePool', 'GlobalMaxPool', 'GlobalLpPool']);
