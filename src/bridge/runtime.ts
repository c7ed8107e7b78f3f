// The one bridge to the WebAssembly kernels: load once, then hand out typed entry points, a
// scratch buffer, a workspace and raw allocations in linear memory.
//
// Instantiation is synchronous (new WebAssembly.Instance) and supplies the module's one import,
// `env.abort`, which turns an AssemblyScript abort into an Error with its message, file and line.
// Views are built here by hand (new Float32Array(memory.buffer, ptr, length)): our buffers are raw
// blocks, not AssemblyScript objects.
//
// Where the module's bytes come from is the one thing the entry points differ in (a WasmSource):
// 'nninit' embeds them as hex text (bridge/embedded.ts), 'nninit/wasm-file' fetches or reads the
// .wasm files shipped beside the JavaScript (bridge/files.ts), and under the `workerd` condition
// (workerd.ts) the host imports nninit.wasm as a compiled module. Everything else is shared.

import type { Distribution } from '../laws/distribution.js';
import { DTYPES, type DType, type HalfArray, halfBits, nextDown, type OutputArray } from '../laws/dtype.js';
import type { Run } from '../laws/slice.js';
import { Heap } from './heap.js';
import { threadsMemory } from './wasm-limits.js';
import type { WasmGlobal, WasmMemory, WasmModule } from './wasm-types.js';

/**
 * The kernels' exports (assembly/index.ts), with `allocate` and `release` from the bridge's Heap
 * (bridge/heap.ts): the module has no allocator of its own. Counts and pointers are numbers (pointers
 * unsigned, up to 4 GiB); seeds and flat indices are u64 bigints.
 */
export interface Kernels {
  readonly memory: WasmMemory;
  readonly BLOCK_SIZE: WasmGlobal;
  readonly WORK_BYTES: WasmGlobal;
  /** Elements per stream block of the normal and truncated-normal kernels (BLOCK_SIZE for the others). */
  readonly NORMAL_BLOCK_SIZE: WasmGlobal;
  /** Addresses of the Ziggurat tables X[0..256] and F[0..256] (float32), computed when the module starts. */
  readonly ZIGGURAT_X: WasmGlobal;
  readonly ZIGGURAT_F: WasmGlobal;
  /** A block of `bytes` bytes, 16-byte aligned; 0 when memory cannot grow that far. */
  allocate(bytes: number): number;
  release(ptr: number): void;
  splitMix64(seed: bigint, n: bigint): bigint;
  xoshiroSeed(state: number, seed: bigint): void;
  xoshiroNext(state: number): number;
  xoshiroFill(state: number, out: number, count: number): void;
  xoshiroJump(state: number): void;
  xoshiroLongJump(state: number): void;
  fillUniform(
    work: number,
    out: number,
    count: number,
    start: bigint,
    seed: bigint,
    a: number,
    b: number,
    below: number,
    precision: number,
  ): void;
  fillNormal(
    work: number,
    out: number,
    count: number,
    start: bigint,
    seed: bigint,
    mean: number,
    std: number,
    precision: number,
  ): void;
  fillTruncatedNormal(
    work: number,
    out: number,
    count: number,
    start: bigint,
    seed: bigint,
    mean: number,
    std: number,
    lo: number,
    hi: number,
    precision: number,
  ): void;
  fillTruncatedNormalTail(
    work: number,
    out: number,
    count: number,
    start: bigint,
    seed: bigint,
    p: number,
    width: number,
    below: number,
    mean: number,
    invStd: number,
    xs: number,
  ): void;
  fillConstant(out: number, count: number, value: number): void;
  toHalf(src: number, dst: number, count: number, precision: number): void;
  orthogonalKernel(
    src: number,
    m: number,
    n: number,
    srcTransposed: number,
    a: number,
    q: number,
    aux: number,
    out: number,
    outTransposed: number,
    gain: number,
  ): void;
}

/** Buffers a Runtime uses; a worker's are allocated for it by the main thread (workers never allocate). */
export interface RuntimeBuffers {
  readonly scratch: number;
  readonly work: number;
  readonly state: number;
}

/** A kernels instance plus the fixed buffers its synchronous calls share. */
export class Runtime {
  /** Elements per stream block (docs/stream-format.md), and the scratch buffer's capacity in floats. */
  readonly blockSize: number;
  /** Elements per stream block of the normal laws (blockOf). */
  readonly normalBlockSize: number;
  /** Scratch for copying results out to callers' arrays: one block of float32. */
  readonly scratch: number;
  /** Workspace for the fill kernels (lane states, one row, lane positions). */
  readonly work: number;
  /** Four words of raw generator state. */
  readonly state: number;

  constructor(
    readonly kernels: Kernels,
    buffers?: RuntimeBuffers,
  ) {
    this.blockSize = Number(kernels.BLOCK_SIZE.value);
    this.normalBlockSize = Number(kernels.NORMAL_BLOCK_SIZE.value);
    const { scratch, work, state } = buffers ?? Runtime.allocateBuffers(kernels);
    this.scratch = scratch;
    this.work = work;
    this.state = state;
  }

  /** Allocates a Runtime's buffers in the kernels' memory. */
  static allocateBuffers(kernels: Kernels): RuntimeBuffers {
    const allocate = (bytes: number): number => {
      const ptr = kernels.allocate(bytes);
      if (ptr === 0) throw new RangeError(`nninit: could not allocate ${bytes} bytes of WebAssembly memory`);
      return ptr;
    };
    return {
      scratch: allocate(Number(kernels.BLOCK_SIZE.value) * 4),
      work: allocate(Number(kernels.WORK_BYTES.value)),
      state: allocate(16),
    };
  }

  /** Allocates `bytes` bytes of linear memory, 16-byte aligned; 0 when memory cannot grow that far. */
  allocate(bytes: number): number {
    return this.kernels.allocate(bytes);
  }

  /** The current buffer of linear memory (replaced when non-shared memory grows). */
  get buffer(): ArrayBufferLike {
    return this.kernels.memory.buffer;
  }

  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.kernels.memory.buffer, ptr, length);
  }

  f64(ptr: number, length: number): Float64Array {
    return new Float64Array(this.kernels.memory.buffer, ptr, length);
  }

  u16(ptr: number, length: number): Uint16Array {
    return new Uint16Array(this.kernels.memory.buffer, ptr, length);
  }

  /**
   * Copies `count` float32 values at `ptr` (rounded for `dtype` already, or arbitrary for
   * structured laws) into `out` at `offset`, converting to `dtype`. Half types are packed in place.
   */
  copyOut(ptr: number, count: number, out: OutputArray, offset: number, dtype: DType): void {
    if (dtype === 'float32' || dtype === 'float64') {
      (out as Float32Array | Float64Array).set(this.f32(ptr, count), offset);
      return;
    }
    this.kernels.toHalf(ptr, ptr, count, DTYPES[dtype].precision);
    halfBits(out as HalfArray).set(this.u16(ptr, count), offset);
  }

  u32(ptr: number, length: number): Uint32Array {
    return new Uint32Array(this.kernels.memory.buffer, ptr, length);
  }

  /**
   * Runs the kernel of an element-wise law (with bounds already in the output type: forDType) for
   * flat indices [start, start + count) into memory at `ptr`, as float32 values rounded to
   * `precision` (0 float32, 1 float16, 2 bfloat16).
   */
  generate(law: ElementwiseLaw, seed: bigint, ptr: number, count: number, start: number, precision = 0): void {
    const k = this.kernels;
    const at = BigInt(start);
    switch (law.kind) {
      case 'constant':
        return k.fillConstant(ptr, count, law.value);
      case 'uniform':
        return k.fillUniform(this.work, ptr, count, at, seed, law.minval, law.maxval, law.below, precision);
      case 'normal':
        return k.fillNormal(this.work, ptr, count, at, seed, law.mean, law.stddev, precision);
      case 'truncatedNormal':
        return k.fillTruncatedNormal(
          this.work,
          ptr,
          count,
          at,
          seed,
          law.mean,
          law.stddev,
          law.lower,
          law.upper,
          precision,
        );
      case 'truncatedNormalTail':
        // float32 only: forDType refuses the 16-bit types for this law.
        return k.fillTruncatedNormalTail(
          this.work,
          ptr,
          count,
          at,
          seed,
          law.proposalLower,
          Math.fround(law.proposalUpper - law.proposalLower),
          nextDown('float32', law.proposalUpper),
          law.mean,
          law.invStd,
          law.center,
        );
      default:
        // A new law kind must get its kernel here: this fails to compile until it does.
        return law satisfies never;
    }
  }

  /**
   * Generates values of an element-wise law for out[from, to) (flat indices start + from ..), a
   * block-aligned chunk at a time through the scratch buffer, converted to `dtype`. Stops at `to`
   * or, after at least one chunk, once performance.now() passes `deadline`; returns where it stopped.
   */
  fillBlocks(
    law: ElementwiseLaw,
    seed: bigint,
    out: OutputArray,
    start: number,
    dtype: DType,
    from = 0,
    to = out.length,
    deadline = Infinity,
  ): number {
    let done = from;
    // Chunks end on block boundaries, so each kernel call starts at most one partial block.
    while (done < to) {
      const at = start + done;
      const count = Math.min(to - done, this.blockSize - (at % this.blockSize));
      this.generate(law, seed, this.scratch, count, at, DTYPES[dtype].precision);
      this.copyOut(this.scratch, count, out, done, dtype);
      done += count;
      if (deadline !== Infinity && performance.now() >= deadline) break;
    }
    return done;
  }

  /**
   * Generates values of an element-wise law for the flat indices of `runs`, one after another,
   * into `out` (whose length is the runs' total), converted to `dtype`. The runs are cut at block
   * boundaries; the pieces that share a block are generated either one by one (each kernel call
   * advances the block's lanes to its piece) or as one span through the scratch buffer, whichever
   * SKIP_COST says is cheaper. The values are the same either way.
   */
  fillRuns(law: ElementwiseLaw, seed: bigint, out: OutputArray, runs: Iterable<Run>, dtype: DType): void {
    const size = this.blockOf(law);
    // The current block's pieces, as (flat index, count, offset in out) triples.
    const pieces: number[] = [];
    let block = -1;
    let offset = 0;
    for (const { start, count } of runs) {
      for (let done = 0; done < count;) {
        const at = start + done;
        const b = Math.floor(at / size);
        const n = Math.min(count - done, (b + 1) * size - at);
        if (b !== block) {
          this.fillPieces(law, seed, out, pieces, block * size, dtype);
          block = b;
        }
        pieces.push(at, n, offset + done);
        done += n;
      }
      offset += count;
    }
    this.fillPieces(law, seed, out, pieces, block * size, dtype);
  }

  /**
   * The elements per stream block of a law's kernel (docs/stream-format.md §2), by which fillRuns
   * plans a box: 2048 for the normal and the truncated normal of stream format v2, else blockSize.
   */
  blockOf(law: ElementwiseLaw): number {
    return law.kind === 'normal' || law.kind === 'truncatedNormal' ? this.normalBlockSize : this.blockSize;
  }

  /** Generates the pieces of one block (fillRuns), the cheaper way, and empties `pieces`. */
  private fillPieces(
    law: ElementwiseLaw,
    seed: bigint,
    out: OutputArray,
    pieces: number[],
    blockFirst: number,
    dtype: DType,
  ): void {
    if (pieces.length === 0) return;
    const precision = DTYPES[dtype].precision;
    const skip = SKIP_COST[law.kind];
    const first = pieces[0]!;
    const end = pieces[pieces.length - 3]! + pieces[pieces.length - 2]!;
    let oneByOne = 0;
    for (let i = 0; i < pieces.length; i += 3)
      oneByOne += CALL_COST + skip * (pieces[i]! - blockFirst) + pieces[i + 1]!;
    // A span starts at the first piece, or at the block's start when skipping costs more than generating.
    const from = skip < 1 ? first : blockFirst;
    const span = CALL_COST + skip * (from - blockFirst) + (end - from);
    if (oneByOne <= span) {
      for (let i = 0; i < pieces.length; i += 3) {
        this.generate(law, seed, this.scratch, pieces[i + 1]!, pieces[i]!, precision);
        this.copyOut(this.scratch, pieces[i + 1]!, out, pieces[i + 2]!, dtype);
      }
    } else {
      this.generate(law, seed, this.scratch, end - from, from, precision);
      for (let i = 0; i < pieces.length; i += 3) {
        this.copyOut(this.scratch + (pieces[i]! - from) * 4, pieces[i + 1]!, out, pieces[i + 2]!, dtype);
      }
    }
    pieces.length = 0;
  }
}

/**
 * What advancing a block's lanes past one element costs, relative to generating one, per law
 * (measured with stream format v2's kernels: a 1-element fill at a block's end against one at its
 * start). The truncated normal cannot skip without generating: its lanes' spare generators advance
 * with the rejections before the range, so it draws those rows without storing them.
 */
const SKIP_COST: Readonly<Record<ElementwiseLaw['kind'], number>> = {
  constant: 0,
  uniform: 0.4,
  normal: 0.35,
  truncatedNormal: 0.85,
  truncatedNormalTail: 1,
};

/** The fixed cost of one kernel call, in generated elements: seeding eight lanes (16 SplitMix64 outputs) and the call. */
const CALL_COST = 64;

/** The laws the fill kernels implement directly (everything but 'structured'). */
export type ElementwiseLaw = Exclude<Distribution, { kind: 'structured' }>;

/** How an entry point supplies the two wasm builds (see the top of this file). */
export interface WasmSource {
  /** Names the entry point in error messages. */
  readonly name: string;
  /**
   * The main build for synchronous instantiation (bytes or a compiled module), or undefined when
   * this source can only load asynchronously, so that `await ready()` must come first.
   */
  readonly sync?: () => WasmModule | ArrayBuffer;
  /** Compiles the main build. */
  compile(): Promise<WasmModule>;
  /**
   * Compiles the threads build (it imports one shared memory of `threadsMemory` pages); absent
   * where there are no threads (then the async forms run on the calling thread).
   */
  readonly compileThreads?: () => Promise<WasmModule>;
}

let source: WasmSource | undefined;
let runtime: Runtime | undefined;
let compiling: Promise<void> | undefined;

/**
 * Sets where the wasm comes from; called once by each entry point as it loads. The first call
 * wins, so a page that imports both entry points uses the one it loaded first.
 */
export function setWasmSource(from: WasmSource): void {
  source ??= from;
}

function wasmSource(): WasmSource {
  if (!source) throw new Error("nninit: no WebAssembly source; import the package as 'nninit' or 'nninit/wasm-file'");
  return source;
}

/**
 * Compiles and instantiates the WebAssembly module off the calling thread's critical path, once.
 * With the embedded module ('nninit') awaiting it is optional: the first sampler call otherwise
 * instantiates the module synchronously (it is about 21 KB, far below the 8 MB that Chromium
 * allows to compile synchronously on a page's main thread). With 'nninit/wasm-file' it is
 * required before the first synchronous call: the module arrives by fetch.
 */
export function ready(): Promise<void> {
  compiling ??= wasmSource()
    .compile()
    .then(
      (module) => {
        runtime ??= new Runtime(instantiateKernels(module, {}));
      },
      (error: unknown) => {
        compiling = undefined;
        throw error;
      },
    );
  return compiling;
}

/** The loaded runtime, instantiated synchronously on first use where the source allows it. */
export function wasm(): Runtime {
  if (runtime) return runtime;
  const from = wasmSource();
  if (!from.sync) {
    throw new Error(
      `nninit: ${from.name} loads its WebAssembly module asynchronously: \`await ready()\` before the first synchronous call`,
    );
  }
  runtime = new Runtime(instantiateKernels(from.sync(), {}));
  return runtime;
}

/**
 * Instantiates a kernels module (bytes or compiled), supplying `env.abort` (see the top of this
 * file), with a Heap over its memory.
 */
export function instantiateKernels(
  module: WasmModule | ArrayBuffer,
  imports: { env?: { memory: WasmMemory } },
): Kernels {
  let memory = imports.env?.memory;
  // AssemblyScript's abort(message, fileName, lineNumber, columnNumber); its strings are UTF-16, their byte length before them.
  const text = (ptr: number): string => {
    if (ptr === 0 || !memory) return '';
    const bytes = new Uint32Array(memory.buffer, ptr - 4, 1)[0]!;
    return String.fromCharCode(...new Uint16Array(memory.buffer, ptr, bytes >>> 1));
  };
  const abort = (message: number, file: number, line: number, column: number): never => {
    throw new Error(`nninit: WebAssembly abort: ${text(message)} at ${text(file)}:${line}:${column}`);
  };
  const compiled = module instanceof WebAssembly.Module ? module : new WebAssembly.Module(module);
  const exports = new WebAssembly.Instance(compiled, { env: { ...imports.env, abort } }).exports as unknown as Kernels;
  memory ??= exports.memory;
  const heap = new Heap(exports.memory);
  return { ...exports, allocate: (bytes) => heap.allocate(bytes), release: (ptr) => heap.release(ptr) };
}

/** The threads build: a module that imports one shared memory, for the main thread and every worker. */
export interface SharedKernels {
  readonly module: WasmModule;
  readonly memory: WasmMemory;
  /** The main thread's instance: it alone allocates in the shared memory. */
  readonly runtime: Runtime;
}

let shared: Promise<SharedKernels> | undefined;

/** Whether this entry point has a threads build at all. */
export function hasThreadsBuild(): boolean {
  return wasmSource().compileThreads !== undefined;
}

/** Compiles the threads build and creates its shared memory, once (the bytes load on first use). */
export function sharedKernels(): Promise<SharedKernels> {
  const from = wasmSource();
  if (!from.compileThreads) return Promise.reject(new Error(`nninit: ${from.name} has no threads build`));
  shared ??= from.compileThreads().then(
    (module) => {
      const memory = new WebAssembly.Memory({ ...threadsMemory, shared: true });
      return { module, memory, runtime: new Runtime(instantiateKernels(module, { env: { memory } })) };
    },
    (error: unknown) => {
      shared = undefined;
      throw error;
    },
  );
  return shared;
}

/** Whether this is Node.js (worker_threads, os) rather than a browser or another runtime. */
export function isNode(): boolean {
  const host = globalThis as { process?: { versions?: { node?: unknown } } };
  return typeof host.process?.versions?.node === 'string';
}
