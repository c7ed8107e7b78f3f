// Structured laws: initializers whose values are not element-wise draws (orthogonal, identity,
// dirac, delta-orthogonal, sparse). Each is a `kind: 'structured'` Distribution whose `write`
// fills any range of the tensor: the ones with a closed form (identity, eye, dirac) compute the
// range directly; the others compute the whole tensor, then copy the range. The streams they
// draw from are specified in docs/stream-format.md (§7).

import { MAX_BLOCK_BYTES } from '../bridge/heap.js';
import { wasm } from '../bridge/runtime.js';
import { type Distribution, normal, type StructuredLaw } from '../laws/distribution.js';
import { checkOptions, finiteNumber, rangeError, show } from '../laws/errors.js';
import { sizeOf } from '../laws/shape.js';
import { Initializer, type InitializerName } from './initializer.js';
import { checkSeed } from './seed.js';
import { Xoshiro128 } from './xoshiro.js';

/**
 * How the normal matrix that feeds the QR is drawn, and how Q is laid out, for a rows×cols
 * result (m = max, n = min):
 * - 'keras' (Keras, TF.js, JAX): the normal stream's first m·n values, row-major as an m×n matrix.
 * - 'torch' (PyTorch orthogonal_): the first rows·cols values row-major as a rows×cols matrix,
 *   transposed when rows < cols (torch draws the tensor's shape, then transposes).
 */
export type NormalOrder = 'keras' | 'torch';

/** Bytes of wasm memory the QR of a rows×cols matrix needs (float32 in/out, two float64 matrices, 2n float64). */
export function qrBytes(rows: number, cols: number): number {
  const m = Math.max(rows, cols);
  const n = Math.min(rows, cols);
  return m * n * 4 + m * n * 16 + n * 24;
}

/**
 * The rows×cols matrix Q·sign(diag R)·gain (transposed when rows < cols), row-major float32:
 * the orthogonal-initializer recipe of docs/conventions.md §3.4 on the package's normal stream.
 */
export function orthogonalMatrix(
  where: string,
  seed: bigint,
  rows: number,
  cols: number,
  gain: number,
  order: NormalOrder,
): Float32Array {
  const total = rows * cols;
  const result = new Float32Array(total);
  if (total === 0) return result;
  const m = Math.max(rows, cols);
  const n = Math.min(rows, cols);
  const wide = rows < cols;
  const runtime = wasm();
  const k = runtime.kernels;
  const blocks: number[] = [];
  const allocate = (bytes: number): number => {
    const ptr = runtime.allocate(Math.max(bytes, 16));
    if (ptr === 0) {
      throw new RangeError(
        `${where}: the QR workspace for a ${m}×${n} matrix (${Math.ceil(qrBytes(rows, cols) / 2 ** 20)} MiB) does not fit in WebAssembly memory`,
      );
    }
    blocks.push(ptr);
    return ptr;
  };
  try {
    const src = allocate(total * 4);
    const a = allocate(total * 8);
    const q = allocate(total * 8);
    const aux = allocate(n * 24);
    // The normal stream N(0, 1) at this seed, flat indices 0 .. m·n − 1 (docs/stream-format.md §7).
    k.fillNormal(runtime.work, src, total, 0n, seed, 0, 1, 0);
    k.orthogonalKernel(src, m, n, order === 'torch' && wide ? 1 : 0, a, q, aux, src, wide ? 1 : 0, gain);
    // Views are taken only now: allocation may have grown (and detached) memory.
    result.set(runtime.f32(src, total));
  } finally {
    for (const ptr of blocks) k.release(ptr);
  }
  return result;
}

/** A structured law that computes the whole tensor once per call and copies the requested range. */
function wholeTensor(name: string, mean: number, std: number, compute: (seed: bigint) => Float32Array): StructuredLaw {
  return {
    kind: 'structured',
    name,
    mean,
    std,
    whole: true,
    write: (seed, out, start) => {
      if (out.length === 0) return;
      const all = compute(seed);
      out.set(all.subarray(start, start + out.length));
    },
  };
}

/** Mean and std (population) of a tensor of `size` values whose only non-zeros are `count` copies of `value`. */
function sparseMoments(size: number, count: number, value: number): { mean: number; std: number } {
  if (size === 0) return { mean: 0, std: 0 };
  const mean = (count * value) / size;
  const second = (count * value * value) / size;
  return { mean, std: Math.sqrt(Math.max(0, second - mean * mean)) };
}

/** The law of an orthogonal initializer on a rows×cols flattening: mean 0 and RMS gain·√(min/size). */
export function orthogonalLaw(
  where: string,
  rows: number,
  cols: number,
  gain: number,
  order: NormalOrder,
  arrange?: (matrix: Float32Array) => Float32Array,
): StructuredLaw {
  const size = rows * cols;
  if (size * 8 > MAX_BLOCK_BYTES) {
    throw new RangeError(
      `${where}: a ${rows}×${cols} orthogonal matrix is too large for the QR workspace in WebAssembly memory (at most ${Math.floor(MAX_BLOCK_BYTES / 8)} elements, and ${Math.ceil(qrBytes(rows, cols) / 2 ** 20)} MiB in all)`,
    );
  }
  const std = size === 0 ? 0 : Math.abs(gain) * Math.sqrt(Math.min(rows, cols) / size);
  return wholeTensor(where, 0, std, (seed) => {
    const matrix = orthogonalMatrix(where, seed, rows, cols, gain, order);
    return arrange ? arrange(matrix) : matrix;
  });
}

/**
 * A law whose only non-zeros are `count` copies of `value`, at the flat indices `pointsIn(start,
 * end)` yields in [start, end), in time bounded by the range (torch dirac_, and identity below).
 */
export function pointsLaw(
  name: string,
  size: number,
  count: number,
  value: number,
  pointsIn: (start: number, end: number) => Iterable<number>,
): StructuredLaw {
  const v = Math.fround(value);
  const { mean, std } = sparseMoments(size, count, v);
  return {
    kind: 'structured',
    name,
    mean,
    std,
    whole: false,
    write: (_seed, out, start) => {
      out.fill(0);
      if (v !== 0) for (const at of pointsIn(start, start + out.length)) out[at - start] = v;
    },
  };
}

/** rows×cols row-major with `value` on the main diagonal (Keras Identity, torch eye_): ranges computed directly. */
export function identityLaw(name: string, rows: number, cols: number, value: number): StructuredLaw {
  // Diagonal entries are at flat indices d·(cols + 1), d < min(rows, cols).
  const step = cols + 1;
  const last = Math.min(rows, cols);
  return pointsLaw(name, rows * cols, last, value, function* (start, end) {
    for (let d = Math.ceil(start / step); d < last && d * step < end; d++) yield d * step;
  });
}

/** The seed of the row-permutation generator of `sparse`: SplitMix64 output 2^63 of the call's seed. */
export function permutationSeed(seed: bigint): bigint {
  return BigInt.asUintN(64, wasm().kernels.splitMix64(seed, 1n << 63n));
}

/** Draws unbiased integers in [0, range) from xoshiro128** outputs by Lemire's method (documented in stream-format §7). */
export class BoundedDraws {
  #generator: Xoshiro128;
  #buffer = new Uint32Array(4096);
  #next = 4096;

  constructor(seed: bigint) {
    this.#generator = Xoshiro128.fromSeed(seed);
  }

  #word(): number {
    if (this.#next === this.#buffer.length) {
      this.#generator.fillU32(this.#buffer);
      this.#next = 0;
    }
    return this.#buffer[this.#next++]!;
  }

  /** An integer in [0, range), 1 ≤ range ≤ 2^32: x·range = hi·2^32 + lo; redraw while lo < 2^32 mod range. */
  below(range: number): number {
    let [hi, lo] = mul32(this.#word(), range);
    if (lo < range) {
      const threshold = (2 ** 32 - range) % range;
      while (lo < threshold) [hi, lo] = mul32(this.#word(), range);
    }
    return hi;
  }
}

/** The high and low 32-bit halves of x·y for x, y < 2^32, exactly in float64 arithmetic. */
function mul32(x: number, y: number): [number, number] {
  const xh = Math.floor(x / 65536);
  const xl = x % 65536;
  const p1 = xh * y; // < 2^48
  const p0 = xl * y; // < 2^48
  const low = (p1 % 65536) * 65536 + p0; // < 2^49
  return [Math.floor(p1 / 65536) + Math.floor(low / 2 ** 32), low % 2 ** 32];
}

/**
 * PyTorch sparse_: N(0, std²) everywhere (the normal stream, row-major), then in each column c
 * (in order) the rows perm[0 .. zeros) are set to 0, where perm is a partial Fisher–Yates
 * shuffle of [0, rows) drawn from the permutation generator.
 */
export function sparseLaw(where: string, rows: number, cols: number, sparsity: number, std: number): Distribution {
  const zeros = Math.ceil(sparsity * rows);
  const values = normal(where, 0, std, 'std');
  const size = sizeOf([rows, cols], where);
  const keptFraction = rows === 0 ? 0 : (rows - Math.min(zeros, rows)) / rows;
  return wholeTensor(where, 0, values.std * Math.sqrt(keptFraction), (seed) => {
    let all: Float32Array;
    try {
      all = new Float32Array(size);
    } catch (error) {
      // The engine's RangeError: a length past its limit, or memory it could not allocate.
      if (!(error instanceof RangeError)) throw error;
      throw new RangeError(
        `${where}: sparse computes the whole tensor for any range (each column's zeros come from one permutation stream), and its ${rows}×${cols} = ${size} float32 values do not fit in one typed array on this runtime (${error.message})`,
        { cause: error },
      );
    }
    if (values.kind === 'constant') all.fill(values.value);
    else if (values.kind === 'normal') wasm().fillBlocks(values, seed, all, 0, 'float32');
    const draws = new BoundedDraws(permutationSeed(seed));
    const perm = new Int32Array(rows);
    const count = Math.min(zeros, rows);
    for (let c = 0; c < cols; c++) {
      for (let i = 0; i < rows; i++) perm[i] = i;
      for (let i = 0; i < count; i++) {
        const j = i + draws.below(rows - i);
        const t = perm[i]!;
        perm[i] = perm[j]!;
        perm[j] = t;
        all[perm[i]! * cols + c] = 0;
      }
    }
    return all;
  });
}

/**
 * An orthogonal initializer taking `{ gain, seed }` (Keras, PyTorch): `flatten` says how its
 * convention flattens a shape of rank ≥ 2 into rows × cols, `order` how it draws the normals, and
 * `rankMessage` is its framework's wording for a rank below 2.
 */
export function orthogonalInitializer(
  id: InitializerName,
  options: unknown,
  flatten: (dims: readonly number[], where: string) => readonly [number, number],
  order: NormalOrder,
  rankMessage: string,
): Initializer {
  const where = id.name;
  const o = checkOptions(where, options, ['gain', 'seed']);
  const gain = checkGain(where, 'gain', finiteNumber(where, 'gain', o.gain, 1));
  const seed = checkSeed(where, o.seed);
  const lawFor = (dims: readonly number[], at: string) => {
    requireRank(at, dims, 2, rankMessage);
    const [rows, cols] = flatten(dims, at);
    return orthogonalLaw(at, rows, cols, gain, order);
  };
  return new Initializer(id, { gain }, lawFor, seed);
}

/** A gain or scale option: a finite number whose float32 rounding is finite. */
export function checkGain(where: string, option: string, value: number): number {
  if (!Number.isFinite(Math.fround(value))) {
    throw rangeError(where, option, 'within float32 range (|x| < 3.4028235e38)', value);
  }
  return value;
}

/** Throws unless the shape's rank is in `ranks` (or, for a number, at least it), with `message` (the framework's wording) and the shape. */
export function requireRank(
  where: string,
  dims: readonly number[],
  ranks: readonly number[] | number,
  message: string,
): void {
  if (typeof ranks === 'number' ? dims.length < ranks : !ranks.includes(dims.length)) {
    throw new RangeError(`${where}: ${message}; got shape ${show(dims)} of rank ${dims.length}`);
  }
}
