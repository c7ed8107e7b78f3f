// Model build time in TensorFlow.js (pure-JS CPU backend): the same architecture built with
// tfjs-layers' own initializers and with nninit/tfjs's, in one process, alternating runs.
//
//   node bench/tfjs-models.mjs [--runs N] [--units U]
//
// Two models:
//   A. conv2d 3x3x64x128 + dense 4096x1024 + LSTM(U) (input 128), every initializer the same law on
//      both sides: glorotNormal kernels and recurrent kernel, zeros biases. tfjs's glorotNormal is
//      uncorrected (std 12% low); the work per element is the same kind (truncated normal).
//   B. LSTM(U) with an orthogonal recurrent kernel (the Keras and tfjs default): tfjs's orthogonal
//      against nninit's, when this nninit build has one.
// Build time = creating the layers, applying them to a symbolic input (tfjs builds weights, which
// calls the initializers) and creating the model. Median of N runs each; weights disposed after.
// Writes bench/results/tfjs-latest.md and prints it. Imports the BUILT package (npm run build).

import { writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, units: { type: 'string', default: '64' } },
});
const RUNS = Number(args.runs);
const UNITS = Number(args.units);
if (!Number.isInteger(RUNS) || RUNS < 1 || !Number.isInteger(UNITS) || UNITS < 1) {
  console.error('usage: node bench/tfjs-models.mjs [--runs N] [--units U]');
  process.exit(2);
}

// tfjs prints a banner suggesting tfjs-node; keep stdout for the results.
const log = console.log;
console.log = () => {};
const tf = await import('@tensorflow/tfjs');
await tf.setBackend('cpu');
await tf.ready();
console.log = log;
const nn = await import('nninit/tfjs');
const nninit = await import('nninit');
await nninit.ready();

/** Initializer sets: kernel, recurrent (for model A), orthogonal (model B), bias. */
const sides = {
  tfjs: {
    kernel: (seed) => tf.initializers.glorotNormal({ seed }),
    orthogonal: (seed) => tf.initializers.orthogonal({ gain: 1, seed }),
    bias: () => tf.initializers.zeros(),
  },
  nninit: {
    kernel: (seed) => new nn.GlorotNormal({ seed }),
    orthogonal: nn.Orthogonal ? (seed) => new nn.Orthogonal({ gain: 1, seed }) : null,
    bias: () => new nn.Zeros(),
  },
};

function modelA(side) {
  const s = sides[side];
  const input = tf.input({ shape: [16, 16, 64] });
  let x = tf.layers
    .conv2d({ filters: 128, kernelSize: 3, kernelInitializer: s.kernel(1), biasInitializer: s.bias() })
    .apply(input);
  x = tf.layers.globalAveragePooling2d({}).apply(x);
  x = tf.layers.dense({ units: 4096, kernelInitializer: s.kernel(2), biasInitializer: s.bias() }).apply(x);
  x = tf.layers.dense({ units: 1024, kernelInitializer: s.kernel(3), biasInitializer: s.bias() }).apply(x);
  x = tf.layers.reshape({ targetShape: [8, 128] }).apply(x);
  x = tf.layers
    .lstm({
      units: UNITS,
      kernelInitializer: s.kernel(4),
      recurrentInitializer: s.kernel(5),
      biasInitializer: s.bias(),
    })
    .apply(x);
  return tf.model({ inputs: input, outputs: x });
}

function modelB(side) {
  const s = sides[side];
  const input = tf.input({ shape: [8, 128] });
  const x = tf.layers
    .lstm({
      units: UNITS,
      kernelInitializer: s.kernel(4),
      recurrentInitializer: s.orthogonal(5),
      biasInitializer: s.bias(),
    })
    .apply(input);
  return tf.model({ inputs: input, outputs: x });
}

function time(build, side) {
  const t0 = performance.now();
  const model = build(side);
  const ms = performance.now() - t0;
  const params = model.countParams();
  model.dispose();
  return { ms, params };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function measure(name, build, runs) {
  // One warm-up each, then alternate sides so drift on a shared machine hits both alike.
  time(build, 'tfjs');
  time(build, 'nninit');
  const ms = { tfjs: [], nninit: [] };
  let params = 0;
  for (let i = 0; i < runs; i++) {
    for (const side of i % 2 ? ['nninit', 'tfjs'] : ['tfjs', 'nninit']) {
      const r = time(build, side);
      ms[side].push(r.ms);
      params = r.params;
    }
  }
  const tfjs = median(ms.tfjs);
  const ours = median(ms.nninit);
  return { name, params, tfjs, nninit: ours, ratio: tfjs / ours, runs };
}

const rows = [];
rows.push(measure(`A: conv2d + dense 4096/1024 + LSTM(${UNITS}), glorotNormal everywhere`, modelA, RUNS));
if (sides.nninit.orthogonal) {
  // tfjs's orthogonal takes seconds; fewer runs.
  rows.push(measure(`B: LSTM(${UNITS}) with orthogonal recurrent kernel`, modelB, Math.min(RUNS, 3)));
} else {
  const t0 = performance.now();
  modelB('tfjs').dispose();
  rows.push({
    name: `B: LSTM(${UNITS}) with orthogonal recurrent kernel`,
    params: null,
    tfjs: performance.now() - t0,
    nninit: null,
    ratio: null,
    runs: 1,
  });
}

const fmt = (x) => (x === null ? 'n/a' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const lines = [
  `Model build time, TensorFlow.js ${tf.version.tfjs} CPU backend (pure JS), ${cpu}, ${os.cpus().length} cores; Node ${process.version}; ${new Date().toISOString()}.`,
  '',
  '| model | parameters | tfjs initializers (ms) | nninit/tfjs (ms) | speed-up | runs |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${r.params === null ? '' : r.params.toLocaleString('en-US')} | ${fmt(r.tfjs)} | ${fmt(r.nninit)} | ${r.ratio === null ? 'n/a' : r.ratio.toFixed(1) + '×'} | ${r.runs} |`,
  ),
  '',
  'Median build time (layers, symbolic apply, which runs the initializers, and tf.model), alternating sides. ' +
    (sides.nninit.orthogonal ? '' : 'Row B: this nninit build has no `orthogonal`, so only tfjs’s time is shown. ') +
    '`node bench/tfjs-models.mjs` reproduces it.',
];
const md = lines.join('\n') + '\n';
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, 'tfjs-latest.md'), md);
console.log(md);
