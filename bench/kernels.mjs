// Kernel speeds of the built package: the zero-copy form `init.sampleInWasm([n])` (allocation,
// generation, one read and dispose included), in Mfloat/s, for the three Keras-default laws.
//
//   node bench/kernels.mjs                  n = 2^20, 9 rounds of ~60 ms per law, JSON lines
//   node bench/kernels.mjs --log2 24 --rounds 5 --batch 100
//   node bench/kernels.mjs --cpu            time by this process's CPU time, not the wall clock
//
// Laws and rounds are interleaved (uniform, normal, truncated normal, then again), and each line
// gives the median, min and max over the rounds, so a comparison with another program (a native
// build of the same laws) can be paired round by round on this shared machine. On a loaded
// machine the wall clock counts the time other processes hold the core; --cpu counts only this
// process's CPU time (user + system), to compare with a native benchmark timed the same way.

import * as nninit from 'nninit';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const n = 2 ** option('log2', 20);
const cpu = args.includes('--cpu');
/** Milliseconds of wall time, or of this process's CPU time with --cpu. */
const clock = cpu
  ? () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    }
  : () => performance.now();
const rounds = option('rounds', 9);
const batchMs = option('batch', 60);
const SEED = 20240229;

const LAWS = {
  uniform: nninit.randomUniform({ minval: -0.05, maxval: 0.05, seed: SEED }),
  normal: nninit.randomNormal({ mean: 0, stddev: 0.05, seed: SEED }),
  truncatedNormal: nninit.truncatedNormal({ mean: 0, stddev: 0.05, seed: SEED }),
};

let sink = 0;
const once = (init) => {
  const tensor = init.sampleInWasm([n]);
  sink += tensor.array[n - 1];
  tensor.dispose();
};

// Warm up, then size each batch to about batchMs.
const calls = {};
for (const [name, init] of Object.entries(LAWS)) {
  let count = 0;
  const t0 = clock();
  while (clock() - t0 < 300 || count < 3) {
    once(init);
    count++;
  }
  calls[name] = Math.max(1, Math.round(batchMs / ((clock() - t0) / count)));
}

const samples = Object.fromEntries(Object.keys(LAWS).map((name) => [name, []]));
for (let r = 0; r < rounds; r++) {
  for (const [name, init] of Object.entries(LAWS)) {
    const t0 = clock();
    for (let c = 0; c < calls[name]; c++) once(init);
    const ms = clock() - t0;
    samples[name].push((calls[name] * n) / (ms * 1e3));
  }
}

for (const [name, list] of Object.entries(samples)) {
  list.sort((a, b) => a - b);
  const median = list[list.length >> 1];
  const line = {
    name,
    n,
    clock: cpu ? 'cpu' : 'wall',
    mfloats: +median.toFixed(1),
    min: +list[0].toFixed(1),
    max: +list.at(-1).toFixed(1),
  };
  console.log(JSON.stringify(line));
}
if (Number.isNaN(sink)) console.error('unreachable: NaN sample');
