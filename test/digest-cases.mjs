// Fixed-seed outputs whose SHA-256 digests pin stream contract v1 (test/stream-v1.digests.json).
// Shared by test/digests.test.ts and scripts/pin-digests.mjs; takes the package namespace so the
// same cases run against src/ (tests) or the built package (the pinning script).

/** @param {typeof import('../src/index.js')} nn */
export function digestCases(nn) {
  const conv = [3, 3, 64, 128];
  const far = { start: 2 ** 40 - 3000, end: 2 ** 40 - 1000 };
  return {
    zeros: () => nn.zeros().sample(conv),
    ones: () => nn.ones().sample(conv),
    'constant(0.1)': () => nn.constant({ value: 0.1 }).sample([1000]),
    'randomUniform(seed 42)': () => nn.randomUniform({ seed: 42 }).sample(conv),
    'randomUniform(0, 1, seed 0)': () => nn.randomUniform({ minval: 0, maxval: 1, seed: 0 }).sample([1001]),
    'randomUniform(seed 2^64-1) far range': () => nn.randomUniform({ seed: 2n ** 64n - 1n }).sample([2 ** 40], far),
    'randomNormal(seed 42)': () => nn.randomNormal({ seed: 42 }).sample(conv),
    'randomNormal(mean 1, stddev 2, seed 7) far range': () =>
      nn.randomNormal({ mean: 1, stddev: 2, seed: 7 }).sample([2 ** 40], far),
    'truncatedNormal(seed 42)': () => nn.truncatedNormal({ seed: 42 }).sample(conv),
    'truncatedNormal(mean -3, stddev 0.5, seed 9) far range': () =>
      nn.truncatedNormal({ mean: -3, stddev: 0.5, seed: 9 }).sample([2 ** 40], far),
    'varianceScaling(2, fan_out, untruncated_normal, seed 1)': () =>
      nn.varianceScaling({ scale: 2, mode: 'fan_out', distribution: 'untruncated_normal', seed: 1 }).sample(conv),
    'varianceScaling(0.5, fan_avg, uniform, seed 1)': () =>
      nn.varianceScaling({ scale: 0.5, mode: 'fan_avg', distribution: 'uniform', seed: 1 }).sample(conv),
    'varianceScaling(defaults, seed 1)': () => nn.varianceScaling({ seed: 1 }).sample(conv),
    'glorotUniform(seed 1)': () => nn.glorotUniform({ seed: 1 }).sample(conv),
    'glorotNormal(seed 1)': () => nn.glorotNormal({ seed: 1 }).sample(conv),
    'heUniform(seed 1)': () => nn.heUniform({ seed: 1 }).sample([784, 256]),
    'heNormal(seed 1)': () => nn.heNormal({ seed: 1 }).sample([784, 256]),
    'lecunUniform(seed 1)': () => nn.lecunUniform({ seed: 1 }).sample([784, 256]),
    'lecunNormal(seed 1)': () => nn.lecunNormal({ seed: 1 }).sample([784, 256]),
    'glorotUniform(SeedGenerator 5) third call': () => {
      const init = nn.glorotUniform({ seed: new nn.SeedGenerator(5) });
      init.sample([10, 10]);
      init.sample([10, 10]);
      return init.sample([300, 200]);
    },
    'glorotNormal(seed 1) float16': () => nn.glorotNormal({ seed: 1 }).sample(conv, { dtype: 'float16' }),
    'truncatedNormal(mean 1, stddev 0.01, seed 2) bfloat16': () =>
      nn.truncatedNormal({ mean: 1, stddev: 0.01, seed: 2 }).sample([100_000], { dtype: 'bfloat16' }),
    'randomUniform(seed 3) float16 far range': () =>
      nn.randomUniform({ seed: 3 }).sample([2 ** 40], { ...far, dtype: 'float16' }),
    'heNormal(seed 4) float64': () => nn.heNormal({ seed: 4 }).sample([784, 256], { dtype: 'float64' }),
    'Xoshiro128.fromSeed(123) first 4096 words': () => nn.Xoshiro128.fromSeed(123).fillU32(new Uint32Array(4096)),
  };
}

/** Lower-case hex SHA-256 of a typed array's bytes (Web Crypto: the same in Node and browsers). */
export async function sha256(array) {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
