// The field: other JavaScript random-number libraries, wrapped for the benchmark suite.
//
// - @tensorflow/tfjs on its CPU backend (pure JS): `tf.random*` ops and tfjs-layers initializers,
//   each call materialized with `dataSync()` and its tensor disposed.
// - @stdlib/random-array-uniform and @stdlib/random-array-normal: the `assign` form, which writes
//   into the caller's array (no allocation per call).
// - pure-rand: its xoroshiro128+ generator with its `uniformFloat32` distribution (24-bit floats);
//   normals by Box–Muller on those floats (pure-rand has no normal distribution), truncated
//   normals by the same Box–Muller with values outside ±2σ redrawn.
//
// Every library is imported lazily by `loadField()`, so `--only` runs that skip it never load it.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const TWO_PI = 2 * Math.PI;

/** Installed version of a package, read from its own package.json. */
export function versionOf(name) {
  return require(`${name}/package.json`).version;
}

/**
 * Imports tfjs (CPU backend), stdlib and pure-rand. Returns the handles the suite needs, with the
 * versions actually installed.
 */
export async function loadField() {
  // tfjs prints a one-time hint ("install our node backend") through console.warn on its first op;
  // it says nothing about the figures, so it is kept off the output.
  const warn = console.warn;
  console.warn = (...args) => {
    if (typeof args[0] === 'string' && args[0].includes('tfjs-node')) return;
    warn(...args);
  };
  const tf = await import('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  await tf.ready();
  if (tf.getBackend() !== 'cpu') throw new Error(`tfjs: expected the cpu backend, got ${tf.getBackend()}`);
  const warmup = tf.randomUniform([4]);
  warmup.dataSync();
  warmup.dispose();
  console.warn = warn;

  const stdlibUniform = (await import('@stdlib/random-array-uniform')).default;
  const stdlibNormal = (await import('@stdlib/random-array-normal')).default;
  const { xoroshiro128plus } = await import('pure-rand/generator/xoroshiro128plus');
  const { uniformFloat32 } = await import('pure-rand/distribution/uniformFloat32');

  return {
    tf,
    stdlibUniform,
    stdlibNormal,
    pureRand: { xoroshiro128plus, uniformFloat32 },
    versions: {
      '@tensorflow/tfjs': versionOf('@tensorflow/tfjs'),
      '@stdlib/random-array-uniform': versionOf('@stdlib/random-array-uniform'),
      '@stdlib/random-array-normal': versionOf('@stdlib/random-array-normal'),
      'pure-rand': versionOf('pure-rand'),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// tfjs: one tensor per call, read back with dataSync() (on the CPU backend that is the tensor's
// own Float32Array, no copy), then disposed. `make` returns the tensor.

/** Runs `make()`, reads the values, disposes the tensor; returns the values (valid until reused). */
export function tfValues(tf, make) {
  const t = make();
  try {
    return t.dataSync();
  } finally {
    t.dispose();
  }
}

/** Consumes a tfjs tensor: dataSync(), one number read from both ends, dispose. */
export function tfConsume(tf, make) {
  const t = make();
  const values = t.dataSync();
  const n = values.length;
  const value = values[0] + values[n - 1];
  t.dispose();
  return value;
}

// ---------------------------------------------------------------------------------------------
// pure-rand: xoroshiro128+ and uniformFloat32, called per value as its README shows. The
// generator is mutated in place (pure-rand 7+ generators are mutable; `purify` would copy it).

/** U[minval, maxval) from pure-rand: a + (b − a) · uniformFloat32(rng). */
export function pureRandUniform(pr, rng, out, { minval, maxval }) {
  const { uniformFloat32 } = pr;
  const a = minval;
  const width = maxval - minval;
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = a + width * uniformFloat32(rng);
}

/** N(mean, stddev²) by Box–Muller on pure-rand's uniformFloat32; both values of each pair used. */
export function pureRandNormal(pr, rng, out, { mean, stddev }) {
  const { uniformFloat32 } = pr;
  const n = out.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    // 1 − u lies in (0, 1], so the logarithm is finite.
    const r = stddev * Math.sqrt(-2 * Math.log(1 - uniformFloat32(rng)));
    const theta = TWO_PI * uniformFloat32(rng);
    out[i] = mean + r * Math.cos(theta);
    out[i + 1] = mean + r * Math.sin(theta);
  }
  if (i < n) {
    const r = stddev * Math.sqrt(-2 * Math.log(1 - uniformFloat32(rng)));
    out[i] = mean + r * Math.cos(TWO_PI * uniformFloat32(rng));
  }
}

/** N(mean, stddev²) cut at mean ± 2·stddev: Box–Muller on pure-rand, values outside redrawn. */
export function pureRandTruncatedNormal(pr, rng, out, { mean, stddev }) {
  const { uniformFloat32 } = pr;
  const n = out.length;
  let i = 0;
  while (i < n) {
    const r = Math.sqrt(-2 * Math.log(1 - uniformFloat32(rng)));
    const theta = TWO_PI * uniformFloat32(rng);
    const z0 = r * Math.cos(theta);
    const z1 = r * Math.sin(theta);
    if (z0 > -2 && z0 < 2) out[i++] = mean + stddev * z0;
    if (i < n && z1 > -2 && z1 < 2) out[i++] = mean + stddev * z1;
  }
}
