// An initializer: a sampling law per shape plus a seed policy, and the three ways to get values
// out of the kernels (a fresh array, the caller's array, or a zero-copy tensor in wasm memory).

import type { Distribution } from './distribution.js';
import { checkOptions, rangeError, show, typeError } from './errors.js';
import { type SeedGenerator, seedForCall } from './seed.js';
import { parseShape, type Shape } from './shape.js';
import { fillOnWorkers, type Threads, workerCount } from './threads.js';
import { type Runtime, wasm } from './wasm.js';

/** Options of `sample` and `sampleInWasm`: the flat index range [start, end) of the tensor to return. */
export interface RangeOptions {
  start?: number;
  end?: number;
}

/** Options of the async forms: `threads`, a worker count or 'auto'. */
export interface ThreadOptions {
  threads?: Threads;
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
    const { law, start, end } = this.resolveRange(where, shape, options, ['start', 'end']);
    const out = allocateOutput(where, end - start);
    this.write(law, out, start, seedForCall(this.seed));
    return out;
  }

  /**
   * Writes `out.length` values into the caller's Float32Array (a subarray is fine): flat indices
   * `start .. start + out.length − 1`. Without `start`, `out.length` must equal the tensor's size.
   * Returns `out`.
   */
  fill(out: Float32Array, shape: Shape, options?: FillOptions): Float32Array {
    const where = `${this.name}.fill`;
    const { law, start } = this.resolveFill(where, out, shape, options, ['start']);
    this.write(law, out, start, seedForCall(this.seed));
    return out;
  }

  /**
   * `sample` on worker threads: a Promise that never blocks the event loop for long. `threads` is
   * a worker count or 'auto' (the default: workers only from 2^18 elements, as many as the machine
   * has cores, at most 8). The values are bit-identical to `sample()` for every thread count.
   * Errors reject the Promise.
   */
  async sampleAsync(shape: Shape, options?: RangeOptions & ThreadOptions): Promise<Float32Array> {
    const where = `${this.name}.sampleAsync`;
    const { law, start, end, threads } = this.resolveRange(where, shape, options, ['start', 'end', 'threads']);
    const seed = seedForCall(this.seed);
    const out = allocateOutput(where, end - start);
    await this.writeAsync(where, law, out, start, seed, threads);
    return out;
  }

  /** `fill` on worker threads (see `sampleAsync`); resolves to `out`. */
  async fillAsync(out: Float32Array, shape: Shape, options?: FillOptions & ThreadOptions): Promise<Float32Array> {
    const where = `${this.name}.fillAsync`;
    const { law, start, threads } = this.resolveFill(where, out, shape, options, ['start', 'threads']);
    const seed = seedForCall(this.seed);
    await this.writeAsync(where, law, out, start, seed, threads);
    return out;
  }

  /**
   * The zero-copy form: generates straight into WebAssembly memory and returns a handle whose
   * `array` is a Float32Array view of it. Dispose the handle when done; see WasmTensor.
   */
  sampleInWasm(shape: Shape, options?: RangeOptions): WasmTensor {
    const where = `${this.name}.sampleInWasm`;
    const { law, start, end } = this.resolveRange(where, shape, options, ['start', 'end']);
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
      runtime.generate(law, seed, ptr, length, start);
    }
    return new WasmTensor(runtime, ptr, length);
  }

  /** Writes the law's values for flat indices start .. start + out.length − 1 into `out`. */
  private write(law: Distribution, out: Float32Array, start: number, seed: bigint): void {
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
      runtime.generate(law, seed, runtime.scratch, count, at);
      out.set(runtime.f32(runtime.scratch, count), done);
      done += count;
    }
  }

  private async writeAsync(
    where: string,
    law: Distribution,
    out: Float32Array,
    start: number,
    seed: bigint,
    threads: unknown,
  ): Promise<void> {
    const workers = await workerCount(where, threads, out.length);
    if (workers === 0 || law.kind === 'constant' || law.kind === 'structured') this.write(law, out, start, seed);
    else await fillOnWorkers(law, seed, out, start, workers);
  }

  /** Validates shape and range options; `known` lists the option names the caller accepts. */
  private resolveRange(where: string, shape: Shape, options: unknown, known: string[]) {
    const dims = parseShape(shape, where);
    const law = this.lawFor(dims, where);
    const { start: rawStart, end: rawEnd, threads } = checkOptions(where, options, known);
    const total = size(dims);
    const start = rawStart === undefined ? 0 : index(where, 'start', rawStart);
    const end = rawEnd === undefined ? total : index(where, 'end', rawEnd);
    if (end > total) throw rangeError(where, 'end', `at most the tensor's size (${total})`, end);
    if (start > end) {
      throw new RangeError(`${where}: \`start\` must be at most \`end\`; got start = ${start}, end = ${end}`);
    }
    return { law, start, end, threads };
  }

  /** Validates `out`, shape and the fill options. */
  private resolveFill(where: string, out: unknown, shape: Shape, options: unknown, known: string[]) {
    if (!(out instanceof Float32Array)) throw typeError(where, 'out', 'a Float32Array', out);
    const dims = parseShape(shape, where);
    const law = this.lawFor(dims, where);
    const total = size(dims);
    const { start: rawStart, threads } = checkOptions(where, options, known);
    if (rawStart === undefined) {
      if (out.length !== total) {
        throw new RangeError(
          `${where}: \`out.length\` must equal the size of shape ${show(dims)} (${total}); got ${out.length}`,
        );
      }
      return { law, start: 0, threads };
    }
    const start = index(where, 'start', rawStart);
    if (start + out.length > total) {
      throw new RangeError(
        `${where}: \`start\` + \`out.length\` must be at most the size of shape ${show(dims)} (${total}); got start = ${start}, out.length = ${out.length}`,
      );
    }
    return { law, start, threads };
  }
}

/** A fresh Float32Array of `length`, or a RangeError that says how to get such a tensor instead. */
function allocateOutput(where: string, length: number): Float32Array {
  try {
    return new Float32Array(length);
  } catch {
    throw new RangeError(
      `${where}: ${length} float32 values do not fit in one Float32Array on this runtime; sample in ranges with { start, end } or fill() your own buffers`,
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
