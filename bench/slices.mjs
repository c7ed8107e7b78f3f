// Slices against contiguous ranges: a column shard (1/8) of a [4096, 16384] matrix (`slice`,
// 4096 runs of 2048 elements, four runs in each 65,536-element block) against a row shard of the
// same size (one contiguous range), paired and interleaved: each round times both back to back,
// in alternating order, on the same shard index (0..7 in turn); the ratio is the median of the
// rounds' ratios. Then what explains it: the cost of advancing a block's lanes to a run's start
// (skip), per element, relative to generating one, and the ratios that skip cost predicts for the
// plan the library makes with the v1 kernels and for a kernel that kept the lanes' state from one
// run to the next of the same block.
// `node bench/slices.mjs [--rounds N]` (against the built package: npm run build first)
import * as nn from 'nninit';

const at = process.argv.indexOf('--rounds');
const rounds = at > 0 ? Number(process.argv[at + 1]) : 16;
const shape = [4096, 16384];
const count = 8;
const size = (shape[0] * shape[1]) / count;
const laws = {
  normal: nn.randomNormal({ seed: 1 }),
  uniform: nn.randomUniform({ seed: 1 }),
  'truncated normal': nn.truncatedNormal({ seed: 1 }),
};
const BLOCK = 65_536;
const RUN = shape[1] / count;

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const time = (run) => {
  const t0 = performance.now();
  run();
  return performance.now() - t0;
};

/** Skip cost per element relative to generating one: 64 runs of 2048 at the start of their blocks against at their end. */
function skipCost(init) {
  const out = new Float32Array(RUN);
  const far = BLOCK - RUN;
  const runs = (offset) => () => {
    for (let b = 0; b < 64; b++) init.fill(out, [BLOCK * 64], { start: b * BLOCK + offset });
  };
  const ratios = [];
  for (let r = 0; r < Math.max(9, rounds); r++) {
    const near = time(runs(0));
    ratios.push((time(runs(far)) - near) / near);
  }
  return (median(ratios) * RUN) / far;
}

/**
 * Predicted slice/range ratios for shard i from the skip cost s, as Runtime.fillRuns plans a block
 * (each run advanced from the block's start, or one span through the block, whichever is cheaper),
 * and for a kernel that kept the lanes from one run to the next (skipping each gap, or generating
 * through it when skipping costs more).
 */
function predicted(s, i) {
  const offsets = [0, 1, 2, 3].map((r) => r * shape[1] + i * RUN); // the four runs of a block
  const end = offsets[3] + RUN;
  const runwise = offsets.reduce((sum, o) => sum + RUN + s * o, 0);
  const span = s < 1 ? s * offsets[0] + end - offsets[0] : end;
  const kept = 4 * RUN + Math.min(s, 1) * (end - 4 * RUN);
  return [Math.min(runwise, span) / (4 * RUN), kept / (4 * RUN)];
}

const load = await import('node:os').then((os) =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' '),
);
console.log(`slices: [${shape}] column shard 1/${count} vs row shard (contiguous), ${rounds} rounds, load ${load}`);
console.log('| law | slice / range (median) | min–max | range Mfloat/s | skip cost | v1 model | lanes kept |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const [name, init] of Object.entries(laws)) {
  const out = new Float32Array(size);
  const column = (i) => () => init.fill(out, shape, { slice: nn.shardOf(shape, { axis: 1, index: i, count }) });
  const row = (i) => () => init.fill(out, shape, { slice: nn.shardOf(shape, { axis: 0, index: i, count }) });
  column(0)();
  row(0)();
  const ratios = [];
  const rangeMs = [];
  for (let r = 0; r < rounds; r++) {
    const i = r % count;
    let a, b;
    if (r % 2 === 0) {
      a = time(row(i));
      b = time(column(i));
    } else {
      b = time(column(i));
      a = time(row(i));
    }
    ratios.push(b / a);
    rangeMs.push(a);
  }
  const s = skipCost(init);
  const model = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => predicted(s, i));
  const mean = (k) => model.reduce((sum, m) => sum + m[k], 0) / model.length;
  console.log(
    `| ${name} | ${median(ratios).toFixed(2)}× | ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)} | ` +
      `${(size / median(rangeMs) / 1e3).toFixed(0)} | ${s.toFixed(3)} | ${mean(0).toFixed(2)}× | ${mean(1).toFixed(2)}× |`,
  );
}
console.log(
  'skip cost: per element skipped, relative to one generated. v1 model: the ratio that skip cost predicts for the plan\n' +
    'Runtime.fillRuns makes with the v1 kernels (each run advances its block lanes from the block start, or one span\n' +
    'through the block). lanes kept: the ratio predicted for a kernel that carried the lanes from run to run in a block.',
);
