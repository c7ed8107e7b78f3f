// Stream format v2's normal laws at n = 10^7 (fixed seeds): Kolmogorov–Smirnov and Pearson χ² at
// α = 0.001, and the frequencies beyond 3σ and 4σ (where Marsaglia's tail method draws) within 5
// binomial standard errors; and the Ziggurat tables the kernels carry, against the reference's.
// Node only: the kernels are bit-identical in browsers (digests), and 10^7 samples take a while.
import { describe, expect, it } from 'vitest';
import { randomNormal, truncatedNormal } from '../src/index.js';
import * as torch from '../src/torch.js';
import { chiSquareQuantile, ALPHA, erfc, ksCritical, normalCdf, truncatedLaw, upperTail, Z } from './helpers/stats.js';
import { TABLES } from './ziggurat-reference.js';
import { wasm } from '../src/bridge/runtime.js';
import type { WasmGlobal } from '../src/bridge/wasm-types.js';

const N = 10_000_000;

/** Bins of width 2^-14 over [−9, 9): every value lies inside (the reach is 8.21σ) and lands in its bin exactly. */
const BIN = 2 ** -14;
const LOW = -9;
const BINS = 18 / BIN;

function histogram(values: Float32Array): Float64Array {
  const counts = new Float64Array(BINS);
  for (const x of values) counts[Math.floor((x - LOW) / BIN)]!++;
  return counts;
}

/**
 * sup |F_n − F|, bounded above from the histogram: exact at the bin edges, and between two edges
 * neither F_n nor F moves by more than the bin's mass, so D ≤ max over edges + max bin mass.
 */
function ksBound(counts: Float64Array, cdf: (x: number) => number): number {
  let below = 0;
  let d = 0;
  let widest = 0;
  let previous = cdf(LOW);
  for (let i = 0; i < BINS; i++) {
    d = Math.max(d, Math.abs(below / N - previous));
    below += counts[i]!;
    const next = cdf(LOW + (i + 1) * BIN);
    widest = Math.max(widest, next - previous);
    previous = next;
  }
  return d + widest;
}

/** Pearson χ² on bins of `width` over [from, to), plus the two outer bins; and its critical value at ALPHA. */
function chiSquare(counts: Float64Array, cdf: (x: number) => number, from: number, to: number, width: number) {
  const edges: number[] = [];
  for (let x = from; x <= to; x += width) edges.push(x);
  let statistic = 0;
  let minExpected = Infinity;
  let bin = 0;
  let previous = 0;
  for (let e = 0; e <= edges.length; e++) {
    const edge = e < edges.length ? edges[e]! : 9;
    let observed = 0;
    for (; bin < BINS && LOW + bin * BIN < edge; bin++) observed += counts[bin]!;
    const next = e < edges.length ? cdf(edge) : 1;
    const expected = N * (next - previous);
    previous = next;
    if (expected === 0) continue; // bins outside a truncated law's support: nothing there, nothing expected
    minExpected = Math.min(minExpected, expected);
    statistic += (observed - expected) ** 2 / expected;
  }
  const bins = edges.length + 1;
  return { statistic, critical: chiSquareQuantile(1 - ALPHA, bins - 1), minExpected, bins };
}

/** Counts beyond ±t, within Z binomial standard errors of N·p each side. */
function expectTails(values: Float32Array, t: number, p: number): void {
  let above = 0;
  let below = 0;
  for (const x of values) {
    if (x > t) above++;
    else if (x < -t) below++;
  }
  const tolerance = Z * Math.sqrt(N * p * (1 - p));
  expect(Math.abs(above - N * p), `beyond +${t}: ${above}, expected ${N * p}`).toBeLessThan(tolerance);
  expect(Math.abs(below - N * p), `beyond −${t}: ${below}, expected ${N * p}`).toBeLessThan(tolerance);
}

describe('the normal N(0, 1), 10^7 samples', () => {
  const values = randomNormal({ mean: 0, stddev: 1, seed: 20_240_229 }).sample([N]);
  const counts = histogram(values);

  it('Kolmogorov–Smirnov, α = 0.001', () => {
    expect(ksBound(counts, normalCdf)).toBeLessThan(ksCritical(N));
  });

  it('Pearson χ² on 146 bins of width 1/16 (tails beyond ±4.5 pooled), α = 0.001', () => {
    const result = chiSquare(counts, normalCdf, -4.5, 4.5, 1 / 16);
    expect(result.minExpected).toBeGreaterThanOrEqual(5);
    expect(result.statistic).toBeLessThan(result.critical);
  });

  it('frequencies beyond ±3σ and ±4σ', () => {
    expectTails(values, 3, upperTail(3));
    expectTails(values, 4, upperTail(4));
  });
});

describe('the truncated normal, 10^7 samples', () => {
  it('Keras ±2σ: Kolmogorov–Smirnov and χ² on 128 bins, α = 0.001', () => {
    const values = truncatedNormal({ mean: 0, stddev: 1, seed: 7 }).sample([N]);
    const law = truncatedLaw(0, 1, -2, 2);
    const counts = histogram(values);
    expect(ksBound(counts, law.cdf)).toBeLessThan(ksCritical(N));
    const result = chiSquare(counts, law.cdf, -2, 2, 1 / 32);
    expect(result.minExpected).toBeGreaterThanOrEqual(5);
    expect(result.statistic).toBeLessThan(result.critical);
  });

  it('PyTorch trunc_normal_ on (−5, 5): frequencies beyond ±3σ and ±4σ, and Kolmogorov–Smirnov', () => {
    const values = torch.truncNormal({ mean: 0, std: 1, a: -5, b: 5, seed: 8 }).sample([N]);
    const law = truncatedLaw(0, 1, -5, 5);
    expectTails(values, 3, (upperTail(3) - upperTail(5)) / law.mass);
    expectTails(values, 4, (upperTail(4) - upperTail(5)) / law.mass);
    expect(ksBound(histogram(values), law.cdf)).toBeLessThan(ksCritical(N));
  });
});

describe('the Ziggurat tables (assembly/ziggurat-tables.ts)', () => {
  it('X[0..256] and F[0..256], computed by the module as it starts, are the reference’s, computed in float64 and rounded to float32', () => {
    const runtime = wasm();
    const table = (address: WasmGlobal): number[] => Array.from(runtime.f32(Number(address.value), 257));
    expect(table(runtime.kernels.ZIGGURAT_X)).toEqual(TABLES.x);
    expect(table(runtime.kernels.ZIGGURAT_F)).toEqual(TABLES.f);
  });

  it('the layers have equal area v, to the float32 rounding of their corners, and the fast path accepts 98.5%', () => {
    const { x } = TABLES;
    const f = (t: number): number => Math.exp(-0.5 * t * t);
    const v = x[1]! * f(x[1]!) + Math.sqrt(Math.PI / 2) * erfc(x[1]! / Math.SQRT2);
    const half = 2 ** -24; // a float32 corner lies within 2^-24 (relative) of its float64 original
    for (let i = 1; i < 256; i++) {
      const area = x[i]! * (f(x[i + 1]!) - f(x[i]!));
      // First order in the corners' roundings (f′(t) = −t·f(t)); this is the density's error, up to 2e-5.
      const bound = 2 * half * (area + x[i]! * (x[i + 1]! ** 2 * f(x[i + 1]!) + x[i]! ** 2 * f(x[i]!)));
      expect(Math.abs(area - v), `layer ${i}`).toBeLessThan(bound);
      expect(Math.abs(area - v) / v, `layer ${i}`).toBeLessThan(2e-5);
    }
    let accept = 0;
    for (let i = 0; i < 256; i++) accept += x[i + 1]! / x[i]! / 256;
    expect(accept).toBeCloseTo(0.98508, 4);
  });
});
