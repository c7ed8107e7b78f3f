// Fixed-seed outputs whose SHA-256 digests pin stream contract v2 (test/stream-v2.digests.json).
// Shared by test/digests.test.ts and scripts/pin-digests.mjs; takes the package namespaces (the
// main entry, nninit/torch and nninit/jax) so the same cases run against src/ (tests) or the built
// package (the pinning script).

/**
 * @param {typeof import('../../src/index.js')} nn
 * @param {typeof import('../../src/torch.js')} torch
 * @param {typeof import('../../src/jax.js')} jax
 */
export function digestCases(nn, torch, jax) {
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
    // Structured initializers (stream-format §7) and the PyTorch / JAX conventions.
    'orthogonal(seed 1) [3, 3, 4, 8]': () => nn.orthogonal({ seed: 1 }).sample([3, 3, 4, 8]),
    'orthogonal(gain 2, seed 2) [64, 200]': () => nn.orthogonal({ gain: 2, seed: 2 }).sample([64, 200]),
    'orthogonal(seed 3) [256, 256]': () => nn.orthogonal({ seed: 3 }).sample([256, 256]),
    'identity(gain 0.5) [5, 7]': () => nn.identity({ gain: 0.5 }).sample([5, 7]),
    'glorotUniform(depthwise, seed 1) [3, 3, 32, 2]': () =>
      nn.glorotUniform({ depthwise: true, seed: 1 }).sample([3, 3, 32, 2]),
    'torch.uniform(-1, 2, seed 1)': () => torch.uniform({ a: -1, b: 2, seed: 1 }).sample([1000]),
    'torch.normal(1, 2, seed 1)': () => torch.normal({ mean: 1, std: 2, seed: 1 }).sample([1000]),
    'torch.truncNormal(defaults, seed 1)': () => torch.truncNormal({ seed: 1 }).sample([4096]),
    'torch.truncNormal(3, 4, seed 1) tail': () => torch.truncNormal({ a: 3, b: 4, seed: 1 }).sample([4096]),
    'torch.truncNormal(3, 4, seed 1) far range': () =>
      torch.truncNormal({ a: 3, b: 4, seed: 1 }).sample([2 ** 40], { start: 2 ** 40 - 3000, end: 2 ** 40 - 1000 }),
    'torch.xavierNormal(gain 2, seed 1) [64, 32, 3, 3]': () =>
      torch.xavierNormal({ gain: 2, seed: 1 }).sample([64, 32, 3, 3]),
    'torch.kaimingUniform(defaults, seed 1) [64, 32, 3, 3]': () =>
      torch.kaimingUniform({ seed: 1 }).sample([64, 32, 3, 3]),
    'torch.kaimingNormal(fan_out, relu, groups 32, seed 1) [64, 1, 3, 3]': () =>
      torch.kaimingNormal({ mode: 'fan_out', nonlinearity: 'relu', groups: 32, seed: 1 }).sample([64, 1, 3, 3]),
    'torch.defaultWeight(seed 1) [10, 40]': () => torch.defaultWeight({ seed: 1 }).sample([10, 40]),
    'torch.orthogonal(seed 1) [8, 4, 3, 3]': () => torch.orthogonal({ seed: 1 }).sample([8, 4, 3, 3]),
    'torch.sparse(0.3, 0.01, seed 1) [40, 30]': () => torch.sparse({ sparsity: 0.3, seed: 1 }).sample([40, 30]),
    'torch.dirac(groups 2) [4, 2, 3, 3]': () => torch.dirac({ groups: 2 }).sample([4, 2, 3, 3]),
    'torch.eye [3, 5]': () => torch.eye().sample([3, 5]),
    'jax.uniform(0.5, seed 1)': () => jax.uniform(0.5, { seed: 1 }).sample([1000]),
    'jax.truncatedNormal(1, -1, 3, seed 1)': () => jax.truncatedNormal(1, -1, 3, { seed: 1 }).sample([4096]),
    'jax.varianceScaling(2, fan_geo_avg, normal, seed 1) [3, 3, 16, 32]': () =>
      jax.varianceScaling(2, 'fan_geo_avg', 'normal', { seed: 1 }).sample([3, 3, 16, 32]),
    'jax.heNormal(batchAxis 0, seed 1) [4, 30, 20]': () => jax.heNormal({ batchAxis: 0, seed: 1 }).sample([4, 30, 20]),
    'jax.orthogonal(1.5, 0, seed 1) [6, 5, 4]': () => jax.orthogonal(1.5, 0, { seed: 1 }).sample([6, 5, 4]),
    'jax.deltaOrthogonal(1, -1, seed 1) [4, 4, 8, 16]': () =>
      jax.deltaOrthogonal(1, -1, { seed: 1 }).sample([4, 4, 8, 16]),
  };
}

/** Lower-case hex SHA-256 of a typed array's bytes (Web Crypto: the same in Node and browsers). */
export async function sha256(array) {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
