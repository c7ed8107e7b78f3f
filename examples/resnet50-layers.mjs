// Generates resnet50.json: the weight list of Keras 3's
// `keras.applications.ResNet50(weights=None, include_top=True, classes=1000)`, in `model.weights`
// order. Plain Node ESM, no dependencies: `node examples/resnet50-layers.mjs`.
//
// The architecture follows keras/src/applications/resnet.py. The model is built as a small graph of
// layers (weightless ones included) so that the weight order can be derived the way Keras derives it:
// a Functional model lists its layers by decreasing depth (longest path to the output), ties broken
// by first visit in a depth-first walk from the output (keras/src/ops/function.py `map_graph`). So in
// a block with a conv shortcut the order is 1_conv, 1_bn, 2_conv, 2_bn, 0_conv, 3_conv, 0_bn, 3_bn,
// not the order in which the code creates the layers.

import { writeFileSync } from 'node:fs';

const EXPECTED_PARAMS = 25_636_712; // Keras's published total (includes BN moving statistics)
const EXPECTED_NON_TRAINABLE = 53_120; // BN moving_mean + moving_variance
const EXPECTED_TENSORS = 320;

// ---- Graph construction ------------------------------------------------------------------------

// A layer: name, input layers, output channel count, and the weights it owns (in creation order).
const layer = (name, inputs, channels, weights = []) => ({ name, inputs, channels, weights });

const weight = (name, shape, initializer, trainable = true) => ({
  name,
  shape,
  initializer,
  trainable,
});

// Keras Conv2D defaults: use_bias=True, kernel glorot_uniform, bias zeros.
function conv2d(x, filters, kernelSize, name) {
  return layer(name, [x], filters, [
    weight(`${name}/kernel`, [kernelSize, kernelSize, x.channels, filters], 'glorot_uniform'),
    weight(`${name}/bias`, [filters], 'zeros'),
  ]);
}

// Keras BatchNormalization defaults: gamma ones, beta zeros, moving_mean zeros, moving_variance ones.
function batchNorm(x, name) {
  const c = x.channels;
  return layer(name, [x], c, [
    weight(`${name}/gamma`, [c], 'ones'),
    weight(`${name}/beta`, [c], 'zeros'),
    weight(`${name}/moving_mean`, [c], 'zeros', false),
    weight(`${name}/moving_variance`, [c], 'ones', false),
  ]);
}

// Weightless layer (padding, activation, pooling, add).
const plain = (name, ...inputs) => layer(name, inputs, inputs[0].channels);

// residual_block_v1 (a.k.a. block1): bottleneck block, optional 1x1 conv shortcut.
function block1(x, filters, convShortcut, name) {
  let shortcut = x;
  if (convShortcut) {
    shortcut = batchNorm(conv2d(x, 4 * filters, 1, `${name}_0_conv`), `${name}_0_bn`);
  }
  x = plain(`${name}_1_relu`, batchNorm(conv2d(x, filters, 1, `${name}_1_conv`), `${name}_1_bn`));
  x = plain(`${name}_2_relu`, batchNorm(conv2d(x, filters, 3, `${name}_2_conv`), `${name}_2_bn`));
  x = batchNorm(conv2d(x, 4 * filters, 1, `${name}_3_conv`), `${name}_3_bn`);
  // Add([shortcut, x]): the shortcut is the first input, which matters for the DFS tie-break.
  return plain(`${name}_out`, plain(`${name}_add`, shortcut, x));
}

// stack_residual_blocks_v1 (a.k.a. stack1): first block has the conv shortcut.
function stack1(x, filters, blocks, name) {
  x = block1(x, filters, true, `${name}_block1`);
  for (let i = 2; i <= blocks; i++) x = block1(x, filters, false, `${name}_block${i}`);
  return x;
}

function resnet50() {
  let x = layer('input_layer', [], 3);
  x = plain('conv1_pad', x);
  x = conv2d(x, 64, 7, 'conv1_conv');
  x = batchNorm(x, 'conv1_bn');
  x = plain('pool1_pool', plain('pool1_pad', plain('conv1_relu', x)));
  x = stack1(x, 64, 3, 'conv2');
  x = stack1(x, 128, 4, 'conv3');
  x = stack1(x, 256, 6, 'conv4');
  x = stack1(x, 512, 3, 'conv5');
  x = plain('avg_pool', x);
  const classes = 1000;
  return layer('predictions', [x], classes, [
    weight('predictions/kernel', [x.channels, classes], 'glorot_uniform'),
    weight('predictions/bias', [classes], 'zeros'),
  ]);
}

// ---- Keras Functional layer order (port of map_graph / _build_map) ------------------------------

function modelOrder(output) {
  const visitIndex = new Map(); // layer -> first DFS visit index, walking back from the output
  const finished = new Set();
  const topo = []; // post-order: inputs before the layers that consume them
  const visit = (l) => {
    if (finished.has(l)) return;
    if (!visitIndex.has(l)) visitIndex.set(l, visitIndex.size);
    for (const input of l.inputs) visit(input);
    finished.add(l);
    topo.push(l);
  };
  visit(output);

  // Depth = longest path to the output; every layer here is called exactly once.
  const depth = new Map();
  for (const l of [...topo].reverse()) {
    const d = depth.get(l) ?? 0;
    depth.set(l, d);
    for (const input of l.inputs) depth.set(input, Math.max(depth.get(input) ?? 0, d + 1));
  }
  return topo.sort((a, b) => depth.get(b) - depth.get(a) || visitIndex.get(a) - visitIndex.get(b));
}

// ---- Build, check, write ------------------------------------------------------------------------

const layers = modelOrder(resnet50());
const weights = layers.flatMap((l) => l.weights);

const size = (shape) => shape.reduce((a, b) => a * b, 1);
const total = weights.reduce((sum, w) => sum + size(w.shape), 0);
const nonTrainable = weights.filter((w) => !w.trainable).reduce((s, w) => s + size(w.shape), 0);

function check(ok, message) {
  if (!ok) {
    console.error(`resnet50-layers: ${message}`);
    process.exit(1);
  }
}
check(new Set(weights.map((w) => w.name)).size === weights.length, 'duplicate weight names');
check(total === EXPECTED_PARAMS, `total params ${total} !== ${EXPECTED_PARAMS}`);
check(nonTrainable === EXPECTED_NON_TRAINABLE, `non-trainable params ${nonTrainable} !== ${EXPECTED_NON_TRAINABLE}`);
check(weights.length === EXPECTED_TENSORS, `tensor count ${weights.length} !== ${EXPECTED_TENSORS}`);

// One tensor per line.
const line = (w) =>
  `    { "name": ${JSON.stringify(w.name)}, "shape": ${JSON.stringify(w.shape)}, ` +
  `"initializer": ${JSON.stringify(w.initializer)} }`;
const json = [
  '{',
  '  "model": "ResNet50",',
  '  "source": "keras.applications.ResNet50 (Keras 3), include_top=True, classes=1000",',
  '  "tensors": [',
  weights.map(line).join(',\n'),
  '  ]',
  '}',
  '',
].join('\n');
JSON.parse(json); // sanity: the hand-assembled text is valid JSON

const outFile = new URL('./resnet50.json', import.meta.url);
writeFileSync(outFile, json);
console.log(
  `wrote ${outFile.pathname}: ${weights.length} tensors, ` +
    `${total.toLocaleString('en-US')} params (${nonTrainable.toLocaleString('en-US')} non-trainable)`,
);
