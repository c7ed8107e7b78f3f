// An initializer: a sampling law per shape plus a seed policy, and the three ways to get values
// out of the kernels (a fresh array, the caller's array, or a zero-copy tensor in wasm memory).

import { type Distribution, nextDown } from './distribution.js';
import { checkOptions, rangeError, show, typeError } from './errors.js';
import { type SeedGenerator, seedForCall } from './seed.js';
import { parseShape, type Shape } from './shape.js';
import { type Runtime, wasm } from './wasm.js';

/** Options of `sample` and `sampleInWasm`: the flat index range [start, end) of the tensor to return. */
export interface RangeOptions {
  start?: number;
  end?: number;
}

/** Options of `fill`: the flat index of `out[0]` in the tensor. */
export interface FillOptions {
  start?: number;
}

/** The largest raw block the wasm allocator hands out (TLSF's 1 GiB block limit, less its header). */
const MAX_WASM_BYTES = 2 ** 30 - 16;

export class Initializer {
  /**
   * @param name the factory's name, used in error messages (`glorotUniform`)
   * @param className Keras's class name (`GlorotUniform`)
   * @param config the options as resolved, Keras's config keys in camelCase
   * @param lawFor the sampling law for a validated shape
   * @param seed the seed policy: a fixed seed, a SeedGenerator, or undefined for fresh randomness per call
   */
  constructor(
    readonly name: string,
    readonly className: string,
    readonly config: Readonly<Record<string, unknown>>,
    private readonly lawFor: (dims: number[], where: string) => Distribution,
    private readonly seed: bigint | SeedGenerator | undefined,
  ) {}

  /** The sampling law this initializer uses for `shape`, with float32 parameters and the target mean and std. */
  distribution(shape: Shape): Distribution {
    const where = `${this.name}.distribution`;
    return this.lawFor(parseShape(shape, where), where);
  }

  /**
   * A fresh Float32Array of the tensor's values in row-major order, or of flat indices
   * [start, end) only. A range equals the same slice of the whole tensor; only its first block
   * is computed from its beginning (docs/stream-format.md).
   */
  sample(shape: Shape, options?: RangeOptions): Float32Array {
    const where = `${this.name}.sample`;
    const dims = parseShape(shape, where);
    const law = this.lawFor(dims, where);
    const [start, end] = rangeOf(where, options, size(dims));
    let out: Float32Array;
    try {
      out = new Float32Array(end - start);
    } catch {
      throw new RangeError(
        `${where}: ${end - start} float32 values do not fit in one Float32Array on this runtime; sample in ranges with { start, end } or fill() your own buffers`,
      );
    }
    this.write(law, out, start);
    return out;
  }

  /**
   * Writes `out.length` values into the caller's Float32Array (a subarray is fine): flat indices
   * `start .. start + out.length − 1`. Without `start`, `out.length` must equal the tensor's size.
   * Returns `out`.
   */
  fill(out: Float32Array, shape: Shape, options?: FillOptions): Float32Array {
    const where = `${this.name}.fill`;
    if (!(out instanceof Float32Array)) throw typeError(where, 'out', 'a Float32Array', out);
    const dims = parseShape(shape, where);
    const law = this.lawFor(dims, where);
    const total = size(dims);
    const { start: rawStart } = checkOptions(where, options, ['start']);
    if (rawStart === undefined) {
      if (out.length !== total) {
        throw new RangeError(
          `${where}: \`out.length\` must equal the size of shape ${show(dims)} (${total}); got ${out.length}`,
        );
      }
      this.write(law, out, 0);
    } else {
      const start = index(where, 'start', rawStart);
      if (start + out.length > total) {
        throw new RangeError(
          `${where}: \`start\` + \`out.length\` must be at most the size of shape ${show(dims)} (${total}); got start = ${start}, out.length = ${out.length}`,
        );
      }
      this.write(law, out, start);
    }
    return out;
  }

  /**
   * The zero-copy form: generates straight into WebAssembly memory and returns a handle whose
   * `array` is a Float32Array view of it. Dispose the handle when done; see WasmTensor.
   */
  sampleInWasm(shape: Shape, options?: RangeOptions): WasmTensor {
    const where = `${this.name}.sampleInWasm`;
    const dims = parseShape(shape, where);
    const law = this.lawFor(dims, where);
    const [start, end] = rangeOf(where, options, size(dims));
    const runtime = wasm();
    const length = end - start;
    const bytes = Math.max(length * 4, 16);
    const fits = `one wasm tensor holds at most ${Math.floor(MAX_WASM_BYTES / 4)} float32 values (1 GiB), as memory allows; use sample() or fill() for larger tensors, or take it in ranges`;
    if (bytes > MAX_WASM_BYTES) throw new RangeError(`${where}: ${length} values do not fit: ${fits}`);
    let ptr = 0;
    try {
      ptr = runtime.kernels.allocate(bytes);
    } catch {
      ptr = 0;
    }
    if (ptr === 0) {
      throw new RangeError(`${where}: WebAssembly memory could not grow to hold ${length} values; ${fits}`);
    }
    const seed = seedForCall(this.seed);
    if (law.kind === 'structured') {
      // Through a JS array: a structured law may allocate wasm memory, which would detach a view.
      const values = new Float32Array(length);
      law.write(seed, values, start);
      runtime.f32(ptr, length).set(values);
    } else {
      generate(runtime, law, seed, ptr, length, start);
    }
    return new WasmTensor(runtime, ptr, length);
  }

  /** Writes the law's values for flat indices start .. start + out.length − 1 into `out`. */
  private write(law: Distribution, out: Float32Array, start: number): void {
    if (law.kind === 'constant') {
      out.fill(law.value);
      return;
    }
    writeLaw(law, seedForCall(this.seed), out, start);
  }
}

/**
 * Writes the values of `law` at `seed` for flat indices start .. start + out.length − 1 into
 * `out` (any Float32Array). Structured laws use this for the element-wise streams they build on.
 */
export function writeLaw(law: Distribution, seed: bigint, out: Float32Array, start: number): void {
  if (law.kind === 'constant') {
    out.fill(law.value);
    return;
  }
  if (law.kind === 'structured') {
    law.write(seed, out, start);
    return;
  }
  const runtime = wasm();
  // Chunks end on block boundaries, so each kernel call starts at most one partial block.
  let done = 0;
  while (done < out.length) {
    const at = start + done;
    const count = Math.min(out.length - done, runtime.blockSize - (at % runtime.blockSize));
    generate(runtime, law, seed, runtime.scratch, count, at);
    out.set(runtime.f32(runtime.scratch, count), done);
    done += count;
  }
}

/** Runs the kernel of `law` for flat indices [start, start + count) into wasm memory at `ptr`. */
function generate(
  runtime: Runtime,
  law: Exclude<Distribution, { kind: 'structured' }>,
  seed: bigint,
  ptr: number,
  count: number,
  start: number,
): void {
  const k = runtime.kernels;
  switch (law.kind) {
    case 'constant':
      return k.fillConstant(ptr, count, law.value);
    case 'uniform':
      return k.fillUniform(runtime.work, ptr, count, BigInt(start), seed, law.minval, law.maxval);
    case 'normal':
      return k.fillNormal(runtime.work, ptr, count, BigInt(start), seed, law.mean, law.stddev);
    case 'truncatedNormal':
      return k.fillTruncatedNormal(
        runtime.work,
        ptr,
        count,
        BigInt(start),
        seed,
        law.mean,
        law.stddev,
        law.lower,
        law.upper,
      );
    case 'truncatedNormalTail':
      return k.fillTruncatedNormalTail(
        runtime.work,
        ptr,
        count,
        BigInt(start),
        seed,
        law.proposalLower,
        Math.fround(law.proposalUpper - law.proposalLower),
        nextDown(law.proposalUpper),
        law.mean,
        law.invStd,
        law.center,
      );
  }
}

/**
 * A tensor in WebAssembly memory, from `sampleInWasm`. Read it through `array`, which re-derives
 * its view whenever memory has grown (growth detaches old views), and call `dispose()` (or use
 * `using`) to release it. After dispose, `array` throws, so a disposed block that memory reuses
 * is never read through the handle. Do not keep the Float32Array from `array` across other
 * nninit calls: they may grow memory and detach it.
 */
export class WasmTensor {
  #runtime: Runtime;
  #ptr: number;
  #view: Float32Array | undefined;
  readonly length: number;

  constructor(runtime: Runtime, ptr: number, length: number) {
    this.#runtime = runtime;
    this.#ptr = ptr;
    this.length = length;
  }

  /** A Float32Array view of the values in wasm memory (zero-copy). */
  get array(): Float32Array {
    if (this.#ptr === 0)
      throw new Error('nninit: this WasmTensor was disposed; its memory may already hold other data');
    if (this.#view === undefined || this.#view.buffer !== this.#runtime.buffer) {
      this.#view = this.#runtime.f32(this.#ptr, this.length);
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

  /** A copy of the values in an ordinary Float32Array. */
  toArray(): Float32Array {
    return this.array.slice();
  }

  /** Releases the memory. Idempotent. */
  dispose(): void {
    if (this.#ptr === 0) return;
    this.#runtime.kernels.release(this.#ptr);
    this.#ptr = 0;
    this.#view = undefined;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}

function size(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

function index(where: string, option: string, value: unknown): number {
  if (typeof value !== 'number') throw typeError(where, option, 'an integer', value);
  if (!Number.isSafeInteger(value) || value < 0) throw rangeError(where, option, 'a non-negative safe integer', value);
  return value;
}

function rangeOf(where: string, options: unknown, total: number): [number, number] {
  const { start: rawStart, end: rawEnd } = checkOptions(where, options, ['start', 'end']);
  const start = rawStart === undefined ? 0 : index(where, 'start', rawStart);
  const end = rawEnd === undefined ? total : index(where, 'end', rawEnd);
  if (end > total) throw rangeError(where, 'end', `at most the tensor's size (${total})`, end);
  if (start > end)
    throw new RangeError(`${where}: \`start\` must be at most \`end\`; got start = ${start}, end = ${end}`);
  return [start, end];
}
