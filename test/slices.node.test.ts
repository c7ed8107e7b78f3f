// Boxes (`slice`) through the threaded async forms of the built package: runs of a block or more
// are split over the workers, shorter runs are filled on the calling thread; either way the
// values are bit for bit those of sample() for every thread count.
import { afterAll, describe, expect, it } from 'vitest';
import * as nn from 'nninit';
import { sameBits } from './helpers/bits.js';
import { threadCases } from './helpers/thread-cases.js';

afterAll(async () => {
  await nn.terminate();
});

/** The box of a row-major [rows, cols] tensor. */
function box2(
  whole: Float32Array,
  cols: number,
  [[r0, r1], [c0, c1]]: [[number, number], [number, number]],
): Float32Array {
  const out = new Float32Array((r1 - r0) * (c1 - c0));
  for (let r = r0; r < r1; r++) out.set(whole.subarray(r * cols + c0, r * cols + c1), (r - r0) * (c1 - c0));
  return out;
}

describe.each(threadCases(nn))('%s', (_, make) => {
  const dims = [12, 300_007];
  const whole = make().sample(dims);
  const long: [[number, number], [number, number]] = [
    [1, 11],
    [3, 250_000],
  ]; // runs of 249,997 elements: several blocks each
  const short = nn.shardOf(dims, { axis: 1, index: 5, count: 8 }) as [[number, number], [number, number]]; // 37,500 per run

  it.each([1, 2, 3, 4, 'auto'] as const)('threads: %s', async (threads) => {
    const a = await make().sampleAsync(dims, { slice: long, threads });
    expect(sameBits(a, box2(whole, dims[1]!, long))).toBe(true);
    const out = new Float32Array(12 * 37_501);
    expect(await make().fillAsync(out, dims, { slice: short, threads })).toBe(out);
    expect(sameBits(out, box2(whole, dims[1]!, short))).toBe(true);
  });
});

it('a box of many short runs lets the event loop turn while it is filled', async () => {
  const init = nn.randomNormal({ seed: 4 });
  const dims = [100_000, 1000];
  const slice: [[number, number], [number, number]] = [
    [0, 100_000],
    [10, 20],
  ]; // 100,000 runs of 10 across 10^8 elements of blocks: tens of milliseconds at least
  let turns = 0;
  const timer = setInterval(() => turns++, 0);
  const values = await init.sampleAsync(dims, { slice });
  clearInterval(timer);
  // A fill that held the thread throughout would allow no turn.
  expect(turns).toBeGreaterThanOrEqual(2);
  expect(sameBits(values, init.sample(dims, { slice }))).toBe(true);
});
