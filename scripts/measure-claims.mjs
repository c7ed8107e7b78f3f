// Measures the figures that README.md and docs/ quote, on the built package (run `npm run build`
// first): module and embedded hex sizes, the cold start, and paired speed ratios against pure JS and
// tfjs. Prints a markdown summary; the docs quote it, and test/docs.node.test.ts checks the sizes
// they state against the build.
//
//   node scripts/measure-claims.mjs [--rounds N] [--only sizes|coldstart|speed]
//
// Speed is measured the way the project reports speeds (DEVELOPERS.md): each round times the
// baseline and nninit back to back, alternating which goes first, and a ratio is the median over
// the rounds of the per-round ratios, so drift on a shared machine cancels out of it.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import * as js from '../bench/baselines.mjs';
import { COLD_START_RUNS, coldStart } from '../bench/lib/cases/cold-start.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let ROUNDS = 11;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

function loadText() {
  try {
    return `load average ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`;
  } catch {
    return 'load average unknown';
  }
}

// ---- Sizes: what the package ships, read from dist/ ---------------------------------------------

/** The sizes the docs state; test/docs.node.test.ts computes the same from dist/ (one definition). */
export function measureSizes(root = ROOT) {
  const dist = path.join(root, 'dist');
  // Found by name anywhere under dist/, so a change of src/'s folders does not break the measurement.
  const file = (name) => {
    const found = readdirSync(dist, { recursive: true }).filter((f) => path.basename(f) === name);
    if (found.length !== 1) throw new Error(`dist/: expected one ${name}, found ${found.length}`);
    return readFileSync(path.join(dist, found[0]));
  };
  // The hex strings, wherever the bundler put them (dist/ is bundled: scripts/build-dist.mjs).
  const scripts = readdirSync(dist, { recursive: true }).filter((f) => f.endsWith('.js'));
  const hex = (exported) => {
    const pattern = new RegExp(`\\b${exported} = (["'])([0-9a-f]*)\\1`);
    for (const name of scripts) {
      const match = pattern.exec(readFileSync(path.join(dist, name), 'utf8'));
      if (match) return match[2].length;
    }
    throw new Error(`dist/: no ${exported} string`);
  };
  return {
    wasm: file('nninit.wasm').length,
    wasmGzip: gzipSync(file('nninit.wasm'), { level: 9 }).length,
    threadsWasm: file('nninit-threads.wasm').length,
    hex: hex('wasmHex'),
    threadsHex: hex('threadsWasmHex'),
  };
}

// ---- Speed: paired, interleaved rounds ------------------------------------------------------------

/** Seconds of one call of `body`, averaged over enough calls to take at least `minMs`. */
function timeOnce(body, minMs = 100) {
  let calls = 0;
  const t0 = performance.now();
  let t = t0;
  do {
    body();
    calls++;
    t = performance.now();
  } while (t - t0 < minMs);
  return (t - t0) / calls;
}

/** Median over rounds of time(contender) / time(nninit), each round both back to back, alternating order. */
function pairedRatio(nninit, contender, rounds = ROUNDS) {
  for (let i = 0; i < 2; i++) {
    timeOnce(nninit);
    timeOnce(contender);
  }
  const ratios = [];
  for (let i = 0; i < rounds; i++) {
    let a, b;
    if (i % 2 === 0) {
      a = timeOnce(nninit);
      b = timeOnce(contender);
    } else {
      b = timeOnce(contender);
      a = timeOnce(nninit);
    }
    ratios.push(b / a);
  }
  return median(ratios);
}

async function speed() {
  const nninit = await import('nninit');
  await nninit.ready();
  // tfjs warns through console.warn: "install tfjs-node" once, and on every orthogonal call.
  const warn = console.warn;
  console.warn = () => {};
  try {
    return await speedRatios(nninit);
  } finally {
    console.warn = warn;
  }
}

async function speedRatios(nninit) {
  const tf = await import('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  const consume = (make) => {
    const t = make();
    const v = t.dataSync();
    const x = v[0] + v[v.length - 1];
    t.dispose();
    return x;
  };

  const n = 2 ** 20;
  const out = new Float32Array(n);
  const laws = [
    {
      name: 'uniform U[−0.05, 0.05)',
      init: nninit.randomUniform({ seed: 1 }),
      js: () => js.mathRandomUniform(out, { minval: -0.05, maxval: 0.05 }),
      xoshiro: () => js.xoshiroUniform(out, { minval: -0.05, maxval: 0.05 }),
      tf: () => consume(() => tf.randomUniform([n], -0.05, 0.05, 'float32', 1)),
    },
    {
      name: 'normal N(0, 0.05²)',
      init: nninit.randomNormal({ seed: 1 }),
      js: () => js.mathRandomNormal(out, { mean: 0, stddev: 0.05 }),
      xoshiro: () => js.xoshiroNormal(out, { mean: 0, stddev: 0.05 }),
      tf: () => consume(() => tf.randomNormal([n], 0, 0.05, 'float32', 1)),
    },
    {
      name: 'truncated normal, ±2σ',
      init: nninit.truncatedNormal({ seed: 1 }),
      js: () => js.mathRandomTruncatedNormal(out, { mean: 0, stddev: 0.05 }),
      xoshiro: () => js.xoshiroTruncatedNormal(out, { mean: 0, stddev: 0.05 }),
      tf: () => consume(() => tf.truncatedNormal([n], 0, 0.05, 'float32', 1)),
    },
  ];
  const rows = [];
  for (const law of laws) {
    const fill = () => law.init.fill(out, [n]);
    rows.push({
      name: law.name,
      js: pairedRatio(fill, law.js),
      xoshiro: pairedRatio(fill, law.xoshiro),
      tf: pairedRatio(fill, law.tf),
    });
  }

  // ResNet-50 (examples/resnet50.json, Keras defaults): nninit fill() into one arena against
  // tfjs-layers' own initializers, apply(shape) + dataSync(), one tensor per weight.
  const model = JSON.parse(readFileSync(path.join(ROOT, 'examples', 'resnet50.json'), 'utf8'));
  const tensors = model.tensors.map((t) => ({ ...t, size: t.shape.reduce((a, b) => a * b, 1) }));
  const arena = new Float32Array(tensors.reduce((s, t) => s + t.size, 0));
  let offset = 0;
  for (const t of tensors) ((t.view = arena.subarray(offset, offset + t.size)), (offset += t.size));
  const gen = new nninit.SeedGenerator(1);
  const nn = { glorot_uniform: nninit.glorotUniform({ seed: gen }), zeros: nninit.zeros(), ones: nninit.ones() };
  const ti = {
    glorot_uniform: tf.initializers.glorotUniform({ seed: 1 }),
    zeros: tf.initializers.zeros(),
    ones: tf.initializers.ones(),
  };
  const resnet = pairedRatio(
    () => tensors.forEach((t) => nn[t.initializer].fill(t.view, t.shape)),
    () => tensors.forEach((t) => consume(() => ti[t.initializer].apply(t.shape, 'float32'))),
    9,
  );

  // Orthogonal 128×128: nninit's QR in wasm against tfjs-layers' orthogonal (seconds per call).
  const ortho = nninit.orthogonal({ seed: 1 });
  const tfOrtho = tf.initializers.orthogonal({ gain: 1, seed: 1 });
  const orthogonal = pairedRatio(
    () => ortho.sample([128, 128]),
    () => consume(() => tfOrtho.apply([128, 128], 'float32')),
    9,
  );
  return { rows, resnet, orthogonal };
}

// ---- Report ---------------------------------------------------------------------------------------

async function main() {
  const { values: args } = parseArgs({
    options: { rounds: { type: 'string', default: '11' }, only: { type: 'string' } },
  });
  ROUNDS = Number(args.rounds);
  if (!Number.isInteger(ROUNDS) || ROUNDS < 9) throw new Error(`--rounds must be an integer ≥ 9; got ${args.rounds}`);
  const wanted = (part) => args.only === undefined || args.only === part;
  const lines = [`Measured ${new Date().toISOString()}, Node ${process.version}, ${loadText()}.`, ''];
  if (wanted('sizes')) {
    const s = measureSizes();
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    lines.push(
      `Sizes: nninit.wasm ${s.wasm} bytes (${kb(s.wasm)}, ${kb(s.wasmGzip)} gzipped); nninit-threads.wasm ${s.threadsWasm} bytes (${kb(s.threadsWasm)}).`,
      `Embedded hex: ${s.hex} characters (${kb(s.hex)}); threads build ${s.threadsHex} (${kb(s.threadsHex)}).`,
      `package.json sideEffects: ${pkg.sideEffects.join(', ')}.`,
      '',
    );
  }
  if (wanted('coldstart')) {
    const c = coldStart(Math.max(ROUNDS, COLD_START_RUNS));
    lines.push(
      `Cold start (fresh process: import('nninit') + ready() + glorotUniform 64×64 sample, ${c.runs} runs paired with a trivial module):`,
      `median ${c.wall.nninit.toFixed(1)} ms; ${c.wall.over.toFixed(1)} ms more than importing a trivial module (median of the paired differences).`,
      '',
    );
  }
  if (wanted('speed')) {
    const { rows, resnet, orthogonal } = await speed();
    lines.push(
      `Speed, single thread, fill() into a preallocated Float32Array of 2^20, ratio = their time / nninit's (median of ${ROUNDS} paired rounds):`,
      '',
      '| law | × Math.random loop | × JS xoshiro128** | × tfjs (CPU) |',
      '| --- | ---: | ---: | ---: |',
      ...rows.map((r) => `| ${r.name} | ${r.js.toFixed(1)}× | ${r.xoshiro.toFixed(1)}× | ${r.tf.toFixed(1)}× |`),
      '',
      `ResNet-50, all 320 weights, nninit fill() vs tfjs-layers initializers: ${resnet.toFixed(1)}× (median of 9 paired rounds).`,
      `orthogonal 128×128, nninit vs tfjs-layers: ${orthogonal.toFixed(0)}× (median of 9 paired rounds).`,
      '',
    );
  }
  console.log(lines.join('\n'));
}

// Run as a script; imported (by the docs test, for measureSizes), do nothing.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
