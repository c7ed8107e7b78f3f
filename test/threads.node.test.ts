// Threaded fills (Node worker_threads over shared wasm memory): bit-identical to sample() for
// every thread count, sane lifecycle, failures that reject cleanly. Runs against the built package
// (workers load dist/bridge/worker.js).
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import * as nn from 'nninit';
// The same module instance the package uses (an entry point of the build, so one instance):
// test-only hooks live there, not in the public entry.
import { crashWorker, nextTask, poolSize } from '../dist/bridge/pool.js';
import { sameBits } from './helpers/bits.js';
import { threadCases } from './helpers/thread-cases.js';

const INITIALIZERS = threadCases(nn);

// Sizes that are not multiples of a lane (8), a row (16), a block (65,536) or a task (2^19).
const SIZE = 3 * 2 ** 19 + 65_537 * 3 + 5;

afterAll(async () => {
  await nn.terminate();
});

describe.each(INITIALIZERS)('%s: sampleAsync equals sample() bit for bit', (_, make) => {
  const shape = [SIZE];
  const whole = make().sample(shape);

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('threads: %i', async (threads) => {
    expect(sameBits(await make().sampleAsync(shape, { threads }), whole)).toBe(true);
  });

  it('threads: auto, and ranges that start mid-block', async () => {
    expect(sameBits(await make().sampleAsync(shape), whole)).toBe(true);
    const [start, end] = [65_531, SIZE - 7];
    expect(sameBits(await make().sampleAsync(shape, { start, end, threads: 3 }), whole.subarray(start, end))).toBe(
      true,
    );
  });

  it('fillAsync into a subarray with a byte offset', async () => {
    const backing = new Float32Array(SIZE + 2).fill(-9);
    const out = backing.subarray(1, SIZE + 1);
    expect(await make().fillAsync(out, shape, { threads: 2 })).toBe(out);
    expect(sameBits(out, whole)).toBe(true);
    expect([backing[0], backing[SIZE + 1]]).toEqual([-9, -9]);
  });
});

describe('small and odd sizes', () => {
  it.each([0, 1, 7, 8, 15, 17, 65_535, 65_537, 2 ** 19 + 1])('%i elements, 1 to 4 threads', async (n) => {
    const init = nn.truncatedNormal({ seed: 99 });
    const whole = init.sample([n]);
    for (const threads of [1, 2, 3, 4]) expect(sameBits(await init.sampleAsync([n], { threads }), whole)).toBe(true);
  });

  it('concurrent calls on one pool do not mix', async () => {
    const a = nn.randomNormal({ seed: 1 });
    const b = nn.randomUniform({ seed: 2 });
    const [x, y, z] = await Promise.all([
      a.sampleAsync([SIZE], { threads: 2 }),
      b.sampleAsync([SIZE], { threads: 3 }),
      a.sampleAsync([SIZE], { start: 100, end: 700_000, threads: 1 }),
    ]);
    expect(sameBits(x, a.sample([SIZE]))).toBe(true);
    expect(sameBits(y, b.sample([SIZE]))).toBe(true);
    expect(sameBits(z, a.sample([SIZE], { start: 100, end: 700_000 }))).toBe(true);
  });

  it('a SeedGenerator draws one seed per call, in call order', async () => {
    const viaAsync = nn.heNormal({ seed: new nn.SeedGenerator(3) });
    const viaSync = nn.heNormal({ seed: new nn.SeedGenerator(3) });
    const first = viaAsync.sampleAsync([SIZE], { threads: 2 });
    const second = viaAsync.sampleAsync([1000, 10], { threads: 2 });
    expect(sameBits(await first, viaSync.sample([SIZE]))).toBe(true);
    expect(sameBits(await second, viaSync.sample([1000, 10]))).toBe(true);
  });
});

describe('output dtypes on workers', () => {
  it.each(['float64', 'float16', 'bfloat16'] as const)(
    '%s: sampleAsync equals sample() for 1 to 4 threads',
    async (dtype) => {
      for (const make of [() => nn.truncatedNormal({ seed: 21 }), () => nn.heUniform({ seed: 22 })]) {
        const expected = make().sample([SIZE], { dtype });
        for (const threads of [1, 2, 3, 4]) {
          const got = await make().sampleAsync([SIZE], { dtype, threads });
          expect(Buffer.from(got.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
        }
      }
    },
  );
});

describe('bad input rejects before anything is written', () => {
  it.each([
    [0, RangeError, /`threads` must be an integer in \[1, 64\] or 'auto'; got 0/],
    [65, RangeError, /got 65/],
    [1.5, RangeError, /got 1.5/],
    ['two', TypeError, /`threads` must be a number or 'auto'; got "two"/],
  ])('threads: %s', async (threads, type, message) => {
    const out = new Float32Array(10).fill(3);
    const call = nn.randomNormal({ seed: 1 }).fillAsync(out, [10], { threads: threads as number });
    await expect(call).rejects.toThrow(type);
    await expect(call).rejects.toThrow(message);
    expect(Array.from(out)).toEqual(new Array(10).fill(3));
  });

  it('bad shapes, ranges and arrays reject with the synchronous forms’ errors', async () => {
    const init = nn.randomNormal({ seed: 1 });
    await expect(init.sampleAsync([3, -1])).rejects.toThrow(/`shape\[1\]` must be a non-negative safe integer; got -1/);
    await expect(init.sampleAsync([10], { start: 5, end: 2 })).rejects.toThrow(RangeError);
    await expect(init.fillAsync(new Uint32Array(4) as unknown as Float32Array, [4])).rejects.toThrow(TypeError);
    await expect(init.fillAsync(new Float32Array(4), [5])).rejects.toThrow(/`out.length` must equal/);
    await expect(init.sampleAsync([4], { thread: 2 } as never)).rejects.toThrow(/unknown option `thread`/);
  });
});

describe('lifecycle', () => {
  it('a process that used workers exits by itself', () => {
    const script = `
      import { randomNormal } from 'nninit';
      const values = await randomNormal({ seed: 1 }).sampleAsync([1 << 21], { threads: 2 });
      console.log(values.length);`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(output.trim()).toBe(String(1 << 21));
  });

  it('workers start when the process has flags workers refuse (--expose-gc)', () => {
    const script = `
      import { randomNormal } from 'nninit';
      const values = await randomNormal({ seed: 1 }).sampleAsync([1 << 21], { threads: 2 });
      console.log(values.length, typeof gc);`;
    const output = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(output.trim()).toBe(`${1 << 21} function`);
  });

  it('terminate() stops the workers; a pending call rejects; the next call starts new workers', async () => {
    const init = nn.truncatedNormal({ seed: 4 });
    await init.sampleAsync([SIZE], { threads: 3 });
    expect(poolSize()).toBeGreaterThanOrEqual(2);
    const busy = nextTask();
    const pending = expect(init.sampleAsync([2 ** 23], { threads: 2 })).rejects.toThrow(/terminate\(\) was called/);
    await busy;
    await nn.terminate();
    await pending;
    expect(poolSize()).toBe(0);
    expect(sameBits(await init.sampleAsync([SIZE], { threads: 2 }), init.sample([SIZE]))).toBe(true);
  });

  it('terminate() before any worker has started: pending calls reject, whatever their thread count', async () => {
    await nn.terminate();
    expect(poolSize()).toBe(0);
    const init = nn.heNormal({ seed: 2 });
    const pending = [
      init.sampleAsync([2 ** 21], { threads: 2 }),
      init.fillAsync(new Float32Array(2 ** 21), [2 ** 21], { threads: 1 }),
      nn.zeros().sampleAsync([10]),
    ];
    await nn.terminate();
    for (const call of pending) await expect(call).rejects.toThrow(/terminate\(\) was called/);
    expect(poolSize()).toBe(0);
    expect(sameBits(await init.sampleAsync([SIZE], { threads: 2 }), init.sample([SIZE]))).toBe(true);
  });

  it('a worker that dies mid-fill rejects the call with a clear error, and the next call works', async () => {
    const init = nn.randomNormal({ seed: 8 });
    await init.sampleAsync([SIZE], { threads: 2 });
    const busy = nextTask();
    const pending = expect(init.sampleAsync([2 ** 23], { threads: 2 })).rejects.toThrow(
      /a worker thread died during a threaded fill/,
    );
    await crashWorker(await busy);
    await pending;
    expect(sameBits(await init.sampleAsync([SIZE], { threads: 2 }), init.sample([SIZE]))).toBe(true);
  });
});

/** A resizable ArrayBuffer (typed here: the test lib predates ES2024's). */
const ResizableArrayBuffer = ArrayBuffer as unknown as new (
  bytes: number,
  options: { maxByteLength: number },
) => ArrayBuffer & { resize(bytes: number): void };

describe('changing `out` during a call rejects with a TypeError naming it, and writes nothing past the tensor', () => {
  // Large enough that the calling thread works in several slices (10 ms each) and workers in several tasks.
  const N = 2 ** 23;
  const init = () => nn.heNormal({ seed: 1 });
  const namesOut = /heNormal\.fillAsync: `out` was detached or resized during the call/;

  /** Starts `fillAsync` and waits until it is under way: a worker has a task, or (one thread) its first slice is written. */
  async function midCall(out: Float32Array, threads: number): Promise<{ call: Promise<Float32Array> }> {
    const busy = threads > 1 ? nextTask() : undefined;
    const call = init().fillAsync(out, [N], { threads });
    if (busy) await busy;
    else while (out[0] === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    return { call };
  }

  it.each([1, 2])('detached (threads: %i)', async (threads) => {
    const out = new Float32Array(N);
    const { call } = await midCall(out, threads);
    structuredClone(out.buffer, { transfer: [out.buffer] });
    await expect(call).rejects.toThrow(TypeError);
    await expect(call).rejects.toThrow(namesOut);
  });

  it.each([1, 2])('resizable buffer shrunk (threads: %i)', async (threads) => {
    const buffer = new ResizableArrayBuffer(N * 4, { maxByteLength: N * 8 });
    const out = new Float32Array(buffer);
    const { call } = await midCall(out, threads);
    buffer.resize(N * 2);
    await expect(call).rejects.toThrow(TypeError);
    await expect(call).rejects.toThrow(namesOut);
  });

  it.each([1, 2])('resizable buffer grown (threads: %i)', async (threads) => {
    const buffer = new ResizableArrayBuffer(N * 4, { maxByteLength: N * 8 });
    const out = new Float32Array(buffer);
    const { call } = await midCall(out, threads);
    buffer.resize(N * 8);
    await expect(call).rejects.toThrow(TypeError);
    await expect(call).rejects.toThrow(namesOut);
    expect(out.length).toBe(2 * N);
    expect(out.subarray(N).every((v) => v === 0)).toBe(true);
  });

  it('the pool still works afterwards', async () => {
    expect(sameBits(await init().sampleAsync([SIZE], { threads: 2 }), init().sample([SIZE]))).toBe(true);
  });
});
