// Multi-threaded fills: a lazily started pool of workers (Node worker_threads, or Web Workers)
// over one shared WebAssembly memory. The stream contract makes any split of a tensor into ranges
// bit-identical to one pass, so a fill is cut into block-aligned tasks that idle workers take in
// turn; each finished task is copied into the caller's array on the main thread while the worker
// already runs its next one.
//
// Where shared memory cannot reach a worker (a page that is not cross-origin isolated, a runtime
// without Worker), fills run on the calling thread instead, in time slices that yield to the
// event loop between them (fillInSlices): the same values, and the thread is never held for long.

import type { Distribution } from '../laws/distribution.js';
import { DTYPES, type DType, type OutputArray } from '../laws/dtype.js';
import type { FromWorker, ToWorker } from './worker.js';
import { type ElementwiseLaw, hasThreadsBuild, isNode, type SharedKernels, sharedKernels, wasm } from './runtime.js';

/** `threads` option: a worker count, or 'auto' (workers only for tensors large enough to gain). */
export type Threads = number | 'auto';

/**
 * Below these sizes 'auto' fills on the calling thread. Chosen from bench/threads.mjs (README,
 * Threads): waking workers and copying their output back costs more than small fills take; the
 * normal laws (compute-bound) gain from 2^20 elements, uniform (memory-bound) only at 2^24.
 */
export const AUTO_THREADS_MIN_ELEMENTS: Readonly<{ uniform: number; normal: number }> = {
  uniform: 2 ** 24,
  normal: 2 ** 20,
};

/** The most workers one call may ask for. */
export const MAX_THREADS = 64;

/** Elements per task: a multiple of the 65,536-element block, large enough to amortize messages. */
const TASK_ELEMENTS = 2 ** 19;

/** Tasks queued per worker, so it starts the next one without waiting for a message round trip. */
const QUEUE_DEPTH = 2;

interface PoolWorker {
  post(message: ToWorker): void;
  terminate(): Promise<void>;
  ref(): void;
  unref(): void;
  /** The tasks sent to it, in order: the first is running. */
  queue: Task[];
  work: number;
}

interface Task {
  job: Job;
  offset: number; // into the job's output
  count: number;
  slot: number; // pointer in shared memory
}

interface Job {
  law: ElementwiseLaw;
  seed: bigint;
  start: number;
  out: OutputArray;
  dtype: DType;
  threads: number;
  next: number; // next offset to hand out
  running: number;
  /** The workers this job uses: at most `threads`. */
  workers: Set<PoolWorker>;
  freeSlots: number[];
  slots: number[];
  resolve(): void;
  reject(error: Error): void;
  failed: boolean;
  settled: boolean;
}

const workers: PoolWorker[] = [];
/** The threads build, once the first threaded call has loaded it. */
let kernels: SharedKernels;
const jobs = new Set<Job>();
let taskIds = 0;
const tasks = new Map<number, Task>();

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

/** Longest run of work on the calling thread between two yields to the event loop, in ms. */
export const SLICE_MS = 10;

/**
 * The one-thread fallback of fillAsync: fills `out` on the calling thread, a block (65,536
 * elements) at a time, yielding to the event loop whenever a slice has run SLICE_MS, so a page
 * stays responsive. Values are those of `fill()`.
 */
export async function fillInSlices(
  law: ElementwiseLaw,
  seed: bigint,
  out: OutputArray,
  start: number,
  dtype: DType,
): Promise<void> {
  let done = 0;
  while (done < out.length) {
    if (done > 0) await yieldToEventLoop();
    done = wasm().fillBlocks(law, seed, out, start, dtype, done, performance.now() + SLICE_MS);
  }
}

/**
 * Lets other work run: input, rendering, and the page's own queued tasks. A posted message joins
 * the end of the task queue, so tasks queued meanwhile run first. (Not scheduler.yield(): its
 * continuation goes ahead of the page's other tasks, which would still wait for the whole fill.)
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof MessageChannel !== 'function') {
      setTimeout(resolve, 0);
      return;
    }
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** How many workers `threads` means for `size` elements of a law of `kind`; 0 means the calling thread. */
export async function workerCount(where: string, threads: unknown, size: number, kind: string): Promise<number> {
  if (threads === undefined || threads === null || threads === 'auto') {
    const threshold = kind === 'uniform' ? AUTO_THREADS_MIN_ELEMENTS.uniform : AUTO_THREADS_MIN_ELEMENTS.normal;
    if (size < threshold) return 0;
    return Math.max(1, Math.min(await hardwareThreads(), 8));
  }
  if (typeof threads !== 'number') {
    throw new TypeError(`${where}: \`threads\` must be a number or 'auto'; got ${JSON.stringify(threads)}`);
  }
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
    throw new RangeError(`${where}: \`threads\` must be an integer in [1, ${MAX_THREADS}] or 'auto'; got ${threads}`);
  }
  return threads;
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

/** Fills `out` with flat indices start .. start + out.length − 1 of `law`, on `threads` workers. */
export async function fillOnWorkers(
  law: Exclude<Distribution, { kind: 'structured' | 'constant' }>,
  seed: bigint,
  out: OutputArray,
  start: number,
  dtype: DType,
  threads: number,
): Promise<void> {
  if (out.length === 0) return;
  kernels = await sharedKernels();
  const pool = await startWorkers(threads);
  const { runtime } = kernels;
  const slotCount = Math.min(QUEUE_DEPTH * threads + 1, Math.ceil(out.length / TASK_ELEMENTS) + 1);
  const slotElements = Math.min(TASK_ELEMENTS, out.length + runtime.blockSize);
  const slots: number[] = [];
  try {
    for (let i = 0; i < slotCount; i++) {
      const ptr = runtime.kernels.allocate(slotElements * 4);
      if (ptr === 0) throw new RangeError('nninit: shared WebAssembly memory could not grow for a threaded fill');
      slots.push(ptr);
    }
  } catch (error) {
    for (const ptr of slots) runtime.kernels.release(ptr);
    throw error;
  }
  await new Promise<void>((resolve, reject) => {
    const job: Job = {
      law,
      seed,
      start,
      out,
      dtype,
      threads: Math.min(threads, pool.length),
      next: 0,
      running: 0,
      workers: new Set(),
      freeSlots: [...slots],
      slots,
      resolve,
      reject,
      failed: false,
      settled: false,
    };
    jobs.add(job);
    for (const worker of workers) worker.ref();
    schedule();
  });
}

/** Hands the next tasks of each job to its workers, keeping each worker's queue full. */
function schedule(): void {
  for (const job of jobs) {
    while (!job.failed && job.next < job.out.length && job.freeSlots.length > 0) {
      const worker = pickWorker(job);
      if (!worker) break;
      // Tasks end on TASK_ELEMENTS boundaries of the tensor, so only the first starts mid-block.
      const index = job.start + job.next;
      const count = Math.min(job.out.length - job.next, TASK_ELEMENTS - (index % TASK_ELEMENTS));
      const task: Task = { job, offset: job.next, count, slot: job.freeSlots.pop()! };
      job.next += count;
      job.running++;
      const id = ++taskIds;
      tasks.set(id, task);
      worker.queue.push(task);
      worker.post({
        type: 'fill',
        task: id,
        law: job.law,
        seed: job.seed,
        start: index,
        count,
        dst: task.slot,
        precision: DTYPES[job.dtype].precision,
      });
    }
  }
}

/** The job's least-loaded worker with room in its queue, enlisting pool workers up to `threads`. */
function pickWorker(job: Job): PoolWorker | undefined {
  let best: PoolWorker | undefined;
  for (const w of job.workers) if (!best || w.queue.length < best.queue.length) best = w;
  if ((!best || best.queue.length > 0) && job.workers.size < job.threads) {
    let spare: PoolWorker | undefined;
    for (const w of workers) {
      if (!job.workers.has(w) && (!spare || w.queue.length < spare.queue.length)) spare = w;
    }
    if (spare && (!best || spare.queue.length < best.queue.length)) {
      job.workers.add(spare);
      best = spare;
    }
  }
  return best && best.queue.length < QUEUE_DEPTH ? best : undefined;
}

function finish(worker: PoolWorker, id: number, failure: string | undefined): void {
  const task = tasks.get(id);
  tasks.delete(id);
  if (!task) return;
  worker.queue.splice(worker.queue.indexOf(task), 1);
  const { job } = task;
  job.running--;
  if (failure !== undefined) fail(job, new Error(`nninit: a worker failed during a threaded fill: ${failure}`));
  // Refill the worker's queue before copying this task's values out.
  if (!job.failed) schedule();
  if (!job.failed) kernels.runtime.copyOut(task.slot, task.count, job.out, task.offset, job.dtype);
  job.freeSlots.push(task.slot);
  if (!job.failed) schedule();
  settle(job);
}

function fail(job: Job, error: Error): void {
  if (job.failed) return;
  job.failed = true;
  job.reject(error);
}

/** Releases a job's memory once nothing of it runs, and resolves it when complete. */
function settle(job: Job): void {
  if (job.settled || job.running > 0) return;
  if (!job.failed && job.next < job.out.length) return;
  job.settled = true;
  jobs.delete(job);
  const { runtime } = kernels;
  for (const ptr of job.slots) runtime.kernels.release(ptr);
  if (!job.failed) job.resolve();
  if (jobs.size === 0) for (const worker of workers) worker.unref();
}

let starting: Promise<unknown> = Promise.resolve();

/** Starts workers until the pool has `count`; resolves when they are ready. Calls queue, so none overshoots. */
function startWorkers(count: number): Promise<PoolWorker[]> {
  const started = starting.then(async () => {
    while (workers.length < count) workers.push(await spawn());
    return workers;
  });
  starting = started.catch(() => undefined);
  return started;
}

async function spawn(): Promise<PoolWorker> {
  const { module, memory, runtime } = kernels;
  const work = runtime.kernels.allocate(Number(runtime.kernels.WORK_BYTES.value));
  const channel = await openWorker();
  const worker: PoolWorker = { ...channel, queue: [], work };
  await new Promise<void>((resolve, reject) => {
    channel.onMessage((message) => {
      if (message.type === 'ready') resolve();
      else finish(worker, message.task, message.type === 'failed' ? message.message : undefined);
    });
    channel.onExit((reason) => {
      reject(new Error(`nninit: a worker thread could not start: ${reason}`));
      died(worker, reason);
    });
    channel.post({ type: 'init', module, memory, work });
  });
  worker.unref();
  return worker;
}

/** A worker that died: fail what it ran, drop it from the pool; the next call starts a new one. */
function died(worker: PoolWorker, reason: string): void {
  const index = workers.indexOf(worker);
  if (index >= 0) workers.splice(index, 1);
  kernels.runtime.kernels.release(worker.work);
  const lost = worker.queue.splice(0);
  for (const task of lost) {
    for (const [id, t] of tasks) if (t === task) tasks.delete(id);
    task.job.running--;
    task.job.freeSlots.push(task.slot);
    task.job.workers.delete(worker);
    fail(
      task.job,
      new Error(`nninit: a worker thread died during a threaded fill (${reason}); the call was abandoned`),
    );
    settle(task.job);
  }
  schedule();
}

/**
 * Stops every worker. Pending threaded calls reject; later calls start new workers. A process
 * that used workers exits by itself without this (idle workers do not keep it alive).
 */
export async function terminate(): Promise<void> {
  const all = workers.splice(0);
  for (const job of jobs) fail(job, new Error('nninit: terminate() was called during a threaded fill'));
  await Promise.all(all.map((w) => w.terminate()));
  for (const job of [...jobs]) {
    job.running = 0;
    settle(job);
  }
  tasks.clear();
}

interface Channel {
  post(message: ToWorker): void;
  onMessage(handler: (message: FromWorker) => void): void;
  onExit(handler: (reason: string) => void): void;
  terminate(): Promise<void>;
  ref(): void;
  unref(): void;
}

/** The part of node:worker_threads the pool uses (typed here so src/ needs no Node typings). */
interface NodeWorker {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: FromWorker) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'exit', listener: (code: number) => void): void;
  terminate(): Promise<number>;
  ref(): void;
  unref(): void;
}

/**
 * The parent's Node flags without those that only make sense for a main script (`-e`, `-p` and
 * their code, `--input-type`): workers inherit execArgv, and those would stop them from starting.
 */
function workerExecArgv(): string[] {
  const parent = (globalThis as { process?: { execArgv?: string[] } }).process?.execArgv ?? [];
  const kept: string[] = [];
  for (let i = 0; i < parent.length; i++) {
    const flag = parent[i]!;
    if (['-e', '--eval', '-p', '--print'].includes(flag)) i++;
    else if (!flag.startsWith('--input-type') && !flag.startsWith('--eval=') && !flag.startsWith('--print='))
      kept.push(flag);
  }
  return kept;
}

async function openWorker(): Promise<Channel> {
  let exited = false;
  if (isNode()) {
    const specifier = 'node:worker_threads';
    const { Worker } = (await import(/* @vite-ignore */ specifier)) as {
      Worker: new (url: URL, options: { execArgv: string[] }) => NodeWorker;
    };
    // The URL is built apart from `new Worker(...)` and marked @vite-ignore so that bundlers treat
    // only the Web Worker below as a worker entry (this branch runs in Node only).
    const url = new URL(/* @vite-ignore */ './worker.js', import.meta.url);
    let worker: NodeWorker;
    try {
      worker = new Worker(url, { execArgv: workerExecArgv() });
    } catch (error) {
      // Some V8 flags (--expose-gc, for one) are process-wide and refused for workers: start
      // without the parent's flags then; the kernels need none.
      if ((error as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error;
      worker = new Worker(url, { execArgv: [] });
    }
    let onExit: (reason: string) => void = () => {};
    let lastError = '';
    worker.on('error', (error) => (lastError = error.message));
    worker.on('exit', (code) => {
      exited = true;
      onExit(lastError || `exit code ${code}`);
    });
    return {
      post: (m) => worker.postMessage(m),
      onMessage: (h) => worker.on('message', h),
      onExit: (h) => (onExit = h),
      terminate: async () => {
        if (!exited) await worker.terminate();
      },
      ref: () => worker.ref(),
      unref: () => worker.unref(),
    };
  }
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  let onExit: (reason: string) => void = () => {};
  worker.addEventListener('error', (event) => onExit(event.message || 'worker error'));
  return {
    post: (m) => worker.postMessage(m),
    onMessage: (h) => worker.addEventListener('message', (e: MessageEvent<FromWorker>) => h(e.data)),
    onExit: (h) => (onExit = h),
    terminate: async () => worker.terminate(),
    ref: () => {},
    unref: () => {},
  };
}

/** @internal For tests: the number of live workers. */
export function poolSize(): number {
  return workers.length;
}

/** @internal For tests: stops worker `index` abruptly, as a crash would. */
export async function crashWorker(index: number): Promise<void> {
  await workers[index]?.terminate();
}

/** @internal For tests: the indices of workers that have tasks queued or running. */
export function busyWorkers(): number[] {
  return workers.flatMap((worker, index) => (worker.queue.length > 0 ? [index] : []));
}
