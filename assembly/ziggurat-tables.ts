// The 256-layer Ziggurat tables of stream format v2 (docs/stream-format.md §3), computed when the
// module starts: G. Marsaglia, W. W. Tsang, "The Ziggurat Method for Generating Random Variables",
// Journal of Statistical Software 5(8), 2000. With f(x) = exp(−x²/2), X[1] = r,
// X[i+1] = f⁻¹(f(X[i]) + v / X[i]), X[0] = v / f(r), X[256] = 0, all in float64, then rounded to
// float32; F[i] = f(X[i]) of the float32 X[i], rounded to float32. r and v are the float64 values
// scripts/ziggurat-tables.mjs finds (r by bisection, v = r·f(r) + ∫_r^∞ f); it also checks that
// every table value lies at least 4.7·10^-3 float32 ulp from a rounding boundary, so the float64
// exp and ln below (accurate to a few 10^-16) give the same float32 tables as any correct libm.
// Computed here, not stored: 2 KB of tables that gzip cannot shrink, in every bundle.

const R64: f64 = 3.6541528853610092;
const V64: f64 = 0.004928673233974648;
const LN2_HI: f64 = 6.93147180369123816490e-1; // fdlibm's split of ln 2: k·LN2_HI is exact
const LN2_LO: f64 = 1.90821492927058770002e-10;

/** The base layer's corner r = X[1] in float32: beyond it lies the tail. */
export const ZIGGURAT_R: f32 = <f32>R64;

/** Layer boundaries X[0..256] as float32: layer i spans |x| < X[i] and is wholly under the density for |x| < X[i + 1]. */
export const ZIGGURAT_X = memory.data(257 * 4, 16);

/** F[i] = exp(−X[i]²/2) rounded to float32 (F[256] = 1): layer i ≥ 1 spans heights F[i] .. F[i + 1]. */
export const ZIGGURAT_F = memory.data(257 * 4, 16);

/** e^x: x = k·ln 2 + t with |t| ≤ ln 2 / 2, and the Taylor series of e^t to degree 20 (truncation below 10^-20). */
function exp64(x: f64): f64 {
  const k = nearest<f64>(x * 1.4426950408889634);
  const t = x - k * LN2_HI - k * LN2_LO;
  let sum: f64 = 1;
  let term: f64 = 1;
  for (let n = 1; n <= 20; n++) {
    term *= t / <f64>n;
    sum += term;
  }
  return sum * reinterpret<f64>(<u64>(<i64>k + 1023) << 52);
}

/** ln y for a normal y > 0: y = m·2^e with m in [√½, √2), ln m = 2·atanh((m − 1)/(m + 1)) by its series to s^31 (truncation below 10^-25). */
function ln64(y: f64): f64 {
  const bits = reinterpret<u64>(y);
  let e = <f64>(<i64>(bits >> 52) - 1023);
  let m = reinterpret<f64>((bits & 0x000fffffffffffff) | 0x3ff0000000000000);
  if (m > 1.4142135623730951) {
    m *= 0.5;
    e += 1;
  }
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let sum: f64 = 0;
  let power = s;
  for (let n = 1; n <= 31; n += 2) {
    sum += power / <f64>n;
    power *= s2;
  }
  return e * LN2_HI + (e * LN2_LO + 2 * sum);
}

function density(x: f64): f64 {
  return exp64(-0.5 * x * x);
}

function computeTables(): void {
  store<f32>(ZIGGURAT_X, <f32>(V64 / density(R64)));
  let x = R64;
  for (let i: usize = 1; i < 256; i++) {
    store<f32>(ZIGGURAT_X + (i << 2), <f32>x);
    if (i < 255) x = sqrt<f64>(-2 * ln64(density(x) + V64 / x));
  }
  store<f32>(ZIGGURAT_X + (256 << 2), 0);
  for (let i: usize = 0; i <= 256; i++) {
    store<f32>(ZIGGURAT_F + (i << 2), <f32>density(<f64>load<f32>(ZIGGURAT_X + (i << 2))));
  }
}
computeTables();
