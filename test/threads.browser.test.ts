// Threaded fills in Chromium. Runs in two projects (vitest.config.ts): 'chromium', whose pages are
// cross-origin isolated (COOP same-origin + COEP require-corp), where sampleAsync/fillAsync run
// on Web Workers over shared wasm memory; and 'chromium-no-isolation', where they fall back to
// time-sliced work on the calling thread. Either way the values equal sample() bit for bit and
// the event loop keeps turning.
import { afterAll, describe, expect, inject, it } from 'vitest';
import * as nn from '../src/index.js';
// The same module instances the package uses (Vite serves src/ to the page).
import { poolSize } from '../src/bridge/pool.js';
import { workersAvailable } from '../src/bridge/threads.js';
import { sameBits } from './helpers/bits.js';
import { threadCases } from './helpers/thread-cases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Whether this project serves its pages with COOP + COEP. */
    crossOriginIsolated: boolean;
  }
}

const isolated = inject('crossOriginIsolated');

/** Counts event-loop turns (message round trips) while `work` runs. */
async function turnsDuring(work: Promise<unknown>): Promise<number> {
  let turns = 0;
  let running = true;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    turns++;
    if (running) channel.port2.postMessage(null);
  };
  channel.port2.postMessage(null);
  await work;
  running = false;
  channel.port1.close();
  return turns;
}

const INITIALIZERS = threadCases(nn);

// Not a multiple of a lane (8), a row (16), a block (65,536) or a task (2^19).
const SIZE = 3 * 2 ** 19 + 65_537 * 3 + 5;

afterAll(async () => {
  await nn.terminate();
});

describe(`Chromium, ${isolated ? 'cross-origin isolated: Web Workers' : 'not isolated: one-thread fallback'}`, () => {
  it('the page is isolated exactly when the project sends COOP and COEP', () => {
    expect(globalThis.crossOriginIsolated).toBe(isolated);
    expect(typeof SharedArrayBuffer === 'function').toBe(isolated);
    expect(workersAvailable()).toBe(isolated);
  });

  it.each(INITIALIZERS)('%s: sampleAsync equals sample() for 1, 2, 3 threads and auto', async (_, make) => {
    const whole = make().sample([SIZE]);
    for (const threads of [1, 2, 3, 'auto'] as const) {
      expect(sameBits(await make().sampleAsync([SIZE], { threads }), whole)).toBe(true);
    }
  });

  it('ranges that start mid-block, and fillAsync into a subarray with a byte offset', async () => {
    const init = nn.heNormal({ seed: 11 });
    const whole = init.sample([SIZE]);
    const [start, end] = [65_531, SIZE - 7];
    expect(sameBits(await init.sampleAsync([SIZE], { start, end, threads: 3 }), whole.subarray(start, end))).toBe(true);
    const backing = new Float32Array(SIZE + 2).fill(-9);
    const out = backing.subarray(1, SIZE + 1);
    expect(await init.fillAsync(out, [SIZE], { threads: 2 })).toBe(out);
    expect(sameBits(out, whole)).toBe(true);
    expect([backing[0], backing[SIZE + 1]]).toEqual([-9, -9]);
  });

  it.each(['float64', 'float16', 'bfloat16'] as const)('%s output equals sample()', async (dtype) => {
    const init = nn.truncatedNormal({ seed: 21 });
    const expected = init.sample([SIZE], { dtype });
    for (const threads of [1, 3])
      expect(sameBits(await init.sampleAsync([SIZE], { dtype, threads }), expected)).toBe(true);
  });

  it('concurrent calls do not mix', async () => {
    const a = nn.randomNormal({ seed: 1 });
    const b = nn.randomUniform({ seed: 2 });
    const [x, y] = await Promise.all([a.sampleAsync([SIZE], { threads: 2 }), b.sampleAsync([SIZE], { threads: 3 })]);
    expect(sameBits(x, a.sample([SIZE]))).toBe(true);
    expect(sameBits(y, b.sample([SIZE]))).toBe(true);
  });

  it(isolated ? 'runs on a pool of Web Workers' : 'starts no workers', async () => {
    await nn.randomNormal({ seed: 3 }).sampleAsync([SIZE], { threads: 3 });
    if (isolated) expect(poolSize()).toBeGreaterThanOrEqual(2);
    else expect(poolSize()).toBe(0);
  });

  it('the event loop keeps turning during a 2^24-element fill', async () => {
    const out = new Float32Array(2 ** 24);
    const turns = await turnsDuring(nn.randomNormal({ seed: 4 }).fillAsync(out, [2 ** 24], { threads: 2 }));
    // One fill of 2^24 normals takes tens of milliseconds; a blocking fill would allow no turn.
    expect(turns).toBeGreaterThanOrEqual(2);
    expect(sameBits(out, nn.randomNormal({ seed: 4 }).sample([2 ** 24]))).toBe(true);
  });
});
