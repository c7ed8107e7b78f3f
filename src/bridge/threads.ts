// The async forms (sampleAsync, fillAsync): `threads` threads fill one tensor, the calling thread
// and threads − 1 workers (pool.ts, loaded on first use) over one shared WebAssembly memory. The
// stream contract makes any split of a tensor into ranges bit-identical to one pass, so a fill is
// cut into block-aligned tasks that each thread takes in turn: the calling thread computes its
// tasks straight into the caller's array (as fill() does) and copies each finished worker task
// there, while the workers go on with the next ones.
//
// The calling thread works in slices and yields to the event loop between them, so it is never
// held for long. Where shared memory cannot reach a worker (a page that is not cross-origin
// isolated, a runtime without Worker), or with `threads: 1`, it does all the work that way.

import type { Distribution } from '../laws/distribution.js';
import { DTYPES, type DType, type OutputArray } from '../laws/dtype.js';
import type { Run } from '../laws/slice.js';
import type { Helper } from './pool.js';
import { type ElementwiseLaw, hasThreadsBuild, isNode, ready, type Runtime, sharedKernels, wasm } from './runtime.js';

/** `threads` option: how many threads work on a call (the calling thread and threads − 1 workers), or 'auto'. */
export type Threads = number | 'auto';

/**
 * Below these sizes 'auto' fills on the calling thread alone. Chosen from `node bench/run.mjs
 * --only threads/` (bench/README.md): starting workers and copying their output back costs more than small fills
 * take; the normal laws (compute-bound) gain from 2^20 elements, uniform (memory-bound) only at 2^24.
 */
export const AUTO_THREADS_MIN_ELEMENTS: Readonly<{ uniform: number; normal: number }> = {
  uniform: 2 ** 24,
  normal: 2 ** 20,
};

/** The most threads one call may ask for. */
export const MAX_THREADS = 64;

/** Longest run of work on the calling thread between two yields to the event loop, in ms (plus one block). */
export const SLICE_MS = 10;

/** The largest task, in elements: a multiple of the 65,536-element block, large enough to amortize messages. */
const TASK_ELEMENTS = 2 ** 19;

/** Tasks queued per worker, so it starts the next one without waiting for a message round trip. */
const QUEUE_DEPTH = 2;

/** The pool, once a call has needed workers. */
let pool: typeof import('./pool.js') | undefined;

/** An async call in progress. */
interface Call {
  /** Set by terminate(): the call stops and rejects with it. */
  stopped: Error | undefined;
  /** Resumes the call where it waits for its workers. */
  wake: () => void;
}

/** The async calls in progress: terminate() stops them. */
const calls = new Set<Call>();

/**
 * Whether fills can run on workers here: always in Node; in a browser only when the page (or
 * worker) is cross-origin isolated (COOP `same-origin` + COEP `require-corp`), since shared
 * WebAssembly memory cannot be posted to a Web Worker otherwise; never without `Worker` or
 * without a threads build (the `workerd` entry has none).
 */
export function workersAvailable(): boolean {
  if (!hasThreadsBuild()) return false;
  if (isNode()) return true;
  const host = globalThis as { crossOriginIsolated?: boolean; Worker?: unknown; SharedArrayBuffer?: unknown };
  return (
    host.crossOriginIsolated === true &&
    typeof host.Worker === 'function' &&
    typeof host.SharedArrayBuffer === 'function'
  );
}

/**
 * The async forms' one path: writes the law's values for flat indices start .. start +
 * out.length − 1 into `out` as `dtype`, on `threads` threads. Laws without a fill kernel
 * (constants, structured) run `writeHere` on the calling thread once the module is loaded.
 */
export async function writeAsync(
  where: string,
  law: Distribution,
  seed: bigint,
  out: OutputArray,
  start: number,
  dtype: DType,
  threads: Threads,
  writeHere: () => void,
): Promise<void> {
  const call: Call = { stopped: undefined, wake: () => {} };
  const stopped = () => {
    if (call.stopped) throw call.stopped;
  };
  calls.add(call);
  try {
    // The async forms load the module themselves (required with 'nninit/wasm-file').
    await ready();
    stopped();
    if (law.kind === 'constant' || law.kind === 'structured') return writeHere();
    // No more threads than blocks: a thread's share is at least one block.
    const count = Math.min(await threadCount(threads, out.length, law.kind), Math.ceil(out.length / wasm().blockSize));
    stopped();
    const job = new Fill(where, law, seed, out, start, dtype, call);
    if (count > 1 && workersAvailable()) {
      pool ??= await import('./pool.js');
      const kernels = await sharedKernels();
      const helpers = await pool.helpers(count - 1, { kernels, node: isNode() });
      stopped();
      await job.run({ helpers, memory: kernels.runtime });
    } else {
      await job.run({ helpers: [], memory: undefined });
    }
  } finally {
    calls.delete(call);
  }
}

/** One fill by the calling thread and its helpers; see the top of this file. */
class Fill {
  readonly length: number;
  readonly precision: number;
  /** The next offset in `out` to hand out. */
  next = 0;
  /** Worker tasks not yet finished. */
  running = 0;
  failure: Error | undefined;

  constructor(
    readonly where: string,
    readonly law: ElementwiseLaw,
    readonly seed: bigint,
    readonly out: OutputArray,
    readonly start: number,
    readonly dtype: DType,
    readonly call: Call,
  ) {
    this.length = out.length;
    this.precision = DTYPES[dtype].precision;
  }

  /**
   * The next task, [offset, end) of `out`: guided sizes (what is left, shared out twice over
   * among `threads`, from one block up to TASK_ELEMENTS), so the threads finish together; tasks
   * end on block boundaries of the tensor, so only the first starts mid-block.
   */
  take(threads: number, blockSize: number): [number, number] {
    const offset = this.next;
    const wanted = Math.min(TASK_ELEMENTS, Math.max(blockSize, Math.ceil((this.length - offset) / (2 * threads))));
    const index = this.start + offset + wanted;
    this.next = Math.min(this.length, index - (index % blockSize) - this.start);
    return [offset, this.next];
  }

  /** Throws if `out` changed length since the call began (detached, or its resizable buffer resized). */
  checkOut(): void {
    checkLength(this.where, this.out, this.length);
  }

  /** Why the fill must stop, if it must: terminate(), a failed task, or a changed `out`. */
  problem(): Error | undefined {
    if (this.call.stopped) return this.call.stopped;
    if (!this.failure) {
      try {
        this.checkOut();
      } catch (error) {
        this.failure = error as Error;
      }
    }
    return this.failure;
  }

  /** Runs the fill on the calling thread and `helpers`, whose tasks go through slots in `memory`, the shared memory. */
  async run({ helpers, memory }: { helpers: Helper[]; memory: Runtime | undefined }): Promise<void> {
    const here = wasm();
    const threads = helpers.length + 1;
    const slots: number[] = [];
    try {
      for (let i = 0; i < helpers.length * QUEUE_DEPTH; i++) {
        const ptr = memory!.allocate(Math.min(TASK_ELEMENTS, this.length) * 4);
        if (ptr === 0) throw new RangeError('nninit: shared WebAssembly memory could not grow for a threaded fill');
        slots.push(ptr);
      }
      // Hands workers tasks until each has QUEUE_DEPTH queued (or none is left).
      const dispatch = (): void => {
        for (const helper of helpers) {
          while (helper.queued < QUEUE_DEPTH && this.next < this.length && !this.problem()) {
            const slot = slots.pop()!;
            const [offset, end] = this.take(threads, here.blockSize);
            this.running++;
            const task = { law: this.law, seed: this.seed, start: this.start + offset, count: end - offset };
            helper.run({ ...task, dst: slot, precision: this.precision }).then(
              () => {
                try {
                  if (!this.problem()) memory!.copyOut(slot, task.count, this.out, offset, this.dtype);
                } catch (error) {
                  this.failure ??= error as Error;
                }
                this.finished(slot, slots);
                dispatch();
              },
              (error: Error) => {
                this.failure ??= error;
                this.finished(slot, slots);
              },
            );
          }
        }
      };
      let sliceEnd = performance.now() + SLICE_MS;
      let mine: [number, number] | undefined;
      for (;;) {
        const problem = this.problem();
        if (problem) throw problem;
        dispatch();
        mine ??= this.next < this.length ? this.take(threads, here.blockSize) : undefined;
        if (mine) {
          // With helpers, one whole task per slice: their queues hold two, so they never run dry meanwhile.
          const deadline = helpers.length > 0 ? Infinity : sliceEnd;
          mine[0] = here.fillBlocks(this.law, this.seed, this.out, this.start, this.dtype, mine[0], mine[1], deadline);
          if (mine[0] === mine[1]) mine = undefined;
          if (helpers.length > 0 || performance.now() >= sliceEnd) {
            await yieldToEventLoop();
            sliceEnd = performance.now() + SLICE_MS;
          }
        } else if (this.running > 0) {
          await new Promise<void>((resolve) => (this.call.wake = resolve));
        } else {
          return;
        }
      }
    } finally {
      // Memory a worker may still write to is given back only once its task has ended.
      while (this.running > 0) await new Promise<void>((resolve) => (this.call.wake = resolve));
      for (const ptr of slots) memory!.kernels.release(ptr);
    }
  }

  finished(slot: number, slots: number[]): void {
    this.running--;
    slots.push(slot);
    this.call.wake();
  }
}

/**
 * The async forms of a box that is not one range (`slice`): its runs in order, each into its part
 * of `out`. A run of at least a block takes the range path (writeAsync: the threads split it);
 * shorter runs are filled on the calling thread a block's worth at a time (Runtime.fillRuns),
 * yielding to the event loop every SLICE_MS. Values are those of `fill()`.
 */
export async function writeRunsAsync(
  where: string,
  law: ElementwiseLaw,
  seed: bigint,
  out: OutputArray,
  runs: Iterable<Run>,
  dtype: DType,
  threads: Threads,
): Promise<void> {
  const call: Call = { stopped: undefined, wake: () => {} };
  const length = out.length;
  // After each yield: terminate() or a changed `out` stops the call before it writes again.
  const check = () => {
    if (call.stopped) throw call.stopped;
    checkLength(where, out, length);
  };
  calls.add(call);
  try {
    await ready();
    check();
    const runtime = wasm();
    let batch: Run[] = [];
    let batchStart = 0;
    let batchSize = 0;
    let deadline = performance.now() + SLICE_MS;
    const flush = async (): Promise<void> => {
      runtime.fillRuns(law, seed, out.subarray(batchStart, batchStart + batchSize), batch, dtype);
      batchStart += batchSize;
      batch = [];
      batchSize = 0;
      if (performance.now() >= deadline) {
        await yieldToEventLoop();
        check();
        deadline = performance.now() + SLICE_MS;
      }
    };
    for (const run of runs) {
      if (run.count >= runtime.blockSize) {
        if (batchSize > 0) await flush();
        const part = out.subarray(batchStart, batchStart + run.count);
        await writeAsync(where, law, seed, part, run.start, dtype, threads, () => {});
        check();
        batchStart += run.count;
        deadline = performance.now() + SLICE_MS;
        continue;
      }
      batch.push(run);
      batchSize += run.count;
      if (batchSize >= runtime.blockSize) await flush();
    }
    if (batchSize > 0) await flush();
  } finally {
    calls.delete(call);
  }
}

/** Throws a TypeError naming `out` if its length is no longer `length` (detached, or its resizable buffer resized). */
function checkLength(where: string, out: OutputArray, length: number): void {
  if (out.length !== length) {
    throw new TypeError(
      `${where}: \`out\` was detached or resized during the call (its length went from ${length} to ${out.length}); nothing more was written`,
    );
  }
}

/** How many threads `threads` means for `size` elements of a law of `kind`. */
async function threadCount(threads: Threads, size: number, kind: string): Promise<number> {
  if (typeof threads === 'number') return threads;
  const threshold = kind === 'uniform' ? AUTO_THREADS_MIN_ELEMENTS.uniform : AUTO_THREADS_MIN_ELEMENTS.normal;
  if (size < threshold) return 1;
  return Math.max(1, Math.min(await hardwareThreads(), 8));
}

async function hardwareThreads(): Promise<number> {
  if (isNode()) {
    const specifier = 'node:os';
    try {
      const os = (await import(/* @vite-ignore */ specifier)) as { availableParallelism(): number };
      return os.availableParallelism();
    } catch {
      // A runtime that looks like Node without node:os (workerd with nodejs_compat): as below.
    }
  }
  return (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
}

/** Node's setImmediate, where the runtime has one. */
const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;

/** The one channel the yields of a page post through, and the yields waiting on it, oldest first. */
let channel: MessageChannel | undefined;
const resumes: (() => void)[] = [];

/**
 * Lets other work run: input, rendering, the page's own queued tasks and the workers' messages.
 * In Node, setImmediate: it runs after the I/O that is ready, workers' messages included, and
 * costs microseconds (a new MessageChannel per yield cost about 0.3 ms each, 4–8 ms of a threaded
 * 2^24 fill). Elsewhere a message posted through one reused channel joins the end of the task
 * queue, so tasks queued meanwhile run first. (Not scheduler.yield(): its continuation goes ahead
 * of the page's other tasks.)
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (immediate) {
      immediate(resolve);
      return;
    }
    if (typeof MessageChannel !== 'function') {
      setTimeout(resolve, 0);
      return;
    }
    if (!channel) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => resumes.shift()?.();
    }
    resumes.push(resolve);
    channel.port2.postMessage(null);
  });
}

/**
 * Stops every worker, and every sampleAsync/fillAsync call still in progress rejects (it writes
 * nothing more). Later calls run as usual, starting new workers. A process that used workers
 * exits by itself without this (idle workers do not keep it alive).
 */
export async function terminate(): Promise<void> {
  const error = new Error('nninit: terminate() was called during sampleAsync/fillAsync');
  for (const call of calls) {
    call.stopped = error;
    call.wake();
  }
  await pool?.terminate();
}
