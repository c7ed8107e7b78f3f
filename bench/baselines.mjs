// Pure-JavaScript baselines for the benchmark suite. Each is `(out, params) => void` and writes
// out.length values into the caller's Float32Array.
//
// Baseline 1 (the reference for every ratio) is what a JS codebase typically does: Math.random,
// Box–Muller on Math.random (both values of each pair used), and Box–Muller plus rejection.
// Baseline 2 is a careful hand-written generator: xoshiro128** (Blackman & Vigna, 2018) with
// 32-bit integer arithmetic, 24-bit floats (x >>> 8) * 2^-24, and the Marsaglia polar method.

const TWO_PI = 2 * Math.PI;
const TWO_POW_M24 = 2 ** -24;

// ---------------------------------------------------------------------------------------------
// Baseline 1: Math.random.

/** U[minval, maxval): out[i] = a + (b − a) · Math.random(). */
export function mathRandomUniform(out, { minval, maxval }) {
  const a = minval;
  const width = maxval - minval;
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = a + width * Math.random();
}

/** N(mean, stddev²) by Box–Muller on Math.random; both values of each pair are used. */
export function mathRandomNormal(out, { mean, stddev }) {
  const n = out.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    // 1 − u lies in (0, 1], so the logarithm is finite.
    const r = stddev * Math.sqrt(-2 * Math.log(1 - Math.random()));
    const theta = TWO_PI * Math.random();
    out[i] = mean + r * Math.cos(theta);
    out[i + 1] = mean + r * Math.sin(theta);
  }
  if (i < n) {
    const r = stddev * Math.sqrt(-2 * Math.log(1 - Math.random()));
    out[i] = mean + r * Math.cos(TWO_PI * Math.random());
  }
}

/** N(mean, stddev²) cut at mean ± 2·stddev: Box–Muller on Math.random, values outside redrawn. */
export function mathRandomTruncatedNormal(out, { mean, stddev }) {
  const n = out.length;
  let i = 0;
  while (i < n) {
    const r = Math.sqrt(-2 * Math.log(1 - Math.random()));
    const theta = TWO_PI * Math.random();
    const z0 = r * Math.cos(theta);
    const z1 = r * Math.sin(theta);
    if (z0 > -2 && z0 < 2) out[i++] = mean + stddev * z0;
    if (i < n && z1 > -2 && z1 < 2) out[i++] = mean + stddev * z1;
  }
}

// ---------------------------------------------------------------------------------------------
// Baseline 2: xoshiro128** in plain JS.

/** xoshiro128** state, four 32-bit words; never all zero. */
const state = new Uint32Array(4);

/** Seeds the xoshiro128** state from a 32-bit seed through SplitMix32 (never all zero). */
export function seedXoshiro(seed) {
  let x = seed >>> 0;
  for (let k = 0; k < 4; k++) {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    state[k] = z ^ (z >>> 16);
  }
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1;
}

seedXoshiro(0x2545f491);

/** Sets the xoshiro128** state to four 32-bit words (as the reference s[0..3]). */
export function setXoshiroState(words) {
  for (let k = 0; k < 4; k++) state[k] = words[k];
}

/** One xoshiro128** output (a uint32), for tests against the reference sequence. */
export function xoshiroNext() {
  let s0 = state[0];
  let s1 = state[1];
  let s2 = state[2];
  let s3 = state[3];
  const m = Math.imul(s1, 5);
  const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = (s3 << 11) | (s3 >>> 21);
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
  return result;
}

// The fill loops below keep the state in locals (so V8 holds it in registers) and write the
// xoshiro128** step out inline: result = rotl(s1 · 5, 7) · 9, then the xorshift/rotate update.

/** U[minval, maxval) from xoshiro128**: a + (b − a) · (x >>> 8) · 2^-24. */
export function xoshiroUniform(out, { minval, maxval }) {
  const a = minval;
  const width = (maxval - minval) * TWO_POW_M24;
  const n = out.length;
  let s0 = state[0] | 0;
  let s1 = state[1] | 0;
  let s2 = state[2] | 0;
  let s3 = state[3] | 0;
  for (let i = 0; i < n; i++) {
    const m = Math.imul(s1, 5);
    const x = Math.imul((m << 7) | (m >>> 25), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    out[i] = a + width * (x >>> 8);
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
}

/**
 * Fills `out` with mean + stddev·z for standard normals z (with `cut` > 0, only those strictly
 * inside (−cut, cut); the others are redrawn): the Marsaglia polar method on xoshiro128**, both
 * values of each accepted pair used.
 */
function xoshiroPolar(out, mean, stddev, cut) {
  const n = out.length;
  const limit = cut > 0 ? cut : Infinity;
  let s0 = state[0] | 0;
  let s1 = state[1] | 0;
  let s2 = state[2] | 0;
  let s3 = state[3] | 0;
  let i = 0;
  while (i < n) {
    // u, v uniform on (−1, 1) from two 24-bit draws: (2k + 1 − 2^24) · 2^-24 is never ±1.
    let m = Math.imul(s1, 5);
    let x = Math.imul((m << 7) | (m >>> 25), 9);
    let t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const u = (2 * (x >>> 8) + 1 - 16777216) * TWO_POW_M24;
    m = Math.imul(s1, 5);
    x = Math.imul((m << 7) | (m >>> 25), 9);
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const v = (2 * (x >>> 8) + 1 - 16777216) * TWO_POW_M24;
    const s = u * u + v * v;
    if (s >= 1) continue;
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    const z0 = u * f;
    const z1 = v * f;
    if (z0 > -limit && z0 < limit) out[i++] = mean + stddev * z0;
    if (i < n && z1 > -limit && z1 < limit) out[i++] = mean + stddev * z1;
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
}

/** N(mean, stddev²) by the Marsaglia polar method on xoshiro128**. */
export function xoshiroNormal(out, { mean, stddev }) {
  xoshiroPolar(out, mean, stddev, 0);
}

/** N(mean, stddev²) cut at mean ± 2·stddev: the polar method on xoshiro128**, values outside redrawn. */
export function xoshiroTruncatedNormal(out, { mean, stddev }) {
  xoshiroPolar(out, mean, stddev, 2);
}
