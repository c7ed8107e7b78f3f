// Pointers above 2 GiB: the heap's addresses are unsigned numbers, and tensors, their views and
// orthogonal's QR workspace work there. Node only: memory grows past 2 GiB (reserved, not touched).

import { describe, expect, it } from 'vitest';
import { Heap, MAX_BLOCK_BYTES } from '../src/bridge/heap.js';
import { wasm } from '../src/bridge/runtime.js';
import { heNormal, orthogonal, zeros } from '../src/index.js';

describe('addresses above 2 GiB', () => {
  it('the heap hands them out as positive numbers that views accept', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536 });
    const heap = new Heap(memory);
    const blocks = [0, 1, 2].map(() => heap.allocate(MAX_BLOCK_BYTES));
    expect(blocks[2]).toBeGreaterThan(2 ** 31);
    const view = new Float32Array(memory.buffer, blocks[2], 4);
    view.set([1, 2, 3, 4]);
    expect(Array.from(view)).toEqual([1, 2, 3, 4]);
    heap.release(blocks[2]!);
    expect(heap.allocate(16)).toBe(blocks[2]);
  });

  it('sampleInWasm gives a positive byteOffset there, and its values, and orthogonal works there', () => {
    const normal = heNormal({ seed: 5 }).sample([1000]);
    const q = orthogonal({ seed: 6 }).sample([32, 32]);
    const runtime = wasm();
    // Fill the first 2 GiB with two maximal blocks (reserved by memory.grow, never written).
    const fillers = [runtime.allocate(MAX_BLOCK_BYTES), runtime.allocate(MAX_BLOCK_BYTES)];
    try {
      const zero = zeros().sampleInWasm([1000]);
      const tensor = heNormal({ seed: 5 }).sampleInWasm([1000]);
      expect(zero.byteOffset).toBeGreaterThan(2 ** 31);
      expect(tensor.byteOffset).toBeGreaterThan(2 ** 31);
      expect(zero.array).toEqual(new Float32Array(1000));
      expect(tensor.array).toEqual(normal);
      expect(tensor.array.byteOffset).toBe(tensor.byteOffset);
      expect(orthogonal({ seed: 6 }).sample([32, 32])).toEqual(q);
      zero.dispose();
      tensor.dispose();
    } finally {
      for (const ptr of fillers) runtime.kernels.release(ptr);
    }
  });
});
