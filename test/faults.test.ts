// Misuse the library survives: options changed after construction, hostile arguments whose
// errors must still name the problem, and async forms that must settle as their sync forms do.
// Elsewhere: stale views of wasm memory (wasm-tensor.test.ts), hangs under a time limit
// (settles.node.test.ts), and all of it at random (fuzz.node.test.ts).

import { describe, expect, it } from 'vitest';
import { glorotUniform, heNormal, randomNormal, zeros } from '../src/index.js';
import * as jax from '../src/jax.js';
import * as torch from '../src/torch.js';
import { bad, expectError, expectNothingWritten, sentinel } from './helpers/errors.js';

describe('options are read once', () => {
  it('changing the options object or its arrays later changes neither samples nor config', () => {
    const options = { seed: 1, inAxes: [0], outAxes: [1] };
    const init = glorotUniform(options);
    const config = structuredClone(init.config);
    const before = init.sample([3, 4, 5]);
    options.inAxes[0] = 2;
    options.outAxes.push(0);
    options.seed = 2;
    expect(init.sample([3, 4, 5])).toEqual(before);
    expect(init.config).toEqual(config);
    expect(init.config.inAxes).toEqual([0]);
  });

  it('JAX axes arrays and range options are copied too', () => {
    const batchAxis = [0];
    const init = jax.heNormal({ batchAxis, seed: 1 });
    const before = init.sample([4, 3, 5]);
    batchAxis[0] = 1;
    expect(init.sample([4, 3, 5])).toEqual(before);
    expect(init.config.batchAxis).toEqual([0]);
  });

  it('a getter is read once', () => {
    let reads = 0;
    const options = {
      get stddev() {
        reads++;
        return reads === 1 ? 0.5 : -1;
      },
      seed: 3,
    };
    const init = randomNormal(options);
    expect(init.config.stddev).toBe(0.5);
    expect(init.sample([100])).toEqual(randomNormal({ stddev: 0.5, seed: 3 }).sample([100]));
    expect(reads).toBe(1);
  });
});

describe('error messages name the problem', () => {
  it('a Proxy-wrapped out: TypeError naming `out`, nothing written', () => {
    const target = sentinel(16);
    const out = new Proxy(target, {});
    expectNothingWritten(
      target,
      () => heNormal({ seed: 1 }).fill(out, [16]),
      TypeError,
      /^heNormal\.fill: `out` must be a typed array itself, not a Proxy/,
      /got a Proxy or other object posing as a Float32Array$/,
    );
  });

  it('a detached out: TypeError naming `out`, even when there is nothing to write', () => {
    const detach = (out: Float32Array) => {
      structuredClone(out.buffer, { transfer: [out.buffer] });
      return out;
    };
    const live =
      /`out` must be a typed array over a live buffer, not a detached \(transferred\) one; got Float32Array\(0\)$/;
    expectError(
      () => zeros().fill(detach(new Float32Array(4)), [3, 4], { start: 12 }),
      TypeError,
      /^zeros\.fill: /,
      live,
    );
    expectError(
      () => heNormal({ seed: 1 }).fill(detach(new Float32Array(4)), [0]),
      TypeError,
      /^heNormal\.fill: /,
      live,
    );
  });

  it('a shape nested 10,000 deep: TypeError naming the dimension', () => {
    let shape: unknown = 1;
    for (let i = 0; i < 10_000; i++) shape = [shape];
    expectError(
      () => heNormal({ seed: 1 }).sample(bad(shape)),
      TypeError,
      /^heNormal\.sample: `shape\[0\]` must be a number; got \[\[\[…\]\]\]$/,
    );
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expectError(() => heNormal({ seed: 1 }).sample(bad(cyclic)), TypeError, /`shape\[0\]`.*got \[\[\[…\]\]\]$/);
  });

  it('threads: 2n: TypeError naming `threads`, as a rejection', async () => {
    const out = sentinel(8);
    const before = Array.from(out);
    await expect(heNormal({ seed: 1 }).sampleAsync([8], { threads: bad(2n) })).rejects.toThrow(
      /^heNormal\.sampleAsync: `threads` must be a number or 'auto'; got 2n$/,
    );
    await expect(heNormal({ seed: 1 }).fillAsync(out, [8], { threads: bad(2n) })).rejects.toThrow(TypeError);
    expect(Array.from(out)).toEqual(before);
  });

  it('torch.sparse on [1e6, 1e6] with a small end: RangeError naming the whole tensor, nothing written', () => {
    expectError(
      () => torch.sparse({ sparsity: 0.1, seed: 1 }).sample([1e6, 1e6], { end: 10 }),
      RangeError,
      /^sparse\.sample: sparse computes the whole tensor for any range .* 1000000×1000000 = 1000000000000 float32 values do not fit/,
    );
    const out = sentinel(10);
    expectNothingWritten(
      out,
      () => torch.sparse({ sparsity: 0.1, seed: 1 }).fill(out, [1e6, 1e6], { start: 0 }),
      RangeError,
      /^sparse\.fill: sparse computes the whole tensor/,
    );
  });
});

describe('async forms settle as their sync forms do', () => {
  const SHAPES: number[][] = [[2 ** 32 + 1], [2 ** 40], [2 ** 26, 2 ** 26], [2 ** 53 - 1]];

  it.each(SHAPES)('sampleAsync(%j) rejects with the error sample() throws', async (...shape) => {
    for (const init of [heNormal({ seed: 1 }), zeros(), torch.truncNormal({ a: 3, b: 4, seed: 1 })]) {
      const sync = expectError(() => init.sample(shape), RangeError);
      await expect(init.sampleAsync(shape)).rejects.toThrow(sync.message.replace('.sample:', '.sampleAsync:'));
    }
  });
});
