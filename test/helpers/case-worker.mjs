// Runs calls described as data against the built package, in a worker thread, so that the test
// that sent them (test/helpers/case-runner.ts) can stop a call that hangs. For each call it
// reports what happened and checks what must hold whatever happened:
// - on success, the values equal sample() of a twin initializer over the same range, bit for bit;
// - on a throw, the caller's array is unchanged;
// - an async form settles as its sync form does (the same values, or the same error);
// - afterwards the canary (fixed samples, through every kind of kernel and the wasm heap) has
//   the digest it had before the first call.
// The call descriptions and reports are typed in case-runner.ts.

import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import * as nn from '../../dist/index.js';
import * as jax from '../../dist/jax.js';
import * as torch from '../../dist/torch.js';

const ENTRIES = { nninit: nn, torch, jax };
/** nninit/tfjs, loaded with tfjs and its CPU backend by the first call that needs it (seconds). */
let tfjs;
const ASYNC = { sampleAsync: 'sample', fillAsync: 'fill' };

// A detached buffer (byteLength 0) cannot be viewed at all.
const bytesOf = (a) => (a.byteLength === 0 ? new Uint8Array(0) : new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

function canary() {
  const hash = createHash('sha256');
  hash.update(bytesOf(nn.heNormal({ seed: 1 }).sample([3000])));
  hash.update(bytesOf(nn.randomUniform({ seed: 2 }).sample([1000], { dtype: 'bfloat16' })));
  hash.update(bytesOf(torch.truncNormal({ a: 3, b: 4, seed: 3 }).sample([500])));
  hash.update(bytesOf(nn.orthogonal({ seed: 4 }).sample([12, 12])));
  const tensor = nn.glorotNormal({ seed: 5 }).sampleInWasm([700], { dtype: 'float16' });
  hash.update(bytesOf(tensor.array));
  tensor.dispose();
  return hash.digest('hex');
}

/** Replaces { $seedGenerator: n } (a SeedGenerator cannot cross threads) with a fresh generator. */
function revive(value) {
  if (Array.isArray(value)) return value.map(revive);
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    if ('$seedGenerator' in value) return new nn.SeedGenerator(value.$seedGenerator);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
  }
  return value;
}

/** The initializer a call describes; each call makes a new one, so a twin draws the same seeds. */
function make(call) {
  const args = revive(call.args);
  if (call.entry === 'tfjs') return new tfjs.initializerClasses[call.factory](...args);
  return ENTRIES[call.entry][call.factory](...args);
}

const PATTERN = [0x7f, 0xc0, 0x12, 0x34, 0x40, 0xe0, 0x00, 0x00];

/** The caller's array of a call: its view, the typed array to snapshot, and what was passed. */
function target(spec) {
  if (!spec) return undefined;
  const { kind, length } = spec;
  const typed = (bytes) => {
    if (kind === 'float64') return new Float64Array(bytes, 0, length);
    if (kind === 'uint16') return new Uint16Array(bytes, 0, length);
    return new Float32Array(bytes, 0, length);
  };
  const width = kind === 'float64' ? 8 : kind === 'uint16' ? 2 : 4;
  let view;
  let passed;
  if (kind === 'subarray') {
    view = new Float32Array(length + 5).subarray(3, 3 + length);
  } else if (kind === 'shared') {
    view = new Float32Array(new SharedArrayBuffer(length * 4));
  } else if (kind === 'resizable') {
    // Length-tracking over a resizable buffer.
    view = new Float32Array(new ArrayBuffer(length * 4, { maxByteLength: length * 8 + 8 }));
  } else if (kind === 'plain') {
    return { passed: new Array(length).fill(0), view: undefined };
  } else {
    view = typed(new ArrayBuffer(length * width));
  }
  const all = new Uint8Array(view.buffer);
  for (let i = 0; i < all.length; i++) all[i] = PATTERN[i % PATTERN.length];
  passed = view;
  if (kind === 'detached') structuredClone(view.buffer, { transfer: [view.buffer] });
  if (kind === 'proxy') passed = new Proxy(view, {});
  return { passed, view };
}

const snapshot = (view) =>
  view && view.buffer.byteLength > 0 ? new Uint8Array(view.buffer).slice() : new Uint8Array(0);

function sameBytes(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Runs one method; an outcome is { values } or { error }. */
async function invoke(init, method, call, passed) {
  try {
    let values;
    if (method === 'sample' || method === 'sampleAsync') values = await init[method](call.shape, call.options);
    else if (method === 'fill' || method === 'fillAsync') values = await init[method](passed, call.shape, call.options);
    else if (method === 'distribution') values = init.distribution(call.shape);
    else if (method === 'apply') {
      const tensor = init.apply(call.shape, call.options);
      values = tensor.dataSync();
      tensor.dispose();
    } else if (method === 'sampleInWasm') {
      const tensor = init.sampleInWasm(call.shape, call.options);
      values = tensor.toArray();
      const stale = tensor.array;
      tensor.dispose();
      // The user's bug the heap must survive: a write through the view of a disposed tensor.
      new Uint8Array(stale.buffer, stale.byteOffset, stale.byteLength).fill(0xff);
    } else throw new Error(`case-worker: unknown method ${method}`);
    return { values };
  } catch (error) {
    return { error };
  }
}

/** The options of an async form without `threads`, which its sync form does not take. */
function withoutThreads(options) {
  if (options === null || typeof options !== 'object' || !('threads' in options)) return options;
  const { threads: _, ...rest } = options;
  return rest;
}

const errorName = (error) => (error instanceof Error ? error.constructor.name : typeof error);
const normalize = (message) => message.replace(/\.(sample|fill)Async: /, '.$1: ');

/** What sample() of a twin gives for the values a successful call produced (null: not comparable). */
function reference(call, method, outcome, view) {
  const options = call.options ?? {};
  if (method === 'distribution') return null;
  const twin = make(call);
  if (method === 'apply') return twin.initializer.sample(call.shape.map(Number));
  if (method === 'fill' || method === 'fillAsync') {
    const start = options.start ?? 0;
    const dtype = options.dtype ?? (view instanceof Float64Array ? 'float64' : 'float32');
    return twin.sample(call.shape, { start, end: start + view.length, dtype });
  }
  return twin.sample(call.shape, withoutThreads(options));
}

async function run(call) {
  if (call.entry === 'tfjs' && !tfjs) {
    await import('@tensorflow/tfjs');
    tfjs = await import('../../dist/tfjs.js');
  }
  const began = performance.now();
  const report = { id: call.id, phase: 'factory', outcome: 'ok' };
  let init;
  try {
    init = make(call);
  } catch (error) {
    report.outcome = errorName(error);
    report.message = String(error?.message ?? error);
  }
  if (init) {
    report.phase = 'call';
    const { passed, view } = target(call.target) ?? {};
    const before = snapshot(view);
    const outcome = await invoke(init, call.method, call, passed);
    if (outcome.error) {
      report.outcome = errorName(outcome.error);
      report.message = String(outcome.error?.message ?? outcome.error);
      report.untouched = sameBytes(before, snapshot(view));
    } else if (call.method === 'distribution') {
      const law = outcome.values;
      report.finite = Number.isFinite(law.mean) && Number.isFinite(law.std);
    } else {
      const values = outcome.values;
      report.length = values.length;
      if (call.returnValues) report.values = values;
      // Unseeded initializers draw fresh randomness per call: nothing to compare with.
      if (call.seeded) {
        const expected = reference(call, call.method, outcome, view);
        report.matches = expected !== null && sameBytes(bytesOf(values), bytesOf(expected));
      }
    }
    const sync = ASYNC[call.method];
    if (sync && !/`threads`/.test(report.message ?? '')) {
      // The sync form on a twin and a fresh array: the async form must agree with it.
      const twin = target(call.target) ?? {};
      const other = await invoke(make(call), sync, { ...call, options: withoutThreads(call.options) }, twin.passed);
      const mine = outcome.error ? `${errorName(outcome.error)}: ${normalize(outcome.error.message)}` : 'ok';
      const theirs = other.error ? `${errorName(other.error)}: ${other.error.message}` : 'ok';
      report.parity = mine === theirs ? null : `${call.method}: ${mine} | ${sync}: ${theirs}`;
    }
  }
  report.canary = canary() === CANARY;
  report.ms = performance.now() - began;
  return report;
}

const CANARY = canary();

parentPort.on('message', async (call) => {
  parentPort.postMessage(await run(call));
});
parentPort.postMessage({ ready: true });
