// Threaded fills against the single-thread fill, for the 'auto' threshold and the speed-up at
// 2^24. Prints Mfloat/s, the speed-up and the process's CPU/wall ratio (≈ 1.0 means a neighbour
// held the other core, so the speed-up measured nothing). `node bench/threads.mjs [--quick]`
import { availableParallelism } from 'node:os';
import * as nn from 'nninit';

const quick = process.argv.includes('--quick');
const laws = {
  uniform: nn.randomUniform({ seed: 1 }),
  normal: nn.randomNormal({ seed: 1 }),
  'truncated normal': nn.truncatedNormal({ seed: 1 }),
};

/** Median wall time (ms) of `run` and the CPU/wall ratio over all repetitions. */
async function measure(run, repetitions) {
  await run();
  const times = [];
  let cpu = 0;
  let wall = 0;
  for (let i = 0; i < repetitions; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await run();
    const dt = performance.now() - t0;
    const c = process.cpuUsage(c0);
    times.push(dt);
    wall += dt;
    cpu += (c.user + c.system) / 1000;
  }
  times.sort((a, b) => a - b);
  return { ms: times[times.length >> 1], cpuPerWall: cpu / wall };
}

console.log(
  `threads: ${availableParallelism()} hardware threads, Node ${process.version}, ${new Date().toISOString()}`,
);
console.log('| law | size | fill (1 thread) | fillAsync threads: 1 | threads: 2 | × fill | CPU/wall |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
const exponents = quick ? [16, 20, 24] : [14, 16, 17, 18, 19, 20, 22, 24];
for (const [name, init] of Object.entries(laws)) {
  for (const e of exponents) {
    const n = 2 ** e;
    const out = new Float32Array(n);
    const repetitions = Math.max(5, Math.min(200, Math.round(2 ** 26 / n)));
    const single = await measure(() => init.fill(out, [n]), repetitions);
    const one = await measure(() => init.fillAsync(out, [n], { threads: 1 }), repetitions);
    const two = await measure(() => init.fillAsync(out, [n], { threads: 2 }), repetitions);
    const rate = (r) => (n / r.ms / 1e3).toFixed(0);
    console.log(
      `| ${name} | 2^${e} | ${rate(single)} | ${rate(one)} | ${rate(two)} | ${(single.ms / two.ms).toFixed(2)}× | ${two.cpuPerWall.toFixed(2)} |`,
    );
  }
}
await nn.terminate();
