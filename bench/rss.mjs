// Peak resident set size of one 2^24-element fill, measured in a fresh process.
//
//   node --expose-gc bench/rss.mjs <mode> [law]
//
// Prints one JSON line: { mode, law, n, maxRssBytes, vmHwmBytes, value }: maxRssBytes is
// process.resourceUsage().maxRSS (getrusage ru_maxrss, KiB → bytes) and vmHwmBytes the VmHWM line
// of /proc/self/status (Linux). Caution: Linux carries ru_maxrss across fork + exec, so a process
// spawned straight from a big parent reports the parent's RSS; run.mjs therefore starts this file
// through /bin/sh, which forks it from a small process, and checks that both figures agree.
// Modes:
//   bare          nothing: the RSS of a bare `node` process running this file (the reference)
//   touch         allocates the 2^24-float output (64 MiB) and writes every element: the output alone
//   import        imports nninit and awaits ready(), no output: the package's own footprint
//   fill          nninit: out = new Float32Array(2^24); init.fill(out, [2^24])
//   sample        nninit: init.sample([2^24]) (a fresh array)
//   sampleInWasm  nninit: init.sampleInWasm([2^24]), the output lives in WebAssembly memory
//   fillAsync     nninit, threads 'auto' (only if the build has fillAsync)
// law: uniform | normal | truncatedNormal (default normal).
//
// bench/run.mjs spawns one process per (mode, law) and reports each peak minus `bare`'s, against
// the budget: the output (64 MiB) + 32 MiB.

import { readFileSync } from 'node:fs';

const mode = process.argv[2] ?? 'bare';
const law = process.argv[3] ?? 'normal';
const N = 2 ** 24;
const SEED = 20240229;

/** VmHWM (peak RSS of this process's address space) from /proc/self/status, in bytes; null elsewhere. */
function vmHwmBytes() {
  try {
    const m = readFileSync('/proc/self/status', 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

function report(value) {
  globalThis.gc?.();
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ mode, law, n: N, maxRssBytes, vmHwmBytes: vmHwmBytes(), value }));
}

if (mode === 'bare') {
  report(0);
} else if (mode === 'touch') {
  const out = new Float32Array(N);
  for (let i = 0; i < N; i++) out[i] = i;
  report(out[0] + out[N - 1]);
} else {
  const nninit = await import('nninit');
  await nninit.ready();
  const make = {
    uniform: () => nninit.randomUniform({ minval: -0.05, maxval: 0.05, seed: SEED }),
    normal: () => nninit.randomNormal({ mean: 0, stddev: 0.05, seed: SEED }),
    truncatedNormal: () => nninit.truncatedNormal({ mean: 0, stddev: 0.05, seed: SEED }),
  }[law];
  if (!make) throw new Error(`rss.mjs: unknown law ${law}`);
  const init = make();
  const shape = [N];
  if (mode === 'import') {
    report(0);
  } else if (mode === 'fill') {
    const out = new Float32Array(N);
    init.fill(out, shape);
    report(out[0] + out[N - 1]);
  } else if (mode === 'sample') {
    const out = init.sample(shape);
    report(out[0] + out[N - 1]);
  } else if (mode === 'sampleInWasm') {
    const tensor = init.sampleInWasm(shape);
    const view = tensor.array;
    const value = view[0] + view[N - 1];
    report(value);
    tensor.dispose();
  } else if (mode === 'fillAsync') {
    const fillAsync =
      typeof init.fillAsync === 'function'
        ? (out) => init.fillAsync(out, shape, { threads: 'auto' })
        : typeof nninit.fillAsync === 'function'
          ? (out) => nninit.fillAsync(init, out, shape, { threads: 'auto' })
          : null;
    if (!fillAsync) {
      console.log(JSON.stringify({ mode, law, n: N, unavailable: true }));
    } else {
      const out = new Float32Array(N);
      await fillAsync(out);
      report(out[0] + out[N - 1]);
    }
    await nninit.terminate?.();
  } else {
    throw new Error(`rss.mjs: unknown mode ${mode}`);
  }
}
