// The worker pool of the async forms (threads.ts loads this module on the first call that uses
// workers): Node worker_threads or Web Workers, each running the threads build over one shared
// WebAssembly memory. A worker runs fill kernels into buffers the main thread allocated for it
// (worker.ts); this module only starts workers, hands them tasks and reports how each ended.
//
// It imports only types: what it needs from the runtime comes in as a PoolHost, so that the
// bundle (scripts/build-dist.mjs) keeps runtime.ts with the modules every entry point loads.

import type { SharedKernels } from './runtime.js';
import type { FromWorker, Task, ToWorker } from './worker.js';

/** What the pool needs from the calling thread: the threads build and where it runs. */
export interface PoolHost {
  readonly kernels: SharedKernels;
  /** Node (worker_threads) rather than a browser (Web Workers). */
  readonly node: boolean;
}

/** A worker as a fill sees it. */
export interface Helper {
  /** Tasks sent to it and not yet finished. */
  readonly queued: number;
  /** Runs `task`; rejects if the kernel fails, the worker dies or terminate() stops it. */
  run(task: Task): Promise<void>;
}

interface PoolWorker extends Helper {
  readonly channel: Channel;
  /** Why its tasks fail when it exits: set by terminate(); otherwise it died. */
  stopping?: Error;
  /** Set once it has stopped (its tasks rejected, its workspace given back): why later tasks fail. */
  stopped?: Error;
  /** Gives back its kernel workspace in shared memory. */
  readonly release: () => void;
  readonly pending: Map<number, { resolve(): void; reject(error: Error): void }>;
}

const workers: PoolWorker[] = [];
let taskIds = 0;
/** Counts terminate() calls, so a worker that finishes starting after one is stopped too. */
let epoch = 0;
let starting: Promise<unknown> = Promise.resolve();

/**
 * `count` workers, starting any the pool lacks, least busy first (concurrent calls share the
 * pool). Calls queue, so none starts more than it needs.
 */
export function helpers(count: number, host: PoolHost): Promise<Helper[]> {
  const started = starting.then(async () => {
    const at = epoch;
    while (workers.length < count) {
      const worker = await spawn(host);
      if (epoch !== at) {
        await end(worker, new Error('nninit: terminate() was called while workers were starting'));
        throw new Error('nninit: terminate() was called while workers were starting');
      }
      workers.push(worker);
    }
    return [...workers].sort((a, b) => a.queued - b.queued).slice(0, count);
  });
  starting = started.catch(() => undefined);
  return started;
}

async function spawn({ kernels, node }: PoolHost): Promise<PoolWorker> {
  const { module, memory, runtime } = kernels;
  const work = runtime.kernels.allocate(Number(runtime.kernels.WORK_BYTES.value));
  if (work === 0) throw new RangeError('nninit: shared WebAssembly memory could not grow to start a worker');
  const channel = await openWorker(node);
  const pending: PoolWorker['pending'] = new Map();
  const worker: PoolWorker = {
    channel,
    release: () => runtime.kernels.release(work),
    pending,
    get queued() {
      return pending.size;
    },
    run(task) {
      if (worker.stopped) return Promise.reject(worker.stopped);
      return new Promise<void>((resolve, reject) => {
        const id = ++taskIds;
        channel.post({ type: 'fill', task: id, ...task });
        if (pending.size === 0) channel.ref();
        pending.set(id, { resolve, reject });
        for (const notify of taskWatchers.splice(0)) notify(workers.indexOf(worker));
      });
    },
  };
  await new Promise<void>((resolve, reject) => {
    channel.onMessage((message) => {
      if (message.type === 'ready') return resolve();
      const task = pending.get(message.task);
      if (!task) return;
      pending.delete(message.task);
      if (pending.size === 0) channel.unref();
      if (message.type === 'done') task.resolve();
      else task.reject(new Error(`nninit: a worker failed during a threaded fill: ${message.message}`));
    });
    channel.onExit((reason) => {
      reject(new Error(`nninit: a worker thread could not start: ${reason}`));
      const index = workers.indexOf(worker);
      if (index >= 0) workers.splice(index, 1);
      stop(
        worker,
        worker.stopping ??
          new Error(`nninit: a worker thread died during a threaded fill (${reason}); the call was abandoned`),
      );
    });
    channel.post({ type: 'init', module, memory, work });
  });
  channel.unref();
  return worker;
}

/** Rejects a worker's tasks with `error` and gives back its workspace, once, after the worker has exited. */
function stop(worker: PoolWorker, error: Error): void {
  if (worker.stopped) return;
  worker.stopped = error;
  const tasks = [...worker.pending.values()];
  if (worker.pending.size > 0) worker.channel.unref();
  worker.pending.clear();
  for (const task of tasks) task.reject(error);
  worker.release();
}

/** Stops a worker; once it has exited (so it writes no more), its tasks reject with `error`. */
async function end(worker: PoolWorker, error: Error): Promise<void> {
  worker.stopping = error;
  await worker.channel.terminate();
  stop(worker, error);
}

/** Stops every worker; their tasks reject. The next call starts new workers. */
export async function terminate(): Promise<void> {
  epoch++;
  const all = workers.splice(0);
  await Promise.all(
    all.map((worker) => end(worker, new Error('nninit: terminate() was called during a threaded fill'))),
  );
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

async function openWorker(node: boolean): Promise<Channel> {
  let exited = false;
  if (node) {
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
  await workers[index]?.channel.terminate();
}

/** @internal For tests: the indices of workers that have tasks queued or running. */
export function busyWorkers(): number[] {
  return workers.flatMap((worker, index) => (worker.queued > 0 ? [index] : []));
}

const taskWatchers: ((index: number) => void)[] = [];

/** @internal For tests: the index of the next worker handed a task, once one is (a call is then under way). */
export function nextTask(): Promise<number> {
  return new Promise((resolve) => taskWatchers.push(resolve));
}
