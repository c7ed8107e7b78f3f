// Sends calls, described as data, to a worker thread that runs them against the built package
// (case-worker.mjs), one at a time. A call that does not report within the time limit fails with
// its description, and the worker is replaced: a hang fails the test instead of hanging the suite.
// Node only (worker_threads); run `npm run build` first, as `npm test` does.

import { Worker } from 'node:worker_threads';

export type Entry = 'nninit' | 'torch' | 'jax' | 'tfjs';
export type Method = 'sample' | 'fill' | 'sampleInWasm' | 'sampleAsync' | 'fillAsync' | 'distribution' | 'apply';
export type TargetKind =
  'float32' | 'float64' | 'uint16' | 'subarray' | 'shared' | 'resizable' | 'detached' | 'proxy' | 'plain';

/** One call: `entry`'s factory (a tfjs class name for 'tfjs') applied to `args`, then `method`. */
export interface Call {
  entry: Entry;
  factory: string;
  /** The factory's arguments; `{ $seedGenerator: n }` stands for `new SeedGenerator(n)`. */
  args: unknown[];
  /** Whether the seed is fixed (an integer or a SeedGenerator), so values can be compared. */
  seeded: boolean;
  method: Method;
  shape: unknown;
  /** The method's options (tfjs `apply`: its dtype). */
  options?: unknown;
  /** The caller's array of fill and fillAsync, filled with a byte pattern first. */
  target?: { kind: TargetKind; length: number };
  /** Send the values back in the report. */
  returnValues?: boolean;
}

export interface Report {
  /** Where it stopped: making the initializer, or the call. */
  phase: 'factory' | 'call';
  /** 'ok' or the thrown error's class name. */
  outcome: string;
  message?: string;
  /** After a throw: whether the caller's array is bitwise unchanged. */
  untouched?: boolean;
  /** After a seeded success: whether the values equal sample() of a twin initializer, bit for bit. */
  matches?: boolean;
  /** distribution(): whether its mean and std are finite. */
  finite?: boolean;
  /** Async forms: null when the sync form settled the same way, else both outcomes. */
  parity?: string | null;
  length?: number;
  values?: Float32Array | Float64Array | Uint16Array;
  /** Whether the canary digest was unchanged after the call. */
  canary: boolean;
  ms: number;
}

/** A call as text for failure messages (bigints and non-finite numbers included). */
export function describeCall(call: Call): string {
  return JSON.stringify(call, (_, value: unknown) => {
    if (typeof value === 'bigint') return `${value}n`;
    if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
    if (Object.is(value, -0)) return '-0';
    return value === undefined ? '(undefined)' : value;
  });
}

export class CaseRunner {
  #worker: Worker | undefined;
  #ready: Promise<Worker> | undefined;

  /** `limitMs` bounds each call, `startMs` the worker's start (it imports the package and tfjs). */
  constructor(
    readonly limitMs: number,
    readonly startMs = 120_000,
  ) {}

  run(call: Call): Promise<Report> {
    return this.#start().then((worker) => this.#exchange(worker, call, this.limitMs, describeCall(call)));
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    this.#ready = undefined;
    await worker?.terminate();
  }

  #start(): Promise<Worker> {
    this.#ready ??= new Promise<Worker>((resolve, reject) => {
      const worker = new Worker(new URL('./case-worker.mjs', import.meta.url));
      this.#worker = worker;
      this.#exchange(worker, undefined, this.startMs, 'starting the worker').then(() => resolve(worker), reject);
    });
    return this.#ready;
  }

  /** Posts `call` (or nothing) and waits for the worker's next message, at most `limitMs`. */
  #exchange<T = Report>(worker: Worker, call: Call | undefined, limitMs: number, label: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const settle = (error: Error | undefined, message?: T): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (error) reject(error);
        else resolve(message!);
      };
      const onMessage = (message: T): void => settle(undefined, message);
      // Whatever went wrong, the next call gets a new worker.
      const fail = (reason: string): void => {
        void this.close();
        settle(new Error(`${reason}: ${label}`));
      };
      const onError = (error: Error): void => fail(`the worker threw (${error.message})`);
      const onExit = (code: number): void => fail(`the worker exited (code ${code})`);
      const timer = setTimeout(() => fail(`no report within ${limitMs} ms (a hang?)`), limitMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      if (call) worker.postMessage(call);
    });
  }
}
