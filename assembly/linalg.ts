// Dense linear algebra for the structured initializers: Householder QR in float64, reduced Q.
//
// Matrices are COLUMN-MAJOR float64 in linear memory: element (i, j) of an m×n matrix is at
// base + 8·(j·m + i), so every column is contiguous and every inner loop below runs down a
// column. The algorithm is LAPACK's (dgeqr2 / dlarfg / dorg2r) with the sign conventions
// written out in docs/stream-format.md; the loop order and the summation order of every dot
// product are fixed by this code, and wasm float64 (scalar and f64x2) is IEEE without fused
// multiply-add, so the result is the same bits on every engine.
//
// Speed: reflectors are applied a panel of PANEL columns at a time. For each column of the
// trailing matrix (or of Q) the panel's reflectors are applied two per pass (reflectPair) while
// that column stays in L1; the panel itself stays in L2. Dots and updates use f64x2 with two
// accumulators.

const PANEL: i32 = 32;

/** x·y over `count` float64 at x and y: two f64x2 accumulators (even/odd pairs of pairs), then a scalar tail. */
@inline
function dot(x: usize, y: usize, count: i32): f64 {
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  let i: i32 = 0;
  for (; i + 4 <= count; i += 4) {
    const at = <usize>i << 3;
    s0 = f64x2.add(s0, f64x2.mul(v128.load(x + at), v128.load(y + at)));
    s1 = f64x2.add(s1, f64x2.mul(v128.load(x + at, 16), v128.load(y + at, 16)));
  }
  const s = f64x2.add(s0, s1);
  let sum = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < count; i++) {
    const at = <usize>i << 3;
    sum += load<f64>(x + at) * load<f64>(y + at);
  }
  return sum;
}

/** y −= alpha·x over `count` float64. */
@inline
function axpyMinus(y: usize, x: usize, alpha: f64, count: i32): void {
  const a = f64x2.splat(alpha);
  let i: i32 = 0;
  for (; i + 4 <= count; i += 4) {
    const at = <usize>i << 3;
    v128.store(y + at, f64x2.sub(v128.load(y + at), f64x2.mul(a, v128.load(x + at))));
    v128.store(y + at, f64x2.sub(v128.load(y + at, 16), f64x2.mul(a, v128.load(x + at, 16))), 16);
  }
  for (; i < count; i++) {
    const at = <usize>i << 3;
    store<f64>(y + at, load<f64>(y + at) - alpha * load<f64>(x + at));
  }
}

/**
 * Applies H = I − tau·v·vᵀ to the column segment c[0 .. count): c −= tau·(v·c)·v.
 * v[0] is stored as 1 in the matrix (see householderQR), so no special case.
 */
@inline
function reflect(v: usize, c: usize, tau: f64, count: i32): void {
  if (tau == 0) return;
  const s = tau * dot(v, c, count);
  axpyMinus(c, v, s, count);
}

/**
 * Applies two reflectors of one panel, k and k+1, to the column segment c (rows k .. k+len−1) in
 * one pair of passes. v1 points at v_k[k] (= 1), v2 at v_{k+1}[k+1] (= 1), both stored; v_{k+1}
 * is 0 in row k. g = v_k·v_{k+1} over rows k+1 ... With d1 = c[k] + v_k[k+1..]·c[k+1..] and
 * d2 = v_{k+1}·c[k+1..]:
 *   forward (H_{k+1}·H_k·c, the factorization): s1 = tau1·d1, s2 = tau2·(d2 − s1·g)
 *   backward (H_k·H_{k+1}·c, forming Q):        s2 = tau2·d2, s1 = tau1·(d1 − s2·g)
 * then c[k] −= s1 and c[i] −= s1·v_k[i] + s2·v_{k+1}[i] for i > k.
 */
@inline
function reflectPair(v1: usize, v2: usize, c: usize, tau1: f64, tau2: f64, g: f64, len: i32, forward: bool): void {
  const count = len - 1;
  const w1 = v1 + 8;
  const c1 = c + 8;
  let a0 = f64x2.splat(0);
  let a1 = f64x2.splat(0);
  let b0 = f64x2.splat(0);
  let b1 = f64x2.splat(0);
  let i: i32 = 0;
  for (; i + 4 <= count; i += 4) {
    const at = <usize>i << 3;
    const x0 = v128.load(c1 + at);
    const x1 = v128.load(c1 + at, 16);
    a0 = f64x2.add(a0, f64x2.mul(v128.load(w1 + at), x0));
    a1 = f64x2.add(a1, f64x2.mul(v128.load(w1 + at, 16), x1));
    b0 = f64x2.add(b0, f64x2.mul(v128.load(v2 + at), x0));
    b1 = f64x2.add(b1, f64x2.mul(v128.load(v2 + at, 16), x1));
  }
  const sa = f64x2.add(a0, a1);
  const sb = f64x2.add(b0, b1);
  let d1 = f64x2.extract_lane(sa, 0) + f64x2.extract_lane(sa, 1);
  let d2 = f64x2.extract_lane(sb, 0) + f64x2.extract_lane(sb, 1);
  for (; i < count; i++) {
    const at = <usize>i << 3;
    const x = load<f64>(c1 + at);
    d1 += load<f64>(w1 + at) * x;
    d2 += load<f64>(v2 + at) * x;
  }
  d1 = load<f64>(c) + d1;
  let s1: f64;
  let s2: f64;
  if (forward) {
    s1 = tau1 * d1;
    s2 = tau2 * (d2 - s1 * g);
  } else {
    s2 = tau2 * d2;
    s1 = tau1 * (d1 - s2 * g);
  }
  store<f64>(c, load<f64>(c) - s1);
  const p1 = f64x2.splat(s1);
  const p2 = f64x2.splat(s2);
  i = 0;
  for (; i + 4 <= count; i += 4) {
    const at = <usize>i << 3;
    const u0 = f64x2.add(f64x2.mul(p1, v128.load(w1 + at)), f64x2.mul(p2, v128.load(v2 + at)));
    const u1 = f64x2.add(f64x2.mul(p1, v128.load(w1 + at, 16)), f64x2.mul(p2, v128.load(v2 + at, 16)));
    v128.store(c1 + at, f64x2.sub(v128.load(c1 + at), u0));
    v128.store(c1 + at, f64x2.sub(v128.load(c1 + at, 16), u1), 16);
  }
  for (; i < count; i++) {
    const at = <usize>i << 3;
    store<f64>(c1 + at, load<f64>(c1 + at) - (s1 * load<f64>(w1 + at) + s2 * load<f64>(v2 + at)));
  }
}

/** g[k] = v_k·v_{k+1} over rows k+1 .. m−1 for k = p .. pEnd−2 (the couplings reflectPair needs). */
function couplings(a: usize, m: i32, p: i32, pEnd: i32, g: usize): void {
  const stride = <usize>m << 3;
  for (let k = p; k + 1 < pEnd; k++) {
    const off = <usize>(k + 1) << 3;
    store<f64>(g + (<usize>k << 3), dot(a + <usize>k * stride + off, a + <usize>(k + 1) * stride + off, m - k - 1));
  }
}

/**
 * In-place Householder QR of the column-major m×n matrix at `a` (m ≥ n ≥ 1, leading dimension m).
 * Afterwards column k holds the reflector v_k in rows k .. m−1 (v_k[k] = 1, stored explicitly),
 * `tau[k]` its factor and `rdiag[k]` the diagonal entry R[k, k]. Rows above the diagonal
 * (R's strict upper triangle) are left as computed; the caller does not need them.
 *
 * Reflector k (dlarfg): alpha = a[k, k], sigma = Σ_{i>k} a[i, k]², norm = √(alpha² + sigma).
 * If sigma = 0: tau = 0 and R[k, k] = alpha. Otherwise beta = −norm if alpha ≥ 0 else +norm,
 * tau = (beta − alpha)/beta, v = a[k.., k]/(alpha − beta) with v[k] = 1, R[k, k] = beta.
 */
export function householderQR(a: usize, m: i32, n: i32, tau: usize, rdiag: usize, g: usize): void {
  const stride = <usize>m << 3;
  for (let p: i32 = 0; p < n; p += PANEL) {
    const pEnd = min(p + PANEL, n);
    // Factor the panel: each reflector is applied to the rest of the panel right away.
    for (let k = p; k < pEnd; k++) {
      const col = a + <usize>k * stride + (<usize>k << 3);
      const len = m - k;
      const alpha = load<f64>(col);
      const sigma = len > 1 ? dot(col + 8, col + 8, len - 1) : 0.0;
      let t: f64 = 0;
      let beta = alpha;
      if (sigma != 0) {
        const norm = Math.sqrt(alpha * alpha + sigma);
        beta = alpha >= 0 ? -norm : norm;
        t = (beta - alpha) / beta;
        const scale = 1.0 / (alpha - beta);
        const sv = f64x2.splat(scale);
        let i: i32 = 1;
        for (; i + 2 <= len; i += 2) {
          const at = col + (<usize>i << 3);
          v128.store(at, f64x2.mul(v128.load(at), sv));
        }
        for (; i < len; i++) {
          const at = col + (<usize>i << 3);
          store<f64>(at, load<f64>(at) * scale);
        }
      }
      store<f64>(col, 1.0);
      store<f64>(tau + (<usize>k << 3), t);
      store<f64>(rdiag + (<usize>k << 3), beta);
      for (let j = k + 1; j < pEnd; j++) {
        reflect(col, a + <usize>j * stride + (<usize>k << 3), t, len);
      }
    }
    // Apply the panel's reflectors, in order and two at a time, to each trailing column while it
    // sits in L1.
    couplings(a, m, p, pEnd, g);
    for (let j = pEnd; j < n; j++) {
      const cj = a + <usize>j * stride;
      let k = p;
      for (; k + 1 < pEnd; k += 2) {
        const off = <usize>k << 3;
        reflectPair(
          a + <usize>k * stride + off,
          a + <usize>(k + 1) * stride + off + 8,
          cj + off,
          load<f64>(tau + off),
          load<f64>(tau + off, 8),
          load<f64>(g + off),
          m - k,
          true,
        );
      }
      if (k < pEnd) {
        const off = <usize>k << 3;
        reflect(a + <usize>k * stride + off, cj + off, load<f64>(tau + off), m - k);
      }
    }
  }
}

/**
 * Forms the reduced Q = H_0·H_1·…·H_{n−1}·I[:, :n] (m×n, column-major at `q`) from the
 * reflectors left in `a` by householderQR. Column j of Q is H_0·…·H_j·e_j (reflectors after j
 * leave e_j alone), so it is computed by applying H_j, H_{j−1}, …, H_0 to e_j, panel by panel
 * from the last panel down, so that each panel is reused across all the columns it touches.
 */
export function formQ(a: usize, m: i32, n: i32, tau: usize, q: usize, g: usize): void {
  const stride = <usize>m << 3;
  memory.fill(q, 0, <usize>n * stride);
  for (let j: i32 = 0; j < n; j++) store<f64>(q + <usize>j * stride + (<usize>j << 3), 1.0);
  const lastPanel = ((n - 1) / PANEL) * PANEL;
  for (let p = lastPanel; p >= 0; p -= PANEL) {
    const pEnd = min(p + PANEL, n);
    couplings(a, m, p, pEnd, g);
    for (let j = p; j < n; j++) {
      const cj = q + <usize>j * stride;
      // H_top, H_top−1, …, H_p: pairs (k, k+1) applied as H_k·H_{k+1}, then a last single one.
      let k = min(j, pEnd - 1) - 1;
      for (; k >= p; k -= 2) {
        const off = <usize>k << 3;
        reflectPair(
          a + <usize>k * stride + off,
          a + <usize>(k + 1) * stride + off + 8,
          cj + off,
          load<f64>(tau + off),
          load<f64>(tau + off, 8),
          load<f64>(g + off),
          m - k,
          false,
        );
      }
      if (k == p - 1) {
        const off = <usize>p << 3;
        reflect(a + <usize>p * stride + off, cj + off, load<f64>(tau + off), m - p);
      }
    }
  }
}

/**
 * The orthogonal-initializer kernel. `src` holds the m×n normal matrix A (m ≥ n) as float32:
 * row-major (element (i, j) at src[i·n + j]) when `srcTransposed` is false, or as its
 * transpose, an n×m row-major matrix (element (i, j) of A at src[j·m + i]), when true.
 * Computes A = QR, then writes Q·D·gain as float32 to `out`, D = diag(sign R[k, k]) with sign 0
 * taken as +1, each value rounded once from float64 (Q[i, j]·d_j·gain):
 *   outTransposed false: out is m×n row-major, out[i·n + j] = Q[i, j]·d_j·gain
 *   outTransposed true:  out is n×m row-major, out[j·m + i] = Q[i, j]·d_j·gain
 * Workspace: `a` and `q` hold m·n float64 each, `aux` 3·n float64 (tau, R's diagonal, couplings).
 */
export function orthogonalKernel(src: usize, m: i32, n: i32, srcTransposed: bool, a: usize, q: usize, aux: usize, out: usize, outTransposed: bool, gain: f64): void {
  if (m <= 0 || n <= 0) return;
  const tau = aux;
  const rdiag = aux + (<usize>n << 3);
  const g = aux + (<usize>n << 4);
  // A into column-major float64.
  if (srcTransposed) {
    const total = <usize>m * <usize>n;
    for (let t: usize = 0; t < total; t++) store<f64>(a + (t << 3), <f64>load<f32>(src + (t << 2)));
  } else {
    transposeToF64(src, n, m, a);
  }
  householderQR(a, m, n, tau, rdiag, g);
  formQ(a, m, n, tau, q, g);
  // Scale each column by sign(R[j, j])·gain.
  for (let j: i32 = 0; j < n; j++) {
    const d = load<f64>(rdiag + (<usize>j << 3)) < 0 ? -gain : gain;
    store<f64>(tau + (<usize>j << 3), d);
  }
  if (outTransposed) {
    const stride = <usize>m << 3;
    for (let j: i32 = 0; j < n; j++) {
      const d = load<f64>(tau + (<usize>j << 3));
      const col = q + <usize>j * stride;
      const dst = out + ((<usize>j * <usize>m) << 2);
      for (let i: i32 = 0; i < m; i++) store<f32>(dst + (<usize>i << 2), <f32>(load<f64>(col + (<usize>i << 3)) * d));
    }
  } else {
    // Blocked transpose of the column-major Q into row-major float32.
    const B: i32 = 32;
    for (let i0: i32 = 0; i0 < m; i0 += B) {
      const i1 = min(i0 + B, m);
      for (let j0: i32 = 0; j0 < n; j0 += B) {
        const j1 = min(j0 + B, n);
        for (let i = i0; i < i1; i++) {
          const dst = out + ((<usize>i * <usize>n) << 2);
          for (let j = j0; j < j1; j++) {
            const v = load<f64>(q + ((<usize>j * <usize>m + <usize>i) << 3)) * load<f64>(tau + (<usize>j << 3));
            store<f32>(dst + (<usize>j << 2), <f32>v);
          }
        }
      }
    }
  }
}

/** dst (column-major float64, rows×cols) ← src (row-major float32, rows×cols): dst[j·rows + i] = src[i·cols + j]. Blocked. */
function transposeToF64(src: usize, cols: i32, rows: i32, dst: usize): void {
  const B: i32 = 32;
  for (let i0: i32 = 0; i0 < rows; i0 += B) {
    const i1 = min(i0 + B, rows);
    for (let j0: i32 = 0; j0 < cols; j0 += B) {
      const j1 = min(j0 + B, cols);
      for (let j = j0; j < j1; j++) {
        const d = dst + ((<usize>j * <usize>rows) << 3);
        for (let i = i0; i < i1; i++) {
          store<f64>(d + (<usize>i << 3), <f64>load<f32>(src + ((<usize>i * <usize>cols + <usize>j) << 2)));
        }
      }
    }
  }
}
