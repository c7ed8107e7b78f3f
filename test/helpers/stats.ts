// Reference math for the statistical tests (statistics.test.ts and those of the structured,
// PyTorch and JAX initializers), independent of the package: erf/erfc, the KS and χ² tests at
// ALPHA, moment bands, and the moments of a normal truncated to an arbitrary interval.
import { expect } from 'vitest';

const SQRT_PI = Math.sqrt(Math.PI);

/** erf(x), 0 ≤ x < 3, by the all-positive series erf x = 2/√π·e^{−x²}·Σ 2ⁿx^{2n+1}/(1·3·…·(2n+1)) (A&S 7.1.6). */
export function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 500; n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return (2 / SQRT_PI) * Math.exp(-x * x) * sum;
}

/** erfc(x), x ≥ 3, by the continued fraction e^{−x²}/√π · 1/(x + ½/(x + 1/(x + 3⁄2/(x + …)))) (A&S 7.1.14), bottom-up. */
export function erfcFraction(x: number): number {
  let f = x;
  for (let k = 200; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / (SQRT_PI * f);
}

export function erf(x: number): number {
  if (x < 0) return -erf(-x);
  return x < 3 ? erfSeries(x) : 1 - erfcFraction(x);
}

export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  return x < 3 ? 1 - erfSeries(x) : erfcFraction(x);
}

/** The standard normal CDF Φ(z) = ½·erfc(−z/√2). */
export const normalCdf = (z: number): number => 0.5 * erfc(-z / Math.SQRT2);
export const normalPdf = (z: number): number => Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI);
/** ln Γ(x), x > 0: Lanczos (g = 7, n = 9), relative error below 1e-15. */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const y = x - 1;
  let a = c[0]!;
  for (let i = 1; i < 9; i++) a += c[i]! / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The regularized lower incomplete gamma P(a, x): series below a + 1, Lentz's continued fraction for Q above. */
function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const prefactor = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return sum * prefactor;
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 - prefactor * h;
}

/** The p-quantile of χ² with df degrees of freedom, by bisection on P(df/2, x/2). */
export function chiSquareQuantile(p: number, df: number): number {
  let lo = 0;
  let hi = df + 100 * Math.sqrt(2 * df) + 100;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (gammaP(df / 2, mid / 2) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Significance level of every goodness-of-fit test in this file. */
export const ALPHA = 0.001;
/** Moment bands, in standard errors. */
export const Z = 5;

/**
 * Kolmogorov–Smirnov critical value at ALPHA: P(√n·D > k) = 2Σ(−1)^{j−1}e^{−2j²k²} ≈ 2e^{−2k²} (the next
 * term is 2e^{−8k²} ≈ 1e-13 here), so k = √(ln(2/α)/2) = 1.9495 for α = 0.001; the sizes here are ≥ 7e4.
 */
export const ksCritical = (n: number): number => Math.sqrt(Math.log(2 / ALPHA) / 2) / Math.sqrt(n);

/** sup |F_n − F| for sorted values; ties (float32 values repeat) are handled by the two one-sided terms. */
export function ksStatistic(sorted: Float64Array, cdf: (x: number) => number): number {
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]!);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}

/** Pearson's χ² of sorted values on the bins cut by `edges` (plus the two outer bins), and its critical value at ALPHA. */
export function chiSquare(
  sorted: Float64Array,
  edges: readonly number[],
  cdf: (x: number) => number,
): { statistic: number; critical: number; minExpected: number; bins: number } {
  const n = sorted.length;
  const bins = edges.length + 1;
  const counts = new Float64Array(bins);
  let bin = 0;
  for (const x of sorted) {
    while (bin < edges.length && x >= edges[bin]!) bin++;
    counts[bin]!++;
  }
  let statistic = 0;
  let minExpected = Infinity;
  let previous = 0;
  for (let i = 0; i < bins; i++) {
    const next = i < edges.length ? cdf(edges[i]!) : 1;
    const expected = n * (next - previous);
    previous = next;
    minExpected = Math.min(minExpected, expected);
    statistic += (counts[i]! - expected) ** 2 / expected;
  }
  return { statistic, critical: chiSquareQuantile(1 - ALPHA, bins - 1), minExpected, bins };
}

export function moments(values: ArrayLike<number>): { mean: number; variance: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i]! - mean) ** 2;
  return { mean, variance: squares / (values.length - 1) };
}

/**
 * Mean and variance within Z standard errors: σ/√n for the mean, σ²·√((κ − 1)/n) for the variance
 * (κ the law's kurtosis). A law with std 0 must give exactly its mean everywhere.
 */
export function expectMoments(
  values: ArrayLike<number>,
  mean: number,
  std: number,
  kurtosis: number,
  label = '',
): void {
  const n = values.length;
  if (std === 0) {
    for (let i = 0; i < n; i++) expect(values[i], `${label} value ${i}`).toBe(mean);
    return;
  }
  const sample = moments(values);
  expect(Math.abs(sample.mean - mean), `${label} mean ${sample.mean} vs ${mean}`).toBeLessThan(
    (Z * std) / Math.sqrt(n),
  );
  expect(Math.abs(sample.variance - std * std), `${label} std ${Math.sqrt(sample.variance)} vs ${std}`).toBeLessThan(
    Z * std * std * Math.sqrt((kurtosis - 1) / n),
  );
}

/** Upper tail Q(z) = P(Z > z) = ½·erfc(z/√2), accurate in the far tail. */
export const upperTail = (z: number): number => 0.5 * erfc(z / Math.SQRT2);

/**
 * The law of N(mean, σ²) truncated to (a, b): moments from E[X^k] = (k − 1)E[X^{k−2}] +
 * (α^{k−1}φ(α) − β^{k−1}φ(β))/Z for the standard normal on (α, β), and the exact CDF.
 */
export function truncatedLaw(
  mean: number,
  sigma: number,
  a: number,
  b: number,
): { mean: number; std: number; kurtosis: number; mass: number; cdf: (x: number) => number } {
  if (a + b < 2 * mean) {
    // Mirror a left-tail interval to the right, where the upper tails do not cancel.
    const mirrored = truncatedLaw(-mean, sigma, -b, -a);
    return { ...mirrored, mean: -mirrored.mean, cdf: (x: number) => 1 - mirrored.cdf(-x) };
  }
  const alpha = (a - mean) / sigma;
  const beta = (b - mean) / sigma;
  const mass = upperTail(alpha) - upperTail(beta);
  const pa = normalPdf(alpha);
  const pb = normalPdf(beta);
  const m1 = (pa - pb) / mass;
  const m2 = 1 + (alpha * pa - beta * pb) / mass;
  const m3 = 2 * m1 + (alpha ** 2 * pa - beta ** 2 * pb) / mass;
  const m4 = 3 * m2 + (alpha ** 3 * pa - beta ** 3 * pb) / mass;
  const variance = m2 - m1 * m1;
  const central4 = m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * m1 ** 4;
  return {
    mean: mean + sigma * m1,
    std: sigma * Math.sqrt(variance),
    kurtosis: central4 / (variance * variance),
    mass,
    cdf: (x: number) => {
      if (x <= a) return 0;
      if (x >= b) return 1;
      return (upperTail(alpha) - upperTail((x - mean) / sigma)) / mass;
    },
  };
}

/** KS at α = 0.001 and the moments, for values against a law with the given target. */
export function expectLaw(
  values: ArrayLike<number>,
  target: { mean: number; std: number; kurtosis: number; cdf: (x: number) => number },
): void {
  expectMoments(values, target.mean, target.std, target.kurtosis);
  const sorted = Float64Array.from(values).sort();
  expect(ksStatistic(sorted, target.cdf)).toBeLessThan(ksCritical(sorted.length));
}

/** Laws used by several suites. */
export const uniformTarget = (a: number, b: number) => ({
  mean: (a + b) / 2,
  std: (b - a) / Math.sqrt(12),
  kurtosis: 9 / 5,
  cdf: (x: number) => Math.min(1, Math.max(0, (x - a) / (b - a))),
});
export const normalTarget = (mean: number, std: number) => ({
  mean,
  std,
  kurtosis: 3,
  cdf: (x: number) => normalCdf((x - mean) / std),
});
