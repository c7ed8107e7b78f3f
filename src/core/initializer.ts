// An initializer: a sampling law per shape plus a seed policy, and the ways to get values out of
// the kernels (a fresh array, the caller's array, a zero-copy tensor in wasm memory; each also on
// worker threads where it helps), in float32, float64, float16 or bfloat16.

import { constant, type Distribution, forDType, type StructuredLaw } from '../laws/distribution.js';
import { MAX_BLOCK_BYTES } from '../bridge/heap.js';
import { type Runtime, wasm } from '../bridge/runtime.js';
import { MAX_THREADS, type Threads, writeAsync, writeRunsAsync } from '../bridge/threads.js';
import {
  checkDType,
  type DType,
  dtypeOf,
  DTYPES,
  fitsDType,
  float16ArrayClass,
  type HalfArray,
  isDetached,
  newArray,
  type OutputArray,
} from '../laws/dtype.js';
import { checkOptions, rangeError, show, typeError } from '../laws/errors.js';
import type { Disposal } from '../laws/lib-types.js';
import { parseShape, type Shape, sizeOf } from '../laws/shape.js';
import { type Box, contiguousStart, parseSlice, rangeBox, runsOf, type Slice } from '../laws/slice.js';
import { type SeedGenerator, seedConfig, seedForCall } from './seed.js';

/** Options of `sample` and `sampleInWasm`: the flat index range [start, end) or a box (`slice`), and the output type. */
export interface RangeOptions {
  start?: number;
  end?: number;
  /**
   * A box of the tensor: one `[start, end)` pair per axis (axes left out at the end are whole).
   * The result is the box's values in row-major order, bit for bit the same box of the whole
   * tensor. Not with `start` or `end`. See `shardOf`.
   */
  slice?: Slice;
  /** Output type (default float32); see `DType`. */
  dtype?: DType;
}

/** Options of the async forms: `threads`, a worker count or 'auto'. */
export interface ThreadOptions {
  threads?: Threads;
}

/** Options of `fill`: the flat index of `out[0]` in the tensor or a box (`slice`), and the output type (inferred from `out` when omitted). */
export interface FillOptions {
  start?: number;
  /** A box of the tensor, as for `sample`; `out.length` must be its size. Not with `start`. */
  slice?: Slice;
  dtype?: DType;
}

/** The array type of each dtype: float16 and bfloat16 as bit patterns (a Float16Array for float16 where the runtime has one). */
export interface ArrayOf {
  float32: Float32Array;
  float64: Float64Array;
  float16: HalfArray;
  bfloat16: Uint16Array;
}

/** An initializer's names and whether it takes a seed (its entry in conventions/registry.ts). */
export interface InitializerName {
  readonly name: string;
  readonly className: string;
  readonly seeded: boolean;
}

export class Initializer {
  /** The factory's name, used in error messages (`glorotUniform`). */
  readonly name: string;
  /** The framework's name for it (`GlorotUniform`, `xavier_uniform_`, `glorot_uniform`). */
  readonly className: string;
  // Private (#) so an instance holds nothing JSON cannot write (a bigint seed, a function).
  readonly #config: Readonly<Record<string, unknown>>;
  readonly #lawFor: (dims: readonly number[], where: string) => Distribution;
  readonly #seed: bigint | SeedGenerator | undefined;
  readonly #seeded: boolean;

  /**
   * Made by the factories, which validate every option first.
   * @param id the factory's entry in the registry (conventions/registry.ts)
   * @param config the options as resolved, under the factory's option names, seed excluded (JSON data)
   * @param lawFor the sampling law for a parsed shape; it checks only what depends on the shape
   * @param seed the seed policy: a fixed seed, a SeedGenerator, or undefined for fresh randomness per call
   */
  constructor(
    id: InitializerName,
    config: Readonly<Record<string, unknown>>,
    lawFor: (dims: readonly number[], where: string) => Distribution,
    seed: bigint | SeedGenerator | undefined,
  ) {
    this.name = id.name;
    this.className = id.className;
    this.#config = config;
    this.#lawFor = lawFor;
    this.#seed = seed;
    this.#seeded = id.seeded;
  }

  /**
   * The options that rebuild this initializer, as JSON data (Keras's get_config): the factory
   * given them, or given `JSON.parse(JSON.stringify(config))`, makes one that samples the same
   * values. A seed above 2^53 − 1 is a decimal string; a SeedGenerator is its seed and state now
   * (`toJSON()`), so the rebuilt initializer continues from here with a generator of its own.
   */
  get config(): Readonly<Record<string, unknown>> {
    return this.#seeded ? { ...this.#config, seed: seedConfig(this.#seed) } : { ...this.#config };
  }

  /** The sampling law this initializer uses for `shape`, with float32 parameters and the target mean and std. */
  distribution(shape: Shape): Distribution {
    const where = `${this.name}.distribution`;
    return this.#lawFor(parseShape(shape, where), where);
  }

  /**
   * A fresh Float32Array of the tensor's values in row-major order, of flat indices [start, end)
   * only, or of a box (`slice`) only. A range or a box equals the same part of the whole tensor;
   * only the blocks it touches are computed (docs/stream-format.md).
   */
  sample<D extends DType = 'float32'>(shape: Shape, options?: RangeOptions & { dtype?: D }): ArrayOf[D] {
    const where = `${this.name}.sample`;
    const { law, box, dtype } = this.resolveRange(where, shape, options, ['start', 'end', 'slice', 'dtype']);
    const out = allocateOutput(where, dtype, box.size);
    this.write(where, law, out, box, seedForCall(this.#seed), dtype);
    return out as ArrayOf[D];
  }

  /**
   * Writes `out.length` values into the caller's Float32Array (a subarray is fine): flat indices
   * `start .. start + out.length − 1`, or the box `slice` in row-major order. With neither,
   * `out.length` must equal the tensor's size. Returns `out`.
   */
  fill<A extends OutputArray>(out: A, shape: Shape, options?: FillOptions): A {
    const where = `${this.name}.fill`;
    const { law, box, dtype } = this.resolveFill(where, out, shape, options, ['start', 'slice', 'dtype']);
    this.write(where, law, out, box, seedForCall(this.#seed), dtype);
    return out;
  }

  /**
   * `sample` on worker threads: a Promise that never blocks the event loop for long. `threads` is
   * a worker count or 'auto' (the default: workers only from 2^20 elements, 2^24 for uniform laws, as many as the machine
   * has cores, at most 8). The values are bit-identical to `sample()` for every thread count.
   * Errors reject the Promise.
   */
  async sampleAsync<D extends DType = 'float32'>(
    shape: Shape,
    options?: RangeOptions & ThreadOptions & { dtype?: D },
  ): Promise<ArrayOf[D]> {
    const where = `${this.name}.sampleAsync`;
    const { law, box, threads, dtype } = this.resolveRange(where, shape, options, [
      'start',
      'end',
      'slice',
      'dtype',
      'threads',
    ]);
    const seed = seedForCall(this.#seed);
    const out = allocateOutput(where, dtype, box.size);
    await this.writeAsync(where, law, out, box, seed, dtype, threads);
    return out as ArrayOf[D];
  }

  /** `fill` on worker threads (see `sampleAsync`); resolves to `out`. */
  async fillAsync<A extends OutputArray>(out: A, shape: Shape, options?: FillOptions & ThreadOptions): Promise<A> {
    const where = `${this.name}.fillAsync`;
    const { law, box, threads, dtype } = this.resolveFill(where, out, shape, options, [
      'start',
      'slice',
      'dtype',
      'threads',
    ]);
    const seed = seedForCall(this.#seed);
    await this.writeAsync(where, law, out, box, seed, dtype, threads);
    return out;
  }

  /**
   * The zero-copy form: generates straight into WebAssembly memory and returns a handle whose
   * `array` is a Float32Array view of it. Dispose the handle when done; see WasmTensor.
   */
  sampleInWasm<D extends DType = 'float32'>(shape: Shape, options?: RangeOptions & { dtype?: D }): WasmTensor<D> {
    const where = `${this.name}.sampleInWasm`;
    const { law, box, dtype } = this.resolveRange(where, shape, options, ['start', 'end', 'slice', 'dtype']);
    const runtime = wasm();
    const length = box.size;
    const start = contiguousStart(box);
    // Values are generated as float32 first: float64 needs room for both, float16 packs in place.
    const bytes = Math.max(length * Math.max(DTYPES[dtype].bytes, 4), 16);
    const fits = `one wasm tensor holds at most ${MAX_BLOCK_BYTES} bytes (1 GiB), as memory allows; use sample() or fill() for larger tensors, or take it in ranges`;
    if (bytes > MAX_BLOCK_BYTES) throw new RangeError(`${where}: ${length} ${dtype} values do not fit: ${fits}`);
    const ptr = runtime.allocate(bytes);
    if (ptr === 0) {
      throw new RangeError(`${where}: WebAssembly memory could not grow to hold ${length} ${dtype} values; ${fits}`);
    }
    const seed = seedForCall(this.#seed);
    try {
      if (law.kind === 'structured' || start === undefined) {
        // Through a JS array: a structured law may allocate wasm memory, which would detach a
        // view, and a box's runs are filled through the scratch buffer.
        const values = newArray(dtype, length);
        this.write(where, law, values, box, seed, dtype);
        viewOf(runtime, dtype, ptr, length).set(values as never);
      } else if (dtype === 'float64') {
        runtime.generate(law, seed, ptr + length * 4, length, start);
        runtime.f64(ptr, length).set(runtime.f32(ptr + length * 4, length));
      } else {
        runtime.generate(law, seed, ptr, length, start, DTYPES[dtype].precision);
        if (dtype !== 'float32') runtime.kernels.toHalf(ptr, ptr, length, DTYPES[dtype].precision);
      }
    } catch (error) {
      runtime.kernels.release(ptr);
      throw error;
    }
    return new WasmTensor(runtime, ptr, length, dtype as D);
  }

  /** Writes the law's values for the box (a range, or any box) into `out`, as `dtype`. */
  private write(where: string, law: Distribution, out: OutputArray, box: Box, seed: bigint, dtype: DType): void {
    if (law.kind === 'structured' && dtype !== 'float32' && dtype !== 'float64') {
      const values = new Float32Array(out.length);
      writeLaw(where, law, seed, values, box);
      checkRange(where, values, dtype);
      const runtime = wasm();
      for (let done = 0; done < out.length; done += runtime.blockSize) {
        const count = Math.min(out.length - done, runtime.blockSize);
        runtime.f32(runtime.scratch, count).set(values.subarray(done, done + count));
        runtime.copyOut(runtime.scratch, count, out, done, dtype);
      }
      return;
    }
    writeLaw(where, law, seed, out, box, dtype);
  }

  private writeAsync(
    where: string,
    law: Distribution,
    out: OutputArray,
    box: Box,
    seed: bigint,
    dtype: DType,
    threads: Threads,
  ): Promise<void> {
    const start = contiguousStart(box);
    if (start === undefined && law.kind !== 'constant' && law.kind !== 'structured') {
      return writeRunsAsync(where, law, seed, out, runsOf(box), dtype, threads);
    }
    // One range, or a law without a fill kernel (written whole on the calling thread, any box).
    return writeAsync(where, law, seed, out, start ?? 0, dtype, threads, () =>
      this.write(where, law, out, box, seed, dtype),
    );
  }

  /** Validates shape, range or slice, and dtype options; `known` lists the option names the caller accepts. */
  private resolveRange(where: string, shape: Shape, options: unknown, known: string[]) {
    const dims = parseShape(shape, where);
    const {
      start: rawStart,
      end: rawEnd,
      slice,
      threads: rawThreads,
      dtype: rawDType,
    } = checkOptions(where, options, known);
    const threads = threadsOption(where, rawThreads);
    const dtype = checkDType(where, rawDType);
    const law = forDType(where, this.#lawFor(dims, where), dtype);
    const total = sizeOf(dims, where);
    if (slice !== undefined) {
      if (rawStart !== undefined || rawEnd !== undefined) {
        throw new TypeError(`${where}: \`slice\` cannot be combined with \`start\` or \`end\`; pass one or the other`);
      }
      return { law, box: parseSlice(where, dims, slice), threads, dtype };
    }
    const start = rawStart === undefined ? 0 : index(where, 'start', rawStart);
    const end = rawEnd === undefined ? total : index(where, 'end', rawEnd);
    if (end > total) throw rangeError(where, 'end', `at most the tensor's size (${total})`, end);
    if (start > end) {
      throw new RangeError(`${where}: \`start\` must be at most \`end\`; got start = ${start}, end = ${end}`);
    }
    return { law, box: rangeBox(total, start, end), threads, dtype };
  }

  /** Validates `out`, shape and the fill options; the dtype defaults to the one `out`'s type implies. */
  private resolveFill(where: string, out: unknown, shape: Shape, options: unknown, known: string[]) {
    const { start: rawStart, slice, threads: rawThreads, dtype: rawDType } = checkOptions(where, options, known);
    const threads = threadsOption(where, rawThreads);
    if (typeof out === 'object' && out !== null && !ArrayBuffer.isView(out)) {
      // The kernels' values are copied into the array's memory: a Proxy has none of its own.
      throw typeError(where, 'out', 'a typed array itself, not a Proxy or other object that wraps one', out);
    }
    if (ArrayBuffer.isView(out) && isDetached(out)) {
      throw typeError(where, 'out', 'a typed array over a live buffer, not a detached (transferred) one', out);
    }
    const dtype = rawDType === undefined || rawDType === null ? dtypeOf(out) : checkDType(where, rawDType);
    if (dtype === undefined) {
      if (out instanceof Uint16Array) {
        throw new TypeError(`${where}: a Uint16Array holds float16 or bfloat16 bits: pass \`dtype\` to say which`);
      }
      throw typeError(where, 'out', 'a Float32Array, Float64Array, Float16Array or Uint16Array', out);
    }
    if (!fitsDType(out, dtype)) {
      const expected =
        dtype === 'float32'
          ? 'a Float32Array'
          : dtype === 'float64'
            ? 'a Float64Array'
            : 'a Uint16Array' + (dtype === 'float16' && float16ArrayClass ? ' or Float16Array' : '');
      throw typeError(where, 'out', `${expected} for dtype ${dtype}`, out);
    }
    const array = out as OutputArray;
    const dims = parseShape(shape, where);
    const law = forDType(where, this.#lawFor(dims, where), dtype);
    const total = sizeOf(dims, where);
    if (slice !== undefined) {
      if (rawStart !== undefined) {
        throw new TypeError(`${where}: \`slice\` cannot be combined with \`start\`; pass one or the other`);
      }
      const box = parseSlice(where, dims, slice);
      if (array.length !== box.size) {
        throw new RangeError(
          `${where}: \`out.length\` must equal the size of the slice ${show(box.start.map((s, i) => [s, box.end[i]]))} (${box.size}); got ${array.length}`,
        );
      }
      return { law, box, threads, dtype };
    }
    if (rawStart === undefined) {
      if (array.length !== total) {
        throw new RangeError(
          `${where}: \`out.length\` must equal the size of shape ${show(dims)} (${total}); got ${array.length}`,
        );
      }
      return { law, box: rangeBox(total, 0, total), threads, dtype };
    }
    const start = index(where, 'start', rawStart);
    if (start + array.length > total) {
      throw new RangeError(
        `${where}: \`start\` + \`out.length\` must be at most the size of shape ${show(dims)} (${total}); got start = ${start}, out.length = ${array.length}`,
      );
    }
    return { law, box: rangeBox(total, start, start + array.length), threads, dtype };
  }
}

/**
 * Writes the values of `law` at `seed` for the box into `out` as `dtype` (float32 by default;
 * structured laws other than in float32/float64 go through Initializer.write). A constant is the
 * same everywhere, so any box of it is its first elements.
 */
function writeLaw(
  where: string,
  law: Distribution,
  seed: bigint,
  out: OutputArray,
  box: Box,
  dtype: DType = 'float32',
): void {
  if (law.kind === 'constant' && (dtype === 'float32' || dtype === 'float64')) {
    out.fill(law.value);
    return;
  }
  const start = contiguousStart(box);
  if (law.kind === 'structured') {
    const values = dtype === 'float32' ? (out as Float32Array) : new Float32Array(out.length);
    if (start === undefined) writeStructuredBox(where, law, seed, values, box);
    else law.write(seed, values, start);
    if (dtype !== 'float32') (out as Float64Array).set(values);
    return;
  }
  if (start === undefined && law.kind !== 'constant') wasm().fillRuns(law, seed, out, runsOf(box), dtype);
  else wasm().fillBlocks(law, seed, out, start ?? 0, dtype);
}

/** The most elements a slice of a structured law that computes its whole tensor (`whole`) may need: 2^28, 1 GiB of float32. */
const MAX_WHOLE_TENSOR_ELEMENTS = 2 ** 28;

/**
 * A box of a structured law. Laws that compute their whole tensor for any range (orthogonal,
 * sparse, delta-orthogonal) compute it once, then copy the box's runs out; the others (identity,
 * eye, dirac) compute each run directly.
 */
function writeStructuredBox(where: string, law: StructuredLaw, seed: bigint, out: Float32Array, box: Box): void {
  let offset = 0;
  if (!law.whole) {
    for (const { start, count } of runsOf(box)) {
      law.write(seed, out.subarray(offset, offset + count), start);
      offset += count;
    }
    return;
  }
  const total = sizeOf(box.dims, where);
  if (total > MAX_WHOLE_TENSOR_ELEMENTS) {
    throw new RangeError(
      `${where}: a \`slice\` of this initializer computes its whole tensor once (it is not element-wise), and shape ${show(box.dims)} has ${total} elements, more than ${MAX_WHOLE_TENSOR_ELEMENTS} (2^28)`,
    );
  }
  const all = new Float32Array(total);
  law.write(seed, all, 0);
  for (const { start, count } of runsOf(box)) {
    out.set(all.subarray(start, start + count), offset);
    offset += count;
  }
}

/** A fresh array of `length` values of `dtype`, or a RangeError that says how to get such a tensor instead. */
function allocateOutput(where: string, dtype: DType, length: number): OutputArray {
  try {
    return newArray(dtype, length);
  } catch (error) {
    // The engine's RangeError: a length past its limit, or memory it could not allocate.
    if (!(error instanceof RangeError)) throw error;
    throw new RangeError(
      `${where}: ${length} ${dtype} values do not fit in one typed array on this runtime (${error.message}); sample in ranges with { start, end } or fill() your own buffers`,
      { cause: error },
    );
  }
}

/** Structured laws compute in float32; a 16-bit output must hold every value. */
function checkRange(where: string, values: Float32Array, dtype: DType): void {
  let largest = 0;
  for (const v of values) largest = Math.max(largest, Math.abs(v));
  if (largest > DTYPES[dtype].maxFinite) {
    throw new RangeError(
      `${where}: a value of magnitude ${largest} overflows ${dtype} (largest finite value ${DTYPES[dtype].maxFinite})`,
    );
  }
}

/** A view of `length` values of `dtype` at `ptr` in the runtime's memory. */
function viewOf<D extends DType>(runtime: Runtime, dtype: D, ptr: number, length: number): ArrayOf[D] {
  if (dtype === 'float64') return runtime.f64(ptr, length) as ArrayOf[D];
  if (dtype === 'float32') return runtime.f32(ptr, length) as ArrayOf[D];
  if (dtype === 'float16' && float16ArrayClass) {
    return new float16ArrayClass(runtime.buffer as ArrayBuffer, ptr, length) as ArrayOf[D];
  }
  return runtime.u16(ptr, length) as ArrayOf[D];
}

/**
 * A tensor in WebAssembly memory, from `sampleInWasm`. Read it through `array`, which re-derives
 * its view whenever memory has grown (growth detaches old views), and call `dispose()` (or use
 * `using`) to release it. After dispose, `array` throws, so a disposed block that memory reuses
 * is never read through the handle. Do not keep the Float32Array from `array` across other
 * nninit calls: they may grow memory and detach it.
 */
export class WasmTensor<D extends DType = 'float32'> {
  #runtime: Runtime;
  #ptr: number;
  #view: ArrayOf[D] | undefined;
  readonly length: number;
  readonly dtype: D;

  constructor(runtime: Runtime, ptr: number, length: number, dtype: D) {
    this.#runtime = runtime;
    this.#ptr = ptr;
    this.length = length;
    this.dtype = dtype;
  }

  /** A typed-array view of the values in wasm memory (zero-copy): Float32Array, Float64Array, or 16-bit patterns. */
  get array(): ArrayOf[D] {
    if (this.#ptr === 0) {
      throw new Error('nninit: this WasmTensor was disposed; its memory may already hold other data');
    }
    if (this.#view === undefined || this.#view.buffer !== this.#runtime.buffer) {
      this.#view = viewOf(this.#runtime, this.dtype, this.#ptr, this.length);
    }
    return this.#view;
  }

  /** The byte offset of the values in wasm memory. */
  get byteOffset(): number {
    return this.#ptr;
  }

  get disposed(): boolean {
    return this.#ptr === 0;
  }

  /** A copy of the values in an ordinary typed array. */
  toArray(): ArrayOf[D] {
    return this.array.slice() as ArrayOf[D];
  }

  /** Releases the memory. Idempotent. Also `[Symbol.dispose]`, so `using` releases it. */
  dispose(): void {
    if (this.#ptr === 0) return;
    this.#runtime.kernels.release(this.#ptr);
    this.#ptr = 0;
    this.#view = undefined;
  }
}

// `[Symbol.dispose]` is typed by this interface (where the consumer's lib knows Symbol.dispose;
// laws/lib-types.ts) and defined where the platform has it.
export interface WasmTensor<D extends DType = 'float32'> extends Disposal {}
if (typeof Symbol.dispose === 'symbol') {
  Object.defineProperty(WasmTensor.prototype, Symbol.dispose, {
    value: WasmTensor.prototype.dispose,
    writable: true,
    configurable: true,
  });
}

/** Validates `threads`: a worker count or 'auto' (the default). */
function threadsOption(where: string, value: unknown): Threads {
  if (value === undefined || value === null || value === 'auto') return 'auto';
  if (typeof value !== 'number') throw typeError(where, 'threads', "a number or 'auto'", value);
  if (!Number.isInteger(value) || value < 1 || value > MAX_THREADS) {
    throw rangeError(where, 'threads', `an integer in [1, ${MAX_THREADS}] or 'auto'`, value);
  }
  return value;
}

function index(where: string, option: string, value: unknown): number {
  if (typeof value !== 'number') throw typeError(where, option, 'an integer', value);
  if (!Number.isSafeInteger(value) || value < 0) throw rangeError(where, option, 'a non-negative safe integer', value);
  return value;
}

/** An initializer with `value` everywhere, for every shape: the zeros, ones and constants of each convention. */
export function constantInitializer(
  id: InitializerName,
  value: number,
  config: Readonly<Record<string, unknown>> = {},
): Initializer {
  const law = constant(id.name, value);
  return new Initializer(id, config, () => law, undefined);
}

/** The factory of an initializer that is `value` everywhere and takes no options: each convention's zeros and ones. */
export function fixedValueFactory(
  id: InitializerName,
  value: number,
): (options?: Record<string, never>) => Initializer {
  return (options) => {
    checkOptions(id.name, options, []);
    return constantInitializer(id, value);
  };
}
