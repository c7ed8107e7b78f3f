// Structured initializers: orthogonal (Keras, PyTorch, JAX flattening), identity/eye, dirac and
// delta-orthogonal (docs/conventions.md §3.4, §3.5). Expectations are computed here in float64 from the
// definitions: orthonormality of rows or columns, Q·R = A for the documented normal matrix with
// R upper triangular and a positive diagonal (the sign fix), exact positions of the taps.
import { describe, expect, it } from 'vitest';
import * as nn from '../src/index.js';
import * as jax from '../src/jax.js';
import * as torch from '../src/torch.js';
import { wasm } from '../src/bridge/runtime.js';
import { sameBits } from './helpers/bits.js';

/** Columns `which` of a row-major rows×cols matrix as float64 arrays. */
function columns(values: Float32Array, rows: number, cols: number, which: readonly number[]): Float64Array[] {
  return which.map((j) => {
    const c = new Float64Array(rows);
    for (let r = 0; r < rows; r++) c[r] = values[r * cols + j]!;
    return c;
  });
}

function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}

/**
 * max |GᵀG − gain²·I| over the rows of GᵀG listed in `sample` (all of them by default), where G is
 * the rows×cols matrix when rows ≥ cols (orthonormal columns) and its transpose otherwise.
 */
function orthogonalityError(values: Float32Array, rows: number, cols: number, gain = 1, sample?: number[]): number {
  const tall = rows >= cols;
  const n = tall ? cols : rows;
  // Vectors of G's columns: the matrix's columns, or (wide) its rows.
  const vectors = tall
    ? columns(values, rows, cols, [...Array(n).keys()])
    : [...Array(n).keys()].map((i) => Float64Array.from(values.subarray(i * cols, (i + 1) * cols)));
  let error = 0;
  for (const i of sample ?? [...Array(n).keys()]) {
    for (let j = 0; j < n; j++) {
      error = Math.max(error, Math.abs(dot(vectors[i]!, vectors[j]!) - (i === j ? gain * gain : 0)));
    }
  }
  return error;
}

/**
 * Checks Q·R = A: with A the documented normal matrix (m×n, m ≥ n) and Q the orthonormal factor
 * read back from the output, R = QᵀA must be upper triangular with a positive diagonal.
 */
function expectQrOf(a: (i: number, j: number) => number, q: (i: number, j: number) => number, m: number, n: number) {
  let below = 0;
  let minDiagonal = Infinity;
  for (let j = 0; j < n; j++) {
    for (let i = j; i < n; i++) {
      let r = 0;
      for (let k = 0; k < m; k++) r += q(k, i) * a(k, j);
      if (i === j) minDiagonal = Math.min(minDiagonal, r);
      else below = Math.max(below, Math.abs(r));
    }
  }
  expect(below, 'R below the diagonal').toBeLessThan(1e-4);
  expect(minDiagonal, 'the smallest diagonal entry of R').toBeGreaterThan(0);
}

const sampleRows = (n: number): number[] => [
  ...new Set([0, 1, 2, n >> 2, n >> 1, n - 2, n - 1].filter((i) => i >= 0 && i < n)),
];

describe('orthogonal (Keras): orthonormal within 1e-5 max-abs in float32', () => {
  const shapes: [number, number][] = [
    [1, 1],
    [1, 7],
    [7, 1],
    [5, 3],
    [3, 5],
    [64, 64],
    [256, 100],
    [100, 256],
    [512, 512],
  ];
  it.each(shapes)('[%i, %i]: QᵀQ = I (or QQᵀ = I when rows < cols), every entry', (rows, cols) => {
    const q = nn.orthogonal({ seed: rows * 1000 + cols }).sample([rows, cols]);
    expect(orthogonalityError(q, rows, cols)).toBeLessThan(1e-5);
  });

  it.each([
    [1024, 1024],
    [2048, 2048],
  ])('[%i, %i]: rows 0, 1, 2, n/4, n/2, n−2, n−1 of QᵀQ', (rows, cols) => {
    const q = nn.orthogonal({ seed: 7 }).sample([rows, cols]);
    expect(orthogonalityError(q, rows, cols, 1, sampleRows(cols))).toBeLessThan(1e-5);
  });

  it('the whole of QᵀQ for 1024×64 and QQᵀ for 64×1024', () => {
    expect(orthogonalityError(nn.orthogonal({ seed: 1 }).sample([1024, 64]), 1024, 64)).toBeLessThan(1e-5);
    expect(orthogonalityError(nn.orthogonal({ seed: 1 }).sample([64, 1024]), 64, 1024)).toBeLessThan(1e-5);
  });

  it('Q·R = A for the normal stream (randomNormal, mean 0, std 1, same seed) of shape max × min; R has a positive diagonal', () => {
    for (const [rows, cols] of [
      [40, 12],
      [12, 40],
      [33, 33],
    ] as const) {
      const seed = 5;
      const m = Math.max(rows, cols);
      const n = Math.min(rows, cols);
      const a = nn.randomNormal({ mean: 0, stddev: 1, seed }).sample([m, n]);
      const out = nn.orthogonal({ seed }).sample([rows, cols]);
      // rows ≥ cols: out is Q (m×n); rows < cols: out is Qᵀ (n×m).
      const q = rows >= cols ? (i: number, j: number) => out[i * n + j]! : (i: number, j: number) => out[j * m + i]!;
      expectQrOf((i, j) => a[i * n + j]!, q, m, n);
    }
  });

  it('rows < cols gives the transpose of the max × min result: orthonormal rows', () => {
    const wide = nn.orthogonal({ seed: 3 }).sample([4, 9]);
    expect(orthogonalityError(wide, 4, 9)).toBeLessThan(1e-6);
    // The columns of a wide matrix are not orthonormal.
    expect(orthogonalityError(wide, 9, 4)).toBeGreaterThan(0.1);
  });

  it('gain multiplies Q: gain 2.5 gives 2.5 × gain 1 (to float32 rounding), QᵀQ = 6.25·I; gain −1 flips the sign', () => {
    const one = nn.orthogonal({ seed: 9 }).sample([30, 20]);
    const scaled = nn.orthogonal({ seed: 9, gain: 2.5 }).sample([30, 20]);
    for (let i = 0; i < one.length; i++) expect(Math.abs(scaled[i]! - 2.5 * one[i]!)).toBeLessThanOrEqual(3e-7 * 2.5);
    expect(orthogonalityError(scaled, 30, 20, 2.5)).toBeLessThan(1e-5);
    const flipped = nn.orthogonal({ seed: 9, gain: -1 }).sample([30, 20]);
    expect(
      sameBits(
        flipped,
        one.map((x) => -x),
      ),
    ).toBe(true);
    expect(
      nn
        .orthogonal({ seed: 9, gain: 0 })
        .sample([3, 2])
        .every((x) => x === 0),
    ).toBe(true);
  });

  it('a conv kernel (3, 3, 4, 8) is flattened like Keras: rows = 3·3·4 = 36, cols = 8, orthonormal columns', () => {
    const kernel = nn.orthogonal({ seed: 11 }).sample([3, 3, 4, 8]);
    expect(sameBits(kernel, nn.orthogonal({ seed: 11 }).sample([36, 8]))).toBe(true);
    expect(orthogonalityError(kernel, 36, 8)).toBeLessThan(1e-6);
  });

  it('the distribution reports mean 0 and the RMS gain·√(min/size)', () => {
    const law = nn.orthogonal({ gain: 2 }).distribution([30, 20]);
    expect(law.kind).toBe('structured');
    expect(law.mean).toBe(0);
    expect(law.std).toBeCloseTo(2 * Math.sqrt(20 / 600), 15);
  });

  it('seeded calls repeat; different seeds differ; zero-size shapes give empty output', () => {
    const a = nn.orthogonal({ seed: 1 }).sample([10, 10]);
    expect(sameBits(a, nn.orthogonal({ seed: 1 }).sample([10, 10]))).toBe(true);
    expect(sameBits(a, nn.orthogonal({ seed: 2 }).sample([10, 10]))).toBe(false);
    expect(nn.orthogonal({ seed: 1 }).sample([0, 5]).length).toBe(0);
    expect(nn.orthogonal({ seed: 1 }).sample([4, 0]).length).toBe(0);
  });

  it('a matrix too large for the QR workspace is a RangeError at sample time, before anything is written', () => {
    const out = new Float32Array(4).fill(7);
    expect(() => nn.orthogonal({ seed: 1 }).fill(out, [2 ** 14, 2 ** 14], { start: 0 })).toThrow(
      /a 16384×16384 orthogonal matrix is too large for the QR workspace/,
    );
    expect(() => torch.orthogonal().sample([2 ** 14, 2 ** 14], { end: 1 })).toThrow(RangeError);
    expect(() => jax.orthogonal().sample([2 ** 14, 2 ** 14], { end: 1 })).toThrow(RangeError);
    expect(Array.from(out)).toEqual([7, 7, 7, 7]);
  });

  it('the kernel maps sign(0) to +1: an all-zero first column gives Q[:, 0] = +e₀, not 0', () => {
    const runtime = wasm();
    const k = runtime.kernels;
    const [m, n] = [3, 2];
    const ptrs = [k.allocate(m * n * 4), k.allocate(m * n * 8), k.allocate(m * n * 8), k.allocate(n * 24)];
    try {
      const [src, a, q, aux] = ptrs as [number, number, number, number];
      // A = [[0, 1], [0, 2], [0, 3]] row-major: column 0 is zero, so R[0, 0] = 0.
      runtime.f32(src, m * n).set([0, 1, 0, 2, 0, 3]);
      k.orthogonalKernel(src, m, n, 0, a, q, aux, src, 0, 1);
      const out = Array.from(runtime.f32(src, m * n));
      expect([out[0], out[2], out[4]]).toEqual([1, 0, 0]);
      // Column 1: the unit vector along (0, 2, 3) orthogonal to e₀, with a positive R[1, 1].
      expect(Math.abs(out[1]!)).toBe(0);
      expect(out[3]).toBeCloseTo(2 / Math.sqrt(13), 7);
      expect(out[5]).toBeCloseTo(3 / Math.sqrt(13), 7);
    } finally {
      for (const p of ptrs) k.release(p);
    }
  });
});

describe('orthogonal (PyTorch): rows = shape[0], the trailing dims flattened', () => {
  it('(8, 4, 3, 3) is an 8 × 36 matrix with orthonormal rows, bitwise equal to shape (8, 36)', () => {
    const w = torch.orthogonal({ seed: 4 }).sample([8, 4, 3, 3]);
    expect(sameBits(w, torch.orthogonal({ seed: 4 }).sample([8, 36]))).toBe(true);
    expect(orthogonalityError(w, 8, 36)).toBeLessThan(1e-6);
  });

  it('(36, 2, 2, 2) is 36 × 8 with orthonormal columns; Keras would flatten the same shape to 144 × 2', () => {
    const w = torch.orthogonal({ seed: 4 }).sample([36, 2, 2, 2]);
    expect(orthogonalityError(w, 36, 8)).toBeLessThan(1e-6);
    expect(orthogonalityError(nn.orthogonal({ seed: 4 }).sample([36, 2, 2, 2]), 144, 2)).toBeLessThan(1e-6);
  });

  it("Q·R = A where A is the normal stream drawn rows × cols and transposed when rows < cols (torch's order)", () => {
    for (const [rows, cols] of [
      [30, 10],
      [10, 30],
    ] as const) {
      const seed = 21;
      const m = Math.max(rows, cols);
      const n = Math.min(rows, cols);
      const drawn = nn.randomNormal({ mean: 0, stddev: 1, seed }).sample([rows, cols]);
      const out = torch.orthogonal({ seed }).sample([rows, cols]);
      const a =
        rows >= cols ? (i: number, j: number) => drawn[i * n + j]! : (i: number, j: number) => drawn[j * m + i]!;
      const q = rows >= cols ? (i: number, j: number) => out[i * n + j]! : (i: number, j: number) => out[j * m + i]!;
      expectQrOf(a, q, m, n);
    }
  });

  it('tall shapes draw the same matrix as Keras, so they agree bitwise; wide ones do not (different element order)', () => {
    expect(sameBits(torch.orthogonal({ seed: 2 }).sample([20, 5]), nn.orthogonal({ seed: 2 }).sample([20, 5]))).toBe(
      true,
    );
    expect(sameBits(torch.orthogonal({ seed: 2 }).sample([5, 20]), nn.orthogonal({ seed: 2 }).sample([5, 20]))).toBe(
      false,
    );
  });
});

describe('orthogonal (JAX): columnAxis', () => {
  it('columnAxis −1 is the Keras recipe: bitwise equal to nninit.orthogonal, scale as gain', () => {
    for (const shape of [
      [3, 3, 4, 8],
      [5, 12],
      [12, 5],
    ]) {
      expect(
        sameBits(
          jax.orthogonal(1.5, -1, { seed: 8 }).sample(shape),
          nn.orthogonal({ gain: 1.5, seed: 8 }).sample(shape),
        ),
      ).toBe(true);
    }
  });

  it('columnAxis 0 of (3, 5, 4): the (5·4) × 3 matrix of the other dims, with axis 0 moved back', () => {
    const out = jax.orthogonal(1, 0, { seed: 8 }).sample([3, 5, 4]);
    const matrix = nn.orthogonal({ seed: 8 }).sample([5, 4, 3]); // rows enumerate (5, 4), cols = 3
    for (let c = 0; c < 3; c++) for (let i = 0; i < 20; i++) expect(out[c * 20 + i]).toBe(matrix[i * 3 + c]);
    // Slices along axis 0 are orthonormal vectors of length 20.
    expect(orthogonalityError(out, 3, 20)).toBeLessThan(1e-6);
  });

  it('columnAxis 1 of (6, 2, 3)', () => {
    const out = jax.orthogonal(1, 1, { seed: 3 }).sample([6, 2, 3]);
    const matrix = nn.orthogonal({ seed: 3 }).sample([6, 3, 2]); // rows enumerate (6, 3), cols = 2
    for (let o = 0; o < 6; o++)
      for (let c = 0; c < 2; c++)
        for (let i = 0; i < 3; i++) expect(out[(o * 2 + c) * 3 + i]).toBe(matrix[(o * 3 + i) * 2 + c]);
  });
});

describe('identity (Keras) and eye (PyTorch)', () => {
  it('Keras identity accepts rectangular shapes and applies the gain: (2, 3) and (3, 2) with gain 2', () => {
    expect(Array.from(nn.identity({ gain: 2 }).sample([2, 3]))).toEqual([2, 0, 0, 0, 2, 0]);
    expect(Array.from(nn.identity({ gain: 2 }).sample([3, 2]))).toEqual([2, 0, 0, 2, 0, 0]);
    expect(Array.from(nn.identity().sample([2, 2]))).toEqual([1, 0, 0, 1]);
    expect(nn.identity({ gain: 0.1 }).sample([3, 3])[4]).toBe(Math.fround(0.1));
  });

  it('torch eye: the identity, rectangular, no gain', () => {
    expect(Array.from(torch.eye().sample([2, 4]))).toEqual([1, 0, 0, 0, 0, 1, 0, 0]);
    expect(Array.from(torch.eye().sample([3, 1]))).toEqual([1, 0, 0]);
  });

  it('the law reports the mean and std of the values', () => {
    const law = nn.identity({ gain: 2 }).distribution([4, 5]);
    expect(law.mean).toBeCloseTo((4 * 2) / 20, 15);
    expect(law.std).toBeCloseTo(Math.sqrt((4 * 4) / 20 - 0.16), 15);
  });
});

describe('dirac (PyTorch): centre k // 2, groups', () => {
  const nonzeros = (values: Float32Array): number[] =>
    Array.from(values)
      .map((x, i) => (x !== 0 ? i : -1))
      .filter((i) => i >= 0);

  it('(4, 2, 3) with groups 2: ones at [g·2 + d, d, 1] for g, d in {0, 1}', () => {
    const w = torch.dirac({ groups: 2 }).sample([4, 2, 3]);
    const at = (o: number, i: number, k: number) => (o * 2 + i) * 3 + k;
    expect(nonzeros(w)).toEqual([at(0, 0, 1), at(1, 1, 1), at(2, 0, 1), at(3, 1, 1)]);
    expect(nonzeros(w).every((i) => w[i] === 1)).toBe(true);
  });

  it('a 4×4 kernel puts the tap at index 2 (k // 2), JAX deltaOrthogonal at 1 ((k − 1) // 2)', () => {
    const w = torch.dirac().sample([2, 2, 4, 4]);
    const at = (o: number, i: number, y: number, x: number) => ((o * 2 + i) * 4 + y) * 4 + x;
    expect(nonzeros(w)).toEqual([at(0, 0, 2, 2), at(1, 1, 2, 2)]);
  });

  it('more outputs than inputs: only min(out/groups, in) ones per group; 5-D kernels', () => {
    const w = torch.dirac().sample([3, 2, 3]);
    expect(nonzeros(w)).toEqual([1, 2 * 3 + 3 + 1]);
    const v = torch.dirac({ groups: 1 }).sample([2, 2, 3, 3, 3]);
    expect(nonzeros(v)).toEqual([13, (1 * 2 + 1) * 27 + 13]);
  });
});

describe('deltaOrthogonal (JAX): the orthogonal matrix at centre (k − 1) // 2', () => {
  it('(4, 4, 2, 3): zeros except tap (1, 1), which holds orthogonal(scale, −1) of shape (2, 3)', () => {
    const w = jax.deltaOrthogonal(2, -1, { seed: 5 }).sample([4, 4, 2, 3]);
    const centre = jax.orthogonal(2, -1, { seed: 5 }).sample([2, 3]);
    const offset = (1 * 4 + 1) * 6;
    expect(sameBits(w.subarray(offset, offset + 6), centre)).toBe(true);
    let others = 0;
    for (let i = 0; i < w.length; i++) if ((i < offset || i >= offset + 6) && w[i] !== 0) others++;
    expect(others).toBe(0);
  });

  it('3-D (5, 3, 3): centre 2; 5-D (2, 2, 2, 1, 1): centre (0, 0, 0)', () => {
    const w = jax.deltaOrthogonal(1, -1, { seed: 1 }).sample([5, 3, 3]);
    expect(sameBits(w.subarray(18, 27), jax.orthogonal(1, -1, { seed: 1 }).sample([3, 3]))).toBe(true);
    expect(w.subarray(0, 18).every((x) => x === 0) && w.subarray(27).every((x) => x === 0)).toBe(true);
    const v = jax.deltaOrthogonal(1, -1, { seed: 1 }).sample([2, 2, 2, 1, 1]);
    expect(Math.abs(v[0]!)).toBe(1);
    expect(v.subarray(1).every((x) => x === 0)).toBe(true);
  });

  it('columnAxis 0 transposes the centre block layout as JAX does', () => {
    const w = jax.deltaOrthogonal(1, 0, { seed: 2 }).sample([3, 2, 3]);
    expect(sameBits(w.subarray(6, 12), jax.orthogonal(1, 0, { seed: 2 }).sample([2, 3]))).toBe(true);
  });
});

describe('ranges equal slices of the whole tensor, for every structured initializer', () => {
  const cases: [string, nn.Initializer, number[]][] = [
    ['orthogonal', nn.orthogonal({ seed: 1 }), [3, 3, 8, 16]],
    ['orthogonal wide', nn.orthogonal({ seed: 1, gain: 3 }), [20, 70]],
    ['identity', nn.identity({ gain: 2 }), [37, 53]],
    ['torch.eye', torch.eye(), [53, 37]],
    ['torch.dirac', torch.dirac({ groups: 2 }), [8, 4, 3, 5]],
    ['torch.orthogonal', torch.orthogonal({ seed: 3 }), [16, 4, 3, 3]],
    ['torch.sparse', torch.sparse({ sparsity: 0.3, std: 1, seed: 3 }), [61, 47]],
    ['jax.orthogonal axis 0', jax.orthogonal(1, 0, { seed: 4 }), [5, 6, 7]],
    ['jax.deltaOrthogonal', jax.deltaOrthogonal(1, -1, { seed: 4 }), [3, 3, 16, 32]],
  ];
  const ranges: [number, number][] = [
    [0, 1],
    [5, 97],
    [100, 101],
    [511, 1000],
  ];

  it.each(cases)('%s: sample, fill and sampleInWasm', (_, init, shape) => {
    const whole = init.sample(shape);
    const size = shape.reduce((a, b) => a * b, 1);
    for (const [s, e] of [...ranges, [size - 9, size] as [number, number]]) {
      const start = Math.min(s, size);
      const end = Math.min(e, size);
      expect(sameBits(init.sample(shape, { start, end }), whole.subarray(start, end))).toBe(true);
      const out = new Float32Array(end - start + 2).fill(7).subarray(1, end - start + 1);
      init.fill(out, shape, { start });
      expect(sameBits(out, whole.subarray(start, end))).toBe(true);
      using t = init.sampleInWasm(shape, { start, end });
      expect(sameBits(t.array, whole.subarray(start, end))).toBe(true);
    }
    const all = new Float32Array(size);
    expect(sameBits(init.fill(all, shape), whole)).toBe(true);
  });
});
