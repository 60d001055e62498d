// @rfkit/onnx's README example. Run it with a model: node examples/import.mjs model.onnx
import { readFileSync } from 'node:fs';
import { importOnnx } from '@rfkit/onnx';
import { analyze } from 'rfkit';

const file = process.argv[2] ?? 'model.onnx';
const { model, warnings } = importOnnx(readFileSync(file));
for (const w of warnings) console.warn(`note: ${w.message} [${w.code}]`);

// The receptive field of the last layer before the classifier (or of the output).
const report = analyze(model);
const feature = report.layers.filter((l) => !l.global).at(-1) ?? report.output;
console.log(`${model.name}: ${model.layers.length} layers, input ${model.input?.size?.join('×') ?? '?'}`);
console.log(`${feature.name}: rf ${feature.rf.join('×')}, stride ${feature.jump.join('×')}`);
