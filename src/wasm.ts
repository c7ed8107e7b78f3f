// The one bridge to the WebAssembly kernels: load once, then hand out typed entry points,
// a scratch buffer, a workspace and raw allocations in linear memory.
//
// Instantiation goes through @assemblyscript/loader's instantiateSync, which supplies the
// `env.abort` import and turns an AssemblyScript abort into an Error with file and line. Its async
// `instantiate` is not used: it probes the global `Response`, which makes Node 20 load its fetch
// implementation (about 18 ms, most of a cold start). Views are built here by hand: the loader's
// __getFloat32ArrayView reads AssemblyScript object headers, and our buffers are raw blocks.

import { instantiateSync } from '@assemblyscript/loader';
import { wasmBase64 } from './wasm-bytes.js';

/** The kernels' exports (assembly/index.ts). Counts and pointers are numbers; seeds and flat indices are u64 bigints. */
export interface Kernels {
  readonly memory: WebAssembly.Memory;
  readonly BLOCK_SIZE: WebAssembly.Global;
  readonly WORK_BYTES: WebAssembly.Global;
  allocate(bytes: number): number;
  release(ptr: number): void;
  splitMix64(seed: bigint, n: bigint): bigint;
  xoshiroSeed(state: number, seed: bigint): void;
  xoshiroNext(state: number): number;
  xoshiroFill(state: number, out: number, count: number): void;
  xoshiroJump(state: number): void;
  xoshiroLongJump(state: number): void;
  fillUniform(work: number, out: number, count: number, start: bigint, seed: bigint, a: number, b: number): void;
  fillNormal(work: number, out: number, count: number, start: bigint, seed: bigint, mean: number, std: number): void;
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

/** The loaded module plus the fixed buffers every synchronous call shares. */
export class Runtime {
  /** Elements per stream block (docs/stream-format.md), and the scratch buffer's capacity in floats. */
  readonly blockSize: number;
  /** Scratch for copying results out to callers' arrays: one block of float32. */
  readonly scratch: number;
  /** Workspace for the fill kernels (lane states, one row, lane positions). */
  readonly work: number;
  /** Four words of raw generator state. */
  readonly state: number;

  constructor(readonly kernels: Kernels) {
    this.blockSize = Number(kernels.BLOCK_SIZE.value);
    this.scratch = this.allocateOrThrow(this.blockSize * 4);
    this.work = this.allocateOrThrow(Number(kernels.WORK_BYTES.value));
    this.state = this.allocateOrThrow(16);
  }

  /** The current buffer of linear memory (it is replaced when memory grows). */
  get buffer(): ArrayBuffer {
    return this.kernels.memory.buffer;
  }

  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.kernels.memory.buffer, ptr, length);
  }

  u32(ptr: number, length: number): Uint32Array {
    return new Uint32Array(this.kernels.memory.buffer, ptr, length);
  }

  private allocateOrThrow(bytes: number): number {
    const ptr = this.kernels.allocate(bytes);
    if (ptr === 0) throw new RangeError(`nninit: could not allocate ${bytes} bytes of WebAssembly memory`);
    return ptr;
  }
}

let runtime: Runtime | undefined;
let compiling: Promise<void> | undefined;

/**
 * Compiles and instantiates the embedded WebAssembly module off the calling thread's critical
 * path, once. Awaiting it is optional: the first sampler call otherwise instantiates the module
 * synchronously (it is about 10 KB, far below the 8 MB that Chromium allows to compile
 * synchronously on a page's main thread).
 */
export function ready(): Promise<void> {
  compiling ??= WebAssembly.compile(wasmBytes()).then(
    (module) => {
      runtime ??= start(module);
    },
    (error: unknown) => {
      compiling = undefined;
      throw error;
    },
  );
  return compiling;
}

/** The loaded runtime, instantiated synchronously on first use. */
export function wasm(): Runtime {
  runtime ??= start(wasmBytes());
  return runtime;
}

function start(source: WebAssembly.Module | Uint8Array<ArrayBuffer>): Runtime {
  const { exports } = instantiateSync<Record<string, unknown>>(source, {});
  return new Runtime(exports as unknown as Kernels);
}

function wasmBytes(): Uint8Array<ArrayBuffer> {
  const binary = atob(wasmBase64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
