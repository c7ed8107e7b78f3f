// The allocator of linear memory: scratch buffers, workspaces, QR workspaces, zero-copy tensors
// and the threads' output slots. Its bookkeeping lives here in JavaScript, never in linear memory,
// so nothing written there (by a kernel, or through a stale view of a disposed tensor) can corrupt
// it. (AssemblyScript's TLSF allocator keeps its block headers in linear memory, beside the blocks
// it hands out, so asconfig.json builds the module without any allocator of its own.)

/** The largest block the heap hands out: 2^28 − 4 floats, the documented limit of one wasm tensor. */
export const MAX_BLOCK_BYTES = 2 ** 30 - 16;

/** Blocks start and end on 16-byte boundaries (v128 loads and stores). */
const ALIGN = 16;
const PAGE_BYTES = 65536;

/** The part of a WebAssembly.Memory the heap uses (declared here: see wasm-types.ts on libs). */
interface GrowableMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}

interface Extent {
  at: number;
  bytes: number;
}

/** First-fit allocation over a list of free extents, growing memory when none fits. */
export class Heap {
  readonly #memory: GrowableMemory;
  /** Free extents in address order; neighbours are merged, so no two touch. */
  readonly #free: Extent[] = [];
  /** The size of each block handed out, by address. */
  readonly #blocks = new Map<number, number>();

  /** Manages the memory above its current size: what lies below holds the module's static data. */
  constructor(memory: GrowableMemory) {
    this.#memory = memory;
  }

  /** A block of at least `bytes` bytes, 16-byte aligned; 0 when memory cannot grow to hold it. */
  allocate(bytes: number): number {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    if (!(size <= MAX_BLOCK_BYTES)) return 0;
    let i = this.#free.findIndex((extent) => extent.bytes >= size);
    if (i < 0) {
      if (!this.#grow(size)) return 0;
      i = this.#free.length - 1;
    }
    const extent = this.#free[i]!;
    const at = extent.at;
    if (extent.bytes === size) this.#free.splice(i, 1);
    else {
      extent.at += size;
      extent.bytes -= size;
    }
    this.#blocks.set(at, size);
    return at;
  }

  /** Returns a block to the heap. A pointer it did not hand out is a bug in the caller: an Error. */
  release(ptr: number): void {
    const size = this.#blocks.get(ptr);
    if (size === undefined) throw new Error(`nninit: released memory at ${ptr}, which is not an allocated block`);
    this.#blocks.delete(ptr);
    // The first free extent above the block, by binary search.
    let lo = 0;
    let hi = this.#free.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#free[mid]!.at < ptr) lo = mid + 1;
      else hi = mid;
    }
    const before = this.#free[lo - 1];
    const after = this.#free[lo];
    let extent: Extent;
    if (before && before.at + before.bytes === ptr) {
      extent = before;
      extent.bytes += size;
    } else {
      extent = { at: ptr, bytes: size };
      this.#free.splice(lo++, 0, extent);
    }
    if (after && extent.at + extent.bytes === after.at) {
      extent.bytes += after.bytes;
      this.#free.splice(lo, 1);
    }
  }

  /** Grows memory so that the last free extent holds `size` bytes; false when it cannot grow. */
  #grow(size: number): boolean {
    const end = this.#memory.buffer.byteLength;
    const last = this.#free.at(-1);
    const tail = last && last.at + last.bytes === end ? last : undefined;
    const pages = Math.ceil((size - (tail?.bytes ?? 0)) / PAGE_BYTES);
    let from: number;
    try {
      from = this.#memory.grow(pages) * PAGE_BYTES;
    } catch (error) {
      // Past the memory's maximum, or the engine could not reserve it.
      if (error instanceof RangeError) return false;
      throw error;
    }
    if (tail && tail.at + tail.bytes === from) tail.bytes += pages * PAGE_BYTES;
    else this.#free.push({ at: from, bytes: pages * PAGE_BYTES });
    return true;
  }
}
