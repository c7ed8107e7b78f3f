// A worker thread of the pool in threads.ts (Node worker_threads or a Web Worker). It instantiates
// the threads build over the main thread's shared memory and runs fill kernels into buffers the
// main thread allocated: workers never allocate, so the main thread's allocator stays the only one.

import { instantiateKernels, isNode, Runtime, type ElementwiseLaw } from './runtime.js';

/** One kernel run on a worker: the law's values at flat indices [start, start + count) into shared memory at `dst`. */
export interface Task {
  law: ElementwiseLaw;
  seed: bigint;
  start: number;
  count: number;
  dst: number;
  precision: number;
}

/** Messages from the pool. */
export type ToWorker =
  | { type: 'init'; module: WebAssembly.Module; memory: WebAssembly.Memory; work: number }
  | ({ type: 'fill'; task: number } & Task);

/** Messages to the pool. */
export type FromWorker =
  { type: 'ready' } | { type: 'done'; task: number } | { type: 'failed'; task: number; message: string };

interface Port {
  post(message: FromWorker): void;
  listen(handler: (message: ToWorker) => void): void;
}

/** The part of node:worker_threads a worker uses (typed here so src/ needs no Node typings). */
interface NodeParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: ToWorker) => void): void;
}

/**
 * The pool's port. No top-level await: bundlers build this file as a worker chunk, and Vite's
 * default worker format (iife) cannot hold one.
 */
function connect(start: (port: Port) => void): void {
  if (isNode()) {
    const specifier = 'node:worker_threads';
    void (import(/* @vite-ignore */ specifier) as Promise<{ parentPort: NodeParentPort | null }>).then(
      ({ parentPort }) => {
        if (!parentPort) throw new Error('nninit: worker.js must run as a worker thread');
        start({ post: (m) => parentPort.postMessage(m), listen: (h) => parentPort.on('message', h) });
      },
    );
    return;
  }
  const scope = globalThis as unknown as {
    postMessage(message: unknown): void;
    addEventListener(type: 'message', listener: (event: { data: ToWorker }) => void): void;
  };
  start({ post: (m) => scope.postMessage(m), listen: (h) => scope.addEventListener('message', (e) => h(e.data)) });
}

connect((port) => {
  let runtime: Runtime | undefined;
  port.listen((message) => {
    if (message.type === 'init') {
      const kernels = instantiateKernels(message.module, { env: { memory: message.memory } });
      runtime = new Runtime(kernels, { scratch: 0, work: message.work, state: 0 });
      port.post({ type: 'ready' });
      return;
    }
    try {
      if (!runtime) throw new Error('nninit: worker used before init');
      runtime.generate(message.law, message.seed, message.dst, message.count, message.start, message.precision);
      port.post({ type: 'done', task: message.task });
    } catch (error) {
      port.post({
        type: 'failed',
        task: message.task,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  });
});
