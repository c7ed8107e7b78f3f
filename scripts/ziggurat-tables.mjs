// Finds r and v, the two float64 constants from which assembly/ziggurat-tables.ts computes the
// 256-layer Ziggurat tables of stream format v2 (docs/stream-format.md §3), and checks that every
// table value lies far from a float32 rounding boundary. Changing r or v changes the stream.
//
// G. Marsaglia, W. W. Tsang, "The Ziggurat Method for Generating Random Variables", Journal of
// Statistical Software 5(8), 2000. With f(x) = exp(−x²/2), N layers of equal area v cover the
// half-density: layer 0 is the rectangle [0, r] × [0, f(r)] plus the tail beyond r (so
// v = r·f(r) + ∫_r^∞ f), and X[1] = r, X[i+1] = f⁻¹(f(X[i]) + v / X[i]). r is the root that makes
// the top layer [0, X[N−1]] × [f(X[N−1]), 1] have area v too; X[0] = v / f(r) is the base
// layer's width as a rectangle of area v, and X[N] = 0.
//
//   node scripts/ziggurat-tables.mjs           prints r, v and the smallest rounding margin

import { writeFileSync } from 'node:fs';

const N = 256;
const f = (x) => Math.exp(-0.5 * x * x);

/** ∫_r^∞ exp(−t²/2) dt = f(r) / (r + 1/(r + 2/(r + 3/(r + …)))) (Laplace's continued fraction), r > 1. */
function tailArea(r) {
  let fraction = r;
  for (let k = 400; k >= 1; k--) fraction = r + k / fraction;
  return f(r) / fraction;
}

/** Layer boundaries X[0..N] in float64 for a base-layer corner r, or null when the layers reach the peak before layer N − 1. */
function layers(r) {
  const v = r * f(r) + tailArea(r);
  const x = new Float64Array(N + 1);
  x[0] = v / f(r);
  x[1] = r;
  for (let i = 1; i < N - 1; i++) {
    const y = f(x[i]) + v / x[i];
    if (y >= 1) return null;
    x[i + 1] = Math.sqrt(-2 * Math.log(y));
  }
  return { v, x };
}

// r by bisection on the top layer's area: a smaller r gives larger layers, which leave less room
// at the top (or pass the peak); a larger r leaves a top layer larger than v.
let lo = 3;
let hi = 4;
for (let k = 0; k < 200; k++) {
  const mid = (lo + hi) / 2;
  const at = layers(mid);
  if (at === null || at.x[N - 1] * (1 - f(at.x[N - 1])) < at.v) lo = mid;
  else hi = mid;
}
const r = hi;
const { v, x } = layers(r);
x[N] = 0;

const fround = Math.fround;
const X = Array.from(x, fround);
const F = X.map((xi) => fround(f(xi)));

/** Distance of a float64 from the nearest float32 rounding boundary, in float32 ulps (0.5 = exactly on a float32). */
function margin(value) {
  if (value === 0) return 0.5;
  const rounded = fround(value);
  const ulp = Math.abs(fround(rounded * (1 + 2 ** -23)) - rounded) || 2 ** -149;
  return 0.5 - Math.abs(value - rounded) / ulp;
}
const margins = [...x.map(margin), ...X.map((xi) => margin(f(xi)))];
const smallest = Math.min(...margins);

console.log(
  `r = ${r}, v = ${v}, smallest distance of a table value from a float32 rounding boundary: ${smallest.toExponential(2)} ulp`,
);
// Float64 math libraries differ by about 1e-16 relative (2^-29 float32 ulp): any margin far above
// that makes the float32 tables the same whatever libm computes them.
if (smallest < 1e-6) throw new Error('a table value lies too close to a float32 rounding boundary');
