// The README's quick start. Run it from packages/rfkit after a build: node examples/quickstart.mjs
import { analyze, count, init, regionOf, search, toCompact } from 'rfkit';
import { zoo } from 'rfkit/zoo';

// 1. Analyse a model: a zoo model, a JSON ModelSpec, or the compact text form.
const vgg = analyze(zoo.vgg_16);
const pool5 = vgg.layers.find((l) => l.name === 'pool5');
console.log(`vgg_16 pool5: rf ${pool5.rf}, jump ${pool5.jump}, padding ${pool5.effectivePadding}`);

const dilated = analyze('in64 conv3p1 conv3p2d2 conv3p4d4');
console.log(`dilated stack: rf ${dilated.output.rf}, covered ${dilated.output.covered}`);
const box = regionOf(dilated, dilated.output.name, [10, 10]);
console.log(`unit (10,10) reads input rows ${box.start[0]}..${box.end[0]}`);

// 2. Search: the cheapest 6-layer stacks with total stride 16 and rf >= 100.
await init();
const space = {
  depth: 6,
  choices: { kernel: [3, 5, 7], stride: [1, 2], dilation: [1, 2] },
  constraints: { rf: { min: 100 }, stride: 16 },
  objective: 'kernel-area',
  top: 3,
};
const result = await search(space);
console.log(
  `${result.feasible} of ${result.evaluated} feasible (${result.backend}); exact count: ${count(space)}`,
);
for (const c of result.top)
  console.log(`  cost ${c.cost}  rf ${c.rf}  covered ${c.covered}  ${toCompact(c.layers)}`);
