// Streams tensors into a sink through one reusable chunk buffer: each chunk is `init.fill(chunk,
// shape, { start })` (the stream contract makes the chunks equal the whole tensor), encoded to
// the tensor's dtype and written, while the statistics of the written values accumulate.

import { float16BitsToFloat32, bfloat16BitsToFloat32 } from '../io/formats.js';
import { type DType, DTYPES } from '../laws/dtype.js';
import type { Initializer } from '../core/initializer.js';
import type { Sink } from './output.js';

/** Elements per chunk: 2^20 (4 MiB of float32), a multiple of the stream's 65,536-element blocks. */
export const CHUNK = 1 << 20;

export interface TensorJob {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly size: number;
  readonly init: Initializer;
}

export interface Stats {
  count: number;
  mean: number;
  std: number;
  min: number;
  max: number;
}

const HALF_TABLE: Record<'float16' | 'bfloat16', Float32Array> = {
  float16: Float32Array.from({ length: 65536 }, (_, i) => float16BitsToFloat32(i)),
  bfloat16: Float32Array.from({ length: 65536 }, (_, i) => bfloat16BitsToFloat32(i)),
};

class Accumulator {
  count = 0;
  sum = 0;
  squares = 0;
  min = Infinity;
  max = -Infinity;
  /** Accumulates around `shift` (the target mean) to keep the sums well conditioned. */
  constructor(private readonly shift: number) {}

  /** Adds n values; a tight loop (min/max by else-if, seeded with the first value) runs at memory speed. */
  add(values: Float32Array | Float64Array, n: number): void {
    if (n === 0) return;
    const shift = this.shift;
    let sum = 0;
    let squares = 0;
    let min = values[0]!;
    let max = min;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      const d = v - shift;
      sum += d;
      squares += d * d;
      if (v < min) min = v;
      else if (v > max) max = v;
    }
    this.merge(n, sum, squares, min, max);
  }

  /** Adds n half-precision values given as bits, decoded through a 65,536-entry table. */
  addBits(bits: Uint16Array, n: number, table: Float32Array): void {
    if (n === 0) return;
    const shift = this.shift;
    let sum = 0;
    let squares = 0;
    let min = table[bits[0]!]!;
    let max = min;
    for (let i = 0; i < n; i++) {
      const v = table[bits[i]!]!;
      const d = v - shift;
      sum += d;
      squares += d * d;
      if (v < min) min = v;
      else if (v > max) max = v;
    }
    this.merge(n, sum, squares, min, max);
  }

  private merge(n: number, sum: number, squares: number, min: number, max: number): void {
    this.count += n;
    this.sum += sum;
    this.squares += squares;
    if (min < this.min) this.min = min;
    if (max > this.max) this.max = max;
  }

  result(): Stats {
    const n = this.count;
    if (n === 0) return { count: 0, mean: NaN, std: NaN, min: NaN, max: NaN };
    const m = this.sum / n;
    return {
      count: n,
      mean: this.shift + m,
      std: Math.sqrt(Math.max(0, this.squares / n - m * m)),
      min: this.min,
      max: this.max,
    };
  }
}

/** One slot of reusable buffers: a float32 chunk and an output chunk sized for the widest dtype. */
export class Slot {
  readonly f32 = new Float32Array(CHUNK);
  readonly bytes = new Uint8Array(CHUNK * 8);
  readonly f64 = new Float64Array(this.bytes.buffer, 0, CHUNK);
  readonly u16 = new Uint16Array(this.bytes.buffer, 0, CHUNK);
  /** The write of this slot's bytes still in flight, if any. */
  pending: Promise<void> | undefined;
}

/**
 * A ring of SLOTS buffer slots in front of a sink: while one chunk is being written (on libuv's
 * thread pool), the next is generated. Memory stays bounded at SLOTS × 36 MiB of buffers, however
 * large the model. Writes reach the sink in submission order (the sink assigns file positions).
 */
export class Pipeline {
  static readonly SLOTS = 3;
  readonly #slots = Array.from({ length: Pipeline.SLOTS }, () => new Slot());
  #next = 0;
  #error: unknown;
  readonly #owned: Promise<void>[] = [];

  constructor(readonly sink: Sink) {}

  /** The next free slot (waiting for its previous write to finish). */
  async acquire(): Promise<Slot> {
    const slot = this.#slots[this.#next]!;
    this.#next = (this.#next + 1) % this.#slots.length;
    if (slot.pending) await slot.pending;
    slot.pending = undefined;
    if (this.#error !== undefined) throw this.#error;
    return slot;
  }

  /** Starts writing `bytes` (a view of the slot's buffers); the slot is busy until it completes. */
  submit(slot: Slot, bytes: Uint8Array): void {
    if (this.#error !== undefined) throw this.#error;
    slot.pending = this.sink.write(bytes).catch((error: unknown) => {
      this.#error ??= error;
    });
  }

  /** Writes bytes that the caller will not touch again (a header). */
  submitOwned(bytes: Uint8Array): void {
    const pending = this.sink.write(bytes).catch((error: unknown) => {
      this.#error ??= error;
    });
    this.#owned.push(pending);
  }

  /** Waits for every write in flight; throws the first write error. */
  async drain(): Promise<void> {
    await Promise.all([...this.#slots.map((s) => s.pending), ...this.#owned]);
    for (const s of this.#slots) s.pending = undefined;
    this.#owned.length = 0;
    if (this.#error !== undefined) throw this.#error;
  }
}

/**
 * Generates one tensor's values chunk by chunk into the pipeline and returns the statistics of
 * the values as written (after rounding to the dtype), over every `statsEvery`-th chunk.
 */
export async function writeTensor(
  job: TensorJob,
  pipeline: Pipeline,
  onChunk: (bytes: number) => void,
  statsEvery = 1,
): Promise<Stats> {
  const { shape, dtype, size, init } = job;
  const stats = new Accumulator(init.distribution(shape).mean);
  for (let start = 0, chunk = 0; start < size; start += CHUNK, chunk++) {
    const n = Math.min(CHUNK, size - start);
    const slot = await pipeline.acquire();
    const out = encodeChunk(job, slot, start, n);
    // Statistics from every statsEvery-th chunk (the first always): the pass over the values costs
    // about as much as generating them.
    const m = chunk % statsEvery === 0 ? n : 0;
    if (dtype === 'float32') stats.add(slot.f32, m);
    else if (dtype === 'float64') stats.add(slot.f64, m);
    else stats.addBits(slot.u16, m, HALF_TABLE[dtype]);
    pipeline.submit(slot, out);
    onChunk(out.length);
  }
  return stats.result();
}

/** Fills `slot` with the tensor's values at flat indices [start, start + n), n ≤ CHUNK, and returns them as the file's bytes. */
export function encodeChunk(job: TensorJob, slot: Slot, start: number, n: number): Uint8Array {
  const { shape, dtype, init } = job;
  if (dtype === 'float32') {
    init.fill(slot.f32.subarray(0, n), shape, { start });
    return new Uint8Array(slot.f32.buffer, 0, n * 4);
  }
  if (dtype === 'float64') init.fill(slot.f64.subarray(0, n), shape, { start });
  // The library rounds float16 and bfloat16 in wasm (nearest even; bounds hold after rounding).
  else init.fill(slot.u16.subarray(0, n), shape, { start, dtype });
  return slot.bytes.subarray(0, n * DTYPES[dtype].bytes);
}

/**
 * Writes `header` (if any) and then each tensor into `sink`, and commits it; returns each tensor's
 * statistics. `onChunk` hears of every chunk written, with its tensor. On a throw the sink is left
 * as it is: whatever stops the run aborts it (lifecycle.ts).
 */
export async function writeTensors(
  sink: Sink,
  header: Uint8Array | undefined,
  tensors: readonly TensorJob[],
  onChunk: (bytes: number, tensor: TensorJob) => void = () => {},
  statsEvery = 1,
): Promise<Stats[]> {
  const pipeline = new Pipeline(sink);
  if (header !== undefined) pipeline.submitOwned(header);
  const stats: Stats[] = [];
  for (const t of tensors) stats.push(await writeTensor(t, pipeline, (bytes) => onChunk(bytes, t), statsEvery));
  await pipeline.drain();
  await sink.commit();
  return stats;
}
