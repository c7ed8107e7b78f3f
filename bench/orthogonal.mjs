// Orthogonal initializer speed: nninit (Householder QR in wasm, float64) against numpy's
// np.linalg.qr on the same shape (timed inside Python, so process start-up is excluded) and
// tfjs-layers' orthogonal initializer (the CPU backend; 64×64 and 256×256 only: it takes seconds).
//
//   npm run build && node bench/orthogonal.mjs [--python /usr/bin/python3] [--no-tfjs] [--no-2048]
//
// Writes bench/results/orthogonal-latest.md (and prints it). The numpy column uses the Python
// given with --python (default /usr/bin/python3, Debian's python3-numpy, whose LAPACK is the
// reference implementation); set OPENBLAS_CORETYPE for an OpenBLAS build (see the notes below).

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { orthogonal, ready } from 'nninit';

const { values: args } = parseArgs({
  options: {
    python: { type: 'string', default: '/usr/bin/python3' },
    'no-tfjs': { type: 'boolean', default: false },
    'no-2048': { type: 'boolean', default: false },
  },
});

await ready();

const SIZES = args['no-2048'] ? [64, 256, 512, 1024] : [64, 256, 512, 1024, 2048];

/** Best and median of `runs` timings (ms) after `warmup` untimed calls. */
function time(fn, runs, warmup = 1) {
  for (let i = 0; i < warmup; i++) fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { best: times[0], median: times[Math.floor(times.length / 2)], runs };
}

const runsFor = (n) => (n <= 64 ? 200 : n <= 256 ? 30 : n <= 512 ? 10 : n <= 1024 ? 5 : 1);

// ---- nninit
const nninit = {};
for (const n of SIZES) {
  const init = orthogonal({ seed: 1 });
  nninit[n] = time(() => init.sample([n, n]), runsFor(n), n >= 2048 ? 0 : 1);
  console.error(`nninit ${n}×${n}: best ${nninit[n].best.toFixed(2)} ms`);
}

// ---- numpy
const PY = `
import sys, time, json
import numpy as np
out = {}
for n in [int(x) for x in sys.argv[1:]]:
    a = np.random.default_rng(0).standard_normal((n, n))
    runs = 200 if n <= 64 else 30 if n <= 256 else 10 if n <= 512 else 5 if n <= 1024 else 1
    np.linalg.qr(a)
    times = []
    for _ in range(runs):
        t = time.perf_counter(); q, r = np.linalg.qr(a); times.append((time.perf_counter() - t) * 1000)
    times.sort()
    out[n] = {'best': times[0], 'median': times[len(times) // 2], 'runs': runs}
print(json.dumps({'version': np.__version__, 'results': out}))
`;
let numpy = null;
try {
  const printed = execFileSync(args.python, ['-c', PY, ...SIZES.map(String)], { encoding: 'utf8', env: process.env });
  numpy = JSON.parse(printed);
  console.error(`numpy ${numpy.version} (${args.python}): done`);
} catch (error) {
  console.error(`numpy: skipped (${error.message.split('\n')[0]})`);
}

// ---- tfjs-layers
let tfjs = null;
if (!args['no-tfjs']) {
  try {
    const tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    const originalWarn = console.warn;
    console.warn = () => {}; // tfjs warns "Orthogonal initializer is being called on a matrix with more than 2000 ..."
    tfjs = { version: tf.version.tfjs, backend: tf.getBackend(), results: {} };
    for (const n of [64, 256]) {
      const init = tf.initializers.orthogonal({ seed: 1 });
      tfjs.results[n] = time(
        () => {
          const t = init.apply([n, n]);
          t.dataSync();
          t.dispose();
        },
        n <= 64 ? 3 : 1,
        n <= 64 ? 1 : 0,
      );
      console.error(`tfjs ${n}×${n}: best ${tfjs.results[n].best.toFixed(0)} ms`);
    }
    console.warn = originalWarn;
  } catch (error) {
    console.error(`tfjs: skipped (${error.message.split('\n')[0]})`);
  }
}

// ---- report
const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const lines = [];
lines.push(`# Orthogonal initializer: nninit vs numpy QR vs tfjs-layers`);
lines.push('');
lines.push(
  `${cpu}, ${os.cpus().length} cores; Node ${process.version}; ${new Date().toISOString()}. ` +
    `Square n×n, single call, best (median) of the stated runs, milliseconds. ` +
    `nninit: \`orthogonal({ seed: 1 }).sample([n, n])\` — normal stream, Householder QR and Q in float64, ` +
    `sign fix, float32 out. numpy: \`np.linalg.qr(a)\` (reduced Q and R) on a float64 matrix already in memory` +
    (numpy
      ? ` (numpy ${numpy.version}, \`${args.python}\`${process.env.OPENBLAS_CORETYPE ? `, OPENBLAS_CORETYPE=${process.env.OPENBLAS_CORETYPE}` : ''})`
      : '') +
    `. tfjs: \`tf.initializers.orthogonal({ seed: 1 }).apply([n, n])\` + \`dataSync()\`` +
    (tfjs ? ` (@tensorflow/tfjs ${tfjs.version}, ${tfjs.backend} backend)` : '') +
    `.`,
);
lines.push('');
lines.push('| n | nninit (ms) | numpy QR (ms) | numpy / nninit | tfjs-layers (ms) | tfjs / nninit |');
lines.push('| ---: | ---: | ---: | ---: | ---: | ---: |');
for (const n of SIZES) {
  const ours = nninit[n];
  const np = numpy?.results[n];
  const tf = tfjs?.results[n];
  lines.push(
    `| ${n} | ${fmt(ours.best)} (${fmt(ours.median)}, ${ours.runs} runs) | ` +
      (np
        ? `${fmt(np.best)} (${fmt(np.median)}, ${np.runs} runs) | ${(np.best / ours.best).toFixed(2)}× | `
        : '— | — | ') +
      (tf
        ? `${fmt(tf.best)} (${tf.runs} run${tf.runs > 1 ? 's' : ''}) | ${(tf.best / ours.best).toFixed(0)}× |`
        : '— | — |'),
  );
}
lines.push('');
lines.push(
  "Ratios above 1 mean nninit is faster. nninit runs single-threaded; numpy's LAPACK may use several threads " +
    "(OpenBLAS builds do; Debian's reference LAPACK does not).",
);
const report = lines.join('\n') + '\n';
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/orthogonal-latest.md', import.meta.url), report);
process.stdout.write(report);
