// The heap of linear memory (src/bridge/heap.ts): first fit, merged free space, growth, and
// bookkeeping kept outside the memory it manages.

import { describe, expect, it } from 'vitest';
import { Heap, MAX_BLOCK_BYTES } from '../src/bridge/heap.js';

const PAGE = 65536;

function heapOf(maximum = 64) {
  const memory = new WebAssembly.Memory({ initial: 1, maximum });
  return { memory, heap: new Heap(memory) };
}

describe('Heap', () => {
  it('hands out 16-byte aligned, disjoint blocks above the memory it was given', () => {
    const { heap } = heapOf();
    const sizes = [1, 16, 17, 100, 4096, 70_000, 0];
    const blocks = sizes.map((bytes) => ({
      at: heap.allocate(bytes),
      bytes: Math.max(16, Math.ceil(bytes / 16) * 16),
    }));
    for (const { at } of blocks) {
      expect(at % 16).toBe(0);
      expect(at).toBeGreaterThanOrEqual(PAGE);
    }
    const sorted = [...blocks].sort((x, y) => x.at - y.at);
    for (let i = 1; i < sorted.length; i++)
      expect(sorted[i]!.at).toBeGreaterThanOrEqual(sorted[i - 1]!.at + sorted[i - 1]!.bytes);
  });

  it('reuses released space first, and merges neighbours', () => {
    const { heap } = heapOf();
    const a = heap.allocate(1000);
    const b = heap.allocate(1000);
    const c = heap.allocate(1000);
    heap.release(a);
    expect(heap.allocate(1000)).toBe(a);
    heap.release(b);
    heap.release(a);
    // a and b are one free extent again, so a block of both fits where a was.
    expect(heap.allocate(2000)).toBe(a);
    // The 16 bytes that block left, merged with c's block once c is released, come first.
    heap.release(c);
    expect(heap.allocate(1000)).toBe(a + 2000);
  });

  it('grows memory when nothing fits, and returns 0 when memory cannot grow', () => {
    const { memory, heap } = heapOf(4);
    const big = heap.allocate(2 * PAGE);
    expect(big).toBeGreaterThan(0);
    expect(memory.buffer.byteLength).toBe(3 * PAGE);
    expect(heap.allocate(2 * PAGE)).toBe(0);
    expect(heap.allocate(MAX_BLOCK_BYTES + 1)).toBe(0);
    // A failed allocation changes nothing: what fits still fits.
    const small = heap.allocate(PAGE / 2);
    expect(small).toBeGreaterThan(big);
    heap.release(big);
    expect(heap.allocate(2 * PAGE)).toBe(big);
  });

  it('keeps its bookkeeping out of linear memory: overwriting all of it changes nothing', () => {
    const { memory, heap } = heapOf();
    const blocks = [100, 5000, 40_000].map((n) => heap.allocate(n));
    heap.release(blocks[1]!);
    new Uint8Array(memory.buffer).fill(0xff);
    expect(heap.allocate(5000)).toBe(blocks[1]);
    heap.release(blocks[0]!);
    heap.release(blocks[2]!);
    expect(heap.allocate(100)).toBe(blocks[0]);
  });

  it('a pointer it did not hand out is an Error, and changes nothing', () => {
    const { heap } = heapOf();
    const a = heap.allocate(64);
    expect(() => heap.release(a + 16)).toThrow(/not an allocated block/);
    heap.release(a);
    expect(() => heap.release(a)).toThrow(/not an allocated block/);
    expect(heap.allocate(64)).toBe(a);
  });
});
