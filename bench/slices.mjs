// Slices against contiguous ranges: a column shard (1/8) of a [4096, 16384] matrix (`slice`:
// 4096 runs of 2048 elements) against a row shard of the same size (one contiguous range), paired
// and interleaved: each round times both back to back, in alternating order, on the same shard
// index (0..7 in turn); the ratio is the median of the rounds' ratios. What a slice costs follows
// from the block geometry (docs/stream-format.md §2): the normal laws' 2048-element blocks hold
// whole runs of this shard, while a uniform run starts inside a 65,536-element block, whose lanes
// are advanced to it.
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
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const time = (run) => {
  const t0 = performance.now();
  run();
  return performance.now() - t0;
};

const load = await import('node:os').then((os) =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' '),
);
console.log(`slices: [${shape}] column shard 1/${count} vs row shard (contiguous), ${rounds} rounds, load ${load}`);
console.log('| law | slice / range (median) | min–max | range Mfloat/s |');
console.log('| --- | ---: | ---: | ---: |');
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
  console.log(
    `| ${name} | ${median(ratios).toFixed(2)}× | ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)} | ` +
      `${(size / median(rangeMs) / 1e3).toFixed(0)} |`,
  );
}
