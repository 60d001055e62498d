// @rfkit/onnx: import ONNX models into rfkit ModelSpecs.

export type { ImportOptions, ImportResult } from './import.js';
export { importOnnx } from './import.js';
