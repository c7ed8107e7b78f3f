// The zero-copy form: views that survive memory growth through the handle, and explicit disposal.
import { describe, expect, it } from 'vitest';
import { glorotUniform, heNormal, orthogonal, ready, WasmTensor } from '../src/index.js';

describe('WasmTensor', () => {
  it('holds the same values as sample(), in a view of wasm memory', async () => {
    await ready();
    const tensor = heNormal({ seed: 4 }).sampleInWasm([64, 64]);
    expect(tensor).toBeInstanceOf(WasmTensor);
    expect(tensor.length).toBe(4096);
    expect(tensor.array.byteOffset).toBe(tensor.byteOffset);
    expect(tensor.array).toEqual(heNormal({ seed: 4 }).sample([64, 64]));
    tensor.dispose();
  });

  it('re-derives its view after memory growth; the stale view is detached, never silently wrong', () => {
    const expected = glorotUniform({ seed: 8 }).sample([1000]);
    const tensor = glorotUniform({ seed: 8 }).sampleInWasm([1000]);
    const stale = tensor.array;
    const before = stale.buffer;
    // A tensor larger than all memory so far forces memory.grow, which detaches old buffers.
    const big = glorotUniform({ seed: 9 }).sampleInWasm([2 ** 24]);
    expect(tensor.array.buffer).not.toBe(before);
    expect(stale.byteLength).toBe(0);
    expect(stale.length).toBe(0);
    expect(tensor.array).toEqual(expected);
    big.dispose();
    tensor.dispose();
  });

  it('throws on use after dispose, even when the memory is reused by a new tensor', () => {
    const tensor = glorotUniform({ seed: 1 }).sampleInWasm([256]);
    const offset = tensor.byteOffset;
    tensor.dispose();
    expect(tensor.disposed).toBe(true);
    const reuse = glorotUniform({ seed: 2 }).sampleInWasm([256]);
    expect(reuse.byteOffset).toBe(offset);
    expect(() => tensor.array).toThrow(/disposed/);
    expect(() => tensor.toArray()).toThrow(/disposed/);
    tensor.dispose();
    reuse.dispose();
  });

  it('supports `using` through Symbol.dispose, and toArray() copies out of wasm memory', () => {
    let escaped: WasmTensor;
    let copy: Float32Array;
    {
      using tensor = glorotUniform({ seed: 3 }).sampleInWasm([10]);
      escaped = tensor;
      copy = tensor.toArray();
      expect(copy.buffer).not.toBe(tensor.array.buffer);
    }
    expect(escaped.disposed).toBe(true);
    expect(copy).toEqual(glorotUniform({ seed: 3 }).sample([10]));
  });

  it('gives empty tensors for zero-size shapes', () => {
    const tensor = glorotUniform({ seed: 3 }).sampleInWasm([0, 5]);
    expect(tensor.length).toBe(0);
    expect(tensor.array.length).toBe(0);
    tensor.dispose();
  });

  it('frees memory: many allocate/dispose cycles do not grow memory without bound', () => {
    const first = glorotUniform({ seed: 1 }).sampleInWasm([2 ** 20]);
    const bytes = first.array.buffer.byteLength;
    first.dispose();
    for (let i = 0; i < 50; i++)
      glorotUniform({ seed: i })
        .sampleInWasm([2 ** 20])
        .dispose();
    const last = glorotUniform({ seed: 1 }).sampleInWasm([2 ** 20]);
    expect(last.array.buffer.byteLength).toBe(bytes);
    last.dispose();
  });
});

describe('the wasm heap survives a write through a stale view', () => {
  it('sampleInWasm and orthogonal work, with the right values, after a disposed tensor was overwritten', () => {
    const expected = heNormal({ seed: 9 }).sample([1000]);
    const q = orthogonal({ seed: 2 }).sample([16, 16]);
    const tensor = heNormal({ seed: 1 }).sampleInWasm([1000]);
    const stale = tensor.array;
    tensor.dispose();
    stale.fill(1e30);
    for (let i = 0; i < 3; i++) {
      const next = heNormal({ seed: 9 }).sampleInWasm([1000]);
      expect(next.array).toEqual(expected);
      expect(orthogonal({ seed: 2 }).sample([16, 16])).toEqual(q);
      next.dispose();
    }
  });

  it('any bytes, over every disposed block, leave later allocations of any size working', () => {
    const sizes = [1, 7, 64, 1000, 4096, 65_537];
    const tensors = sizes.map((n) => glorotUniform({ seed: n }).sampleInWasm([n]));
    // Views taken after the last allocation: growing memory would have detached earlier ones.
    const stale = tensors.map((tensor) => tensor.array);
    for (const tensor of tensors) tensor.dispose();
    for (const view of stale) new Uint8Array(view.buffer, view.byteOffset, view.byteLength).fill(0xa5);
    const live = sizes.map((n) => glorotUniform({ seed: n }).sampleInWasm([n], { dtype: 'float64' }));
    sizes.forEach((n, i) =>
      expect(live[i]!.array).toEqual(glorotUniform({ seed: n }).sample([n], { dtype: 'float64' })),
    );
    for (const tensor of live) tensor.dispose();
  });
});
