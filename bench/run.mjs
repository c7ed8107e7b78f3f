// nninit benchmark suite for Node (see bench/README.md): nninit against pure-JS baselines and the
// field (tfjs, stdlib, pure-rand), threaded fills, the whole ResNet-50, peak RSS and cold start.
//
//   node bench/run.mjs                      sizes 2^10, 2^16, 2^20 and 2^24, full budget (~5 min)
//   node bench/run.mjs --sizes 20,24        other sizes, as exponents of 2
//   node bench/run.mjs --quick              a short smoke run with few iterations
//   node bench/run.mjs --only tfjs          only cases whose id contains a substring (repeatable)
//
// Writes bench/results/node-<ISO 8601 basic date-time>.json and bench/results/latest-node.md,
// and prints the markdown. Imports the BUILT package by name (run `npm run build` first).

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import * as js from './baselines.mjs';
import * as field from './field.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH_DIR);
const RESULTS_DIR = path.join(BENCH_DIR, 'results');

/** Fixed seed for every seeded generator: the same work each iteration, reproducible values. */
const SEED = 20240229;
const COLD_START_RUNS = 7;
const COLD_START_TARGET_MS = 20;
/** Columns of the Glorot/He preset shapes: n elements as [n / 1024, 1024]. */
const PRESET_COLUMNS = 1024;
/** Threaded fills: sizes (exponents, if selected with --sizes) and thread settings. */
const THREAD_MIN_EXPONENT = 20;
const THREAD_SETTINGS = [1, 2, 'auto'];
/** Peak RSS: output size, budget above a bare node process, repetitions (median reported). */
const RSS_EXPONENT = 24;
const RSS_SLACK_MIB = 32;
const RSS_RUNS = 3;
const MIB = 2 ** 20;

const USAGE =
  'usage: node bench/run.mjs [--sizes 10,16,20,24] [--quick] [--only <substring>]...\n' +
  '  case ids: single/<law>/<contender>/2^<e>, threads/<law>/t<threads>/2^<e>, resnet/<contender>,\n' +
  '  rss/<mode>/<law>, coldstart; e.g. --only tfjs, --only single/normal/, --only 2^24, --only resnet';

// ---------------------------------------------------------------------------------------------
// Command line.

function parseArgs(argv) {
  const options = { sizes: [10, 16, 20, 24], quick: false, only: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--sizes' || arg.startsWith('--sizes=')) {
      const value = arg === '--sizes' ? argv[++i] : arg.slice('--sizes='.length);
      if (value === undefined) fail('--sizes needs a comma-separated list of exponents, e.g. --sizes 10,16,20,24');
      options.sizes = value.split(',').map((s) => {
        const e = Number(s.trim());
        if (!Number.isInteger(e) || e < 1 || e > 26) fail(`--sizes: exponents must be integers in [1, 26]; got ${s}`);
        return e;
      });
    } else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (!value) fail('--only needs a substring of a case id, e.g. --only tfjs');
      options.only.push(value);
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else fail(`unknown argument ${arg}\n${USAGE}`);
  }
  options.sizes = [...new Set(options.sizes)].sort((a, b) => a - b);
  return options;
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

const options = parseArgs(process.argv.slice(2));

/** Whether a case id is selected by --only (every case when no --only is given). */
const selected = (id) => options.only.length === 0 || options.only.some((s) => id.includes(s));

/**
 * tinybench budget for one case of 2^e elements. tinybench runs a case until both `time` (ms)
 * and `iterations` are reached; warm-up likewise with warmupTime and warmupIterations. Small sizes
 * get short budgets (thousands of calls anyway); at 2^24 the slowest contenders (tfjs truncated
 * normal, stdlib normal: ~0.6-0.8 s per call) get 1 warm-up and exactly 3 timed calls.
 */
function budget(e, quick) {
  if (quick) {
    if (e > 20) return { time: 0, iterations: 2, warmupTime: 0, warmupIterations: 1 };
    if (e > 16) return { time: 0, iterations: 3, warmupTime: 0, warmupIterations: 1 };
    return { time: 50, iterations: 3, warmupTime: 10, warmupIterations: 2 };
  }
  if (e > 20) return { time: 1500, iterations: 3, warmupTime: 0, warmupIterations: 1 };
  if (e > 16) return { time: 1500, iterations: 16, warmupTime: 300, warmupIterations: 4 };
  if (e > 10) return { time: 500, iterations: 16, warmupTime: 100, warmupIterations: 4 };
  return { time: 300, iterations: 16, warmupTime: 50, warmupIterations: 8 };
}

// ---------------------------------------------------------------------------------------------
// The package under test.

let nninit;
try {
  nninit = await import('nninit');
} catch (error) {
  fail(`cannot import the built package 'nninit' (run \`npm run build\` first): ${error.message}`);
}
await nninit.ready();

/**
 * Threaded fills, if this build has them (feature detection): `init.fillAsync(out, shape,
 * { threads })` on an Initializer, or a module-level `fillAsync(init, out, shape, { threads })`.
 */
function threadedFillApi() {
  if (typeof nninit.Initializer?.prototype?.fillAsync === 'function') {
    return { form: 'Initializer#fillAsync(out, shape, { threads })', fill: (i, o, s, t) => i.fillAsync(o, s, t) };
  }
  if (typeof nninit.fillAsync === 'function') {
    return { form: 'fillAsync(init, out, shape, { threads })', fill: (i, o, s, t) => nninit.fillAsync(i, o, s, t) };
  }
  return null;
}
const threaded = threadedFillApi();

// ---------------------------------------------------------------------------------------------
// Laws. The three Keras-default laws take one shape [n]; the Glorot uniform and He normal presets
// take a 2-D shape [n / 1024, 1024] (fan_in = n / 1024, fan_out = 1024), and their parameters
// (limit, σ) come from nninit's `distribution(shape)` so every contender draws the same law.

const UNIFORM = { minval: -0.05, maxval: 0.05 };
const NORMAL = { mean: 0, stddev: 0.05 };
const TSF = nninit.TRUNCATED_STD_FACTOR;

const presetShape = (n) => (n >= PRESET_COLUMNS ? [n / PRESET_COLUMNS, PRESET_COLUMNS] : [1, n]);

/** Expected moments and support of a law with the given (float64) parameters. */
function expectation(kind, p) {
  if (kind === 'uniform') {
    return { mean: (p.minval + p.maxval) / 2, std: (p.maxval - p.minval) / Math.sqrt(12), lo: p.minval, hi: p.maxval };
  }
  if (kind === 'normal') return { mean: p.mean, std: p.stddev };
  // nninit's own float32 bounds where given (presets), else mean ± 2σ.
  const lo = p.lower ?? p.mean - 2 * p.stddev;
  const hi = p.upper ?? p.mean + 2 * p.stddev;
  return { mean: p.mean, std: p.stddev * TSF, lo, hi, loOpen: true };
}

const LAWS = [
  {
    key: 'uniform',
    label: 'uniform',
    law: 'U[−0.05, 0.05)',
    kind: 'uniform',
    preset: false,
    floor: 15,
    initializer: nninit.randomUniform({ ...UNIFORM, seed: SEED }),
    shapeFor: (n) => [n],
    paramsFor: () => UNIFORM,
  },
  {
    key: 'normal',
    label: 'normal',
    law: 'N(0, 0.05²)',
    kind: 'normal',
    preset: false,
    floor: 9,
    initializer: nninit.randomNormal({ ...NORMAL, seed: SEED }),
    shapeFor: (n) => [n],
    paramsFor: () => NORMAL,
  },
  {
    key: 'truncatedNormal',
    label: 'truncated normal',
    law: 'N(0, 0.05²) cut at ±2σ',
    kind: 'truncatedNormal',
    preset: false,
    floor: 8,
    initializer: nninit.truncatedNormal({ ...NORMAL, seed: SEED }),
    shapeFor: (n) => [n],
    paramsFor: () => NORMAL,
  },
  {
    key: 'glorotUniform',
    label: 'Glorot uniform',
    law: 'U[−L, L), L = √(6 / (fan_in + fan_out)), shape [n/1024, 1024]',
    kind: 'uniform',
    preset: true,
    initializer: nninit.glorotUniform({ seed: SEED }),
    shapeFor: presetShape,
    paramsFor(shape) {
      const d = this.initializer.distribution(shape);
      return { minval: d.minval, maxval: d.maxval };
    },
  },
  {
    key: 'heNormal',
    label: 'He normal',
    law: 'truncated normal, std √(2 / fan_in), shape [n/1024, 1024]',
    kind: 'truncatedNormal',
    preset: true,
    initializer: nninit.heNormal({ seed: SEED }),
    shapeFor: presetShape,
    // σ before truncation (√(2 / fan_in) / 0.8796…, Keras's corrected value), cut at ±2σ.
    paramsFor(shape) {
      const d = this.initializer.distribution(shape);
      return { mean: d.mean, stddev: d.stddev };
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Contenders. `make(law, ctx)` returns the timed body `() => number` (one value read from the
// output, fed to a sink) or null where the contender has no such law ("—" in the tables).
// `values(law, ctx)` produces an output for the sanity check. ctx = { n, shape, params, out }.

const BASELINE_FN = {
  uniform: js.mathRandomUniform,
  normal: js.mathRandomNormal,
  truncatedNormal: js.mathRandomTruncatedNormal,
};
const XOSHIRO_FN = { uniform: js.xoshiroUniform, normal: js.xoshiroNormal, truncatedNormal: js.xoshiroTruncatedNormal };
const PURE_RAND_FN = {
  uniform: field.pureRandUniform,
  normal: field.pureRandNormal,
  truncatedNormal: field.pureRandTruncatedNormal,
};

/** Loaded on first use (only if a case that needs it is selected). */
let fieldLib = null;
/** Per-law generator state of the field libraries, created once (their streams then advance). */
const fieldState = new Map();

function fieldFor(law) {
  if (!fieldState.has(law.key)) {
    fieldState.set(law.key, {
      stdlibUniform: fieldLib.stdlibUniform.factory({ seed: SEED }),
      stdlibNormal: fieldLib.stdlibNormal.factory({ seed: SEED }),
      pureRand: fieldLib.pureRand.xoroshiro128plus(SEED),
      tfUniform: fieldLib.tf.initializers.glorotUniform({ seed: SEED }),
      tfHe: fieldLib.tf.initializers.heNormal({ seed: SEED }),
    });
  }
  return fieldState.get(law.key);
}

/** A contender that writes into the preallocated `ctx.out`. */
const intoOut = (write) => ({
  make: (law, ctx) => {
    const w = write(law, ctx);
    if (!w) return null;
    const { out, n } = ctx;
    return () => {
      w(out);
      return out[0] + out[n - 1];
    };
  },
  values: (law, ctx) => {
    const w = write(law, ctx);
    w(ctx.out);
    return ctx.out;
  },
});

/** tfjs's sample of a law (tensor factory), or null. */
function tfMaker(law, ctx) {
  const { tf } = fieldLib;
  const { shape, params: p } = ctx;
  const s = fieldFor(law);
  if (law.key === 'glorotUniform') return () => s.tfUniform.apply(shape, 'float32');
  if (law.key === 'heNormal') return () => s.tfHe.apply(shape, 'float32');
  if (law.kind === 'uniform') return () => tf.randomUniform(shape, p.minval, p.maxval, 'float32', SEED);
  if (law.kind === 'normal') return () => tf.randomNormal(shape, p.mean, p.stddev, 'float32', SEED);
  return () => tf.truncatedNormal(shape, p.mean, p.stddev, 'float32', SEED);
}

const CONTENDERS = [
  {
    key: 'fill',
    label: 'nninit fill()',
    family: 'nninit',
    ...intoOut((law, ctx) => (out) => law.initializer.fill(out, ctx.shape)),
  },
  {
    key: 'zeroCopy',
    label: 'nninit sampleInWasm()',
    family: 'nninit',
    make:
      (law, { shape, n }) =>
      () => {
        const tensor = law.initializer.sampleInWasm(shape);
        const value = tensor.array[n - 1];
        tensor.dispose();
        return value;
      },
    values: (law, { shape }) => {
      const tensor = law.initializer.sampleInWasm(shape);
      const copy = tensor.toArray();
      tensor.dispose();
      return copy;
    },
  },
  {
    key: 'sample',
    label: 'nninit sample()',
    family: 'nninit',
    make:
      (law, { shape, n }) =>
      () => {
        const array = law.initializer.sample(shape);
        return array[0] + array[n - 1];
      },
    values: (law, { shape }) => law.initializer.sample(shape),
  },
  {
    key: 'baseline',
    label: 'JS Math.random (baseline)',
    family: 'js',
    ...intoOut((law, ctx) => (out) => BASELINE_FN[law.kind](out, ctx.params)),
  },
  {
    key: 'xoshiro',
    label: 'JS xoshiro128**',
    family: 'js',
    ...intoOut((law, ctx) => (out) => XOSHIRO_FN[law.kind](out, ctx.params)),
  },
  {
    key: 'tfjs',
    label: 'tfjs (CPU)',
    family: 'field',
    make: (law, ctx) => {
      const make = tfMaker(law, ctx);
      return () => field.tfConsume(fieldLib.tf, make);
    },
    values: (law, ctx) => Float32Array.from(field.tfValues(fieldLib.tf, tfMaker(law, ctx))),
    // tfjs-layers' He normal leaves out the truncation correction: σ = √(2 / fan_in) before cutting.
    expectScale: (law) => (law.key === 'heNormal' ? TSF : 1),
  },
  {
    key: 'stdlib',
    label: 'stdlib',
    family: 'field',
    presets: false,
    ...intoOut((law, ctx) => {
      const s = fieldFor(law);
      const p = ctx.params;
      if (law.kind === 'uniform') return (out) => s.stdlibUniform.assign(p.minval, p.maxval, out);
      if (law.kind === 'normal') return (out) => s.stdlibNormal.assign(p.mean, p.stddev, out);
      return null; // stdlib has no truncated normal
    }),
  },
  {
    key: 'pureRand',
    label: 'pure-rand',
    family: 'field',
    presets: false,
    ...intoOut((law, ctx) => {
      const rng = fieldFor(law).pureRand;
      const f = PURE_RAND_FN[law.kind];
      return (out) => f(fieldLib.pureRand, rng, out, ctx.params);
    }),
  },
];

const contendersOf = (law) => CONTENDERS.filter((c) => !law.preset || c.presets !== false);
const singleId = (law, c, e) => `single/${law.key}/${c.key}/2^${e}`;

// ---------------------------------------------------------------------------------------------
// Sanity check: every implementation must produce the law it claims before it is timed.

function checkValues(values, n, expect, what, tolerance) {
  const { mean, std, lo, hi, loOpen } = expect;
  const slack = lo === undefined ? 0 : tolerance * (hi - lo);
  let sum = 0;
  let sum2 = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new Error(`${what}: value ${i} is ${v}`);
    if (lo !== undefined) {
      const outside =
        tolerance > 0 ? v > hi + slack || v < lo - slack : v > hi || v === hi || v < lo || (loOpen && v === lo);
      if (outside) throw new Error(`${what}: value ${i} = ${v} lies outside [${lo}, ${hi})`);
    }
    sum += v;
    sum2 += v * v;
  }
  const m = sum / n;
  const s = Math.sqrt(sum2 / n - m * m);
  if (Math.abs(m - mean) > (6 * std) / Math.sqrt(n) || Math.abs(s / std - 1) > 0.03) {
    throw new Error(
      `${what}: sample mean ${m.toExponential(3)} and std ${s.toPrecision(5)} do not match mean ${mean} std ${std.toPrecision(5)}`,
    );
  }
}

function scaleExpect(x, k) {
  if (k === 1) return x;
  return { ...x, std: x.std * k, lo: x.lo * k, hi: x.hi * k };
}

function checkOutputs(plan) {
  const e = 16;
  const n = 2 ** e;
  const out = new Float32Array(n);
  let checked = 0;
  for (const law of LAWS) {
    const shape = law.shapeFor(n);
    const params = law.paramsFor(shape);
    const ctx = { n, shape, params, out };
    const base = expectation(law.kind, law.preset ? law.initializer.distribution(shape) : params);
    for (const c of contendersOf(law)) {
      if (!plan.some((id) => id.startsWith(`single/${law.key}/${c.key}/`))) continue;
      if (c.make(law, ctx) === null) continue;
      const expect = scaleExpect(base, c.expectScale ? c.expectScale(law) : 1);
      // Other libraries round their float64 bounds their own way: allow a 1e-6 relative slack.
      checkValues(c.values(law, ctx), n, expect, `${law.key}/${c.key}`, c.family === 'field' ? 1e-6 : 0);
      checked++;
    }
  }
  return checked;
}

// ---------------------------------------------------------------------------------------------
// Cold start: a fresh Node process times `await import('nninit')` + `await ready()`.

function coldStart(runs) {
  const code = [
    'const t0 = performance.now();',
    "const { ready } = await import('nninit');",
    'await ready();',
    'const t1 = performance.now();',
    'console.log(JSON.stringify({ ms: t1 - t0 }));',
  ].join('\n');
  const times = [];
  for (let i = 0; i < runs; i++) {
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`cold-start process failed (${child.status}): ${child.stderr}`);
    times.push(JSON.parse(child.stdout.trim().split('\n').at(-1)).ms);
  }
  return {
    runs,
    what: "fresh `node` process: performance.now() around `await import('nninit')` + `await ready()`",
    timesMs: times,
    medianMs: median(times),
    maxMs: Math.max(...times),
    minMs: Math.min(...times),
    targetMs: COLD_START_TARGET_MS,
  };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[(s.length - 1) >> 1] / 2 + s[s.length >> 1] / 2;
}

// ---------------------------------------------------------------------------------------------
// Single-thread cases.

/** tinybench's summary statistics, without raw samples. */
function statsOf(s) {
  if (!s) return undefined;
  const { samples, ...rest } = s;
  return rest;
}

function caseResult(task, label, n, sink) {
  const r = task.result;
  return {
    label,
    mfloatPerS: n / (r.latency.mean * 1e3),
    meanMs: r.latency.mean,
    rmePercent: r.latency.rme,
    runs: task.runs,
    sink,
    latency: statsOf(r.latency),
    totalTime: r.totalTime,
  };
}

/**
 * Scheduler statistics of this process's main thread, from /proc/self/task/<pid>/schedstat
 * (Linux): ns spent on a CPU, then ns spent runnable but waiting for a CPU. null elsewhere.
 */
const SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;
function mainThreadClock() {
  try {
    const [runNs, waitNs] = readFileSync(SCHEDSTAT, 'utf8').trim().split(/\s+/).map(Number);
    return { runNs, waitNs };
  } catch {
    return null;
  }
}
const HAS_SCHEDSTAT = mainThreadClock() !== null;

/**
 * A case is disturbed when its main thread spent more than this fraction of the timed run's wall
 * time runnable but waiting for a CPU (another process held the cores). Without schedstat: when
 * the process's CPU time / wall time falls below 1 − this fraction.
 */
const DISTURBED_WAIT = 0.1;
/** A disturbed case is timed again, up to this many attempts in all; the least disturbed is kept. */
const MAX_ATTEMPTS = 3;

/**
 * Runs a warmed-up task synchronously; returns the main thread's CPU time / wall time and
 * run-queue wait / wall time over the timed run (process CPU time and null without schedstat).
 * A main thread that blocks on V8's own GC threads sleeps, it does not wait: only other load
 * shows up as run-queue wait.
 */
function runSyncTimed(task) {
  const clock0 = mainThreadClock();
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  task.runSync();
  const wallMs = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  const clock1 = clock0 && mainThreadClock();
  if (clock1) {
    return {
      cpuPerWall: (clock1.runNs - clock0.runNs) / 1e6 / wallMs,
      waitPerWall: (clock1.waitNs - clock0.waitNs) / 1e6 / wallMs,
    };
  }
  return { cpuPerWall: (cpu.user + cpu.system) / 1e3 / wallMs, waitPerWall: null };
}

const isDisturbed = ({ cpuPerWall, waitPerWall }) =>
  waitPerWall === null ? cpuPerWall < 1 - DISTURBED_WAIT : waitPerWall > DISTURBED_WAIT;
/** How disturbed a run was, for choosing among attempts (lower is better). */
const disturbance = ({ cpuPerWall, waitPerWall }) => (waitPerWall === null ? -cpuPerWall : waitPerWall);

/**
 * Times `body` (a sync `() => number`) with tinybench: warm-up, then the timed run; retried while
 * disturbed by other load. Returns the kept attempt's result (with cpuPerWall, waitPerWall, disturbed and
 * every attempt's CPU/wall and rate).
 */
function timeSync(name, label, n, opts, body, what, attempts) {
  let best = null;
  const tries = [];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const sink = { value: 0 };
    const bench = new Bench({ ...opts, throws: true, retainSamples: false });
    bench.add(name, () => {
      sink.value += body();
    });
    const task = bench.tasks[0];
    // Warm up right before the timed run, so each case starts with its own code and data hot.
    task.warmupSync();
    const load = runSyncTimed(task);
    assertCompleted(task, what, sink.value);
    const r = caseResult(task, label, n, sink.value);
    Object.assign(r, load);
    r.disturbed = isDisturbed(load);
    tries.push({ ...load, mfloatPerS: r.mfloatPerS });
    if (!best || disturbance(load) < disturbance(best)) best = r;
    if (!r.disturbed) break;
  }
  best.attempts = tries;
  return best;
}

function assertCompleted(task, what, sink) {
  const r = task.result;
  if (r.state !== 'completed') throw new Error(`${what}: ${r.state} ${r.error ?? ''}`);
  if (!Number.isFinite(sink)) throw new Error(`${what}: output sink is ${sink} (NaN/∞ output)`);
}

const loadText = (r) =>
  `CPU/wall ${r.cpuPerWall.toFixed(2)}${r.waitPerWall === null ? '' : ` wait/wall ${r.waitPerWall.toFixed(2)}`}${r.disturbed ? ' DISTURBED' : ''}`;
const progress = (line) => process.stderr.write(`  ${line}\n`);

function runGroup(law, e, quick, out) {
  const attempts = quick ? 1 : MAX_ATTEMPTS;
  const n = 2 ** e;
  const shape = law.shapeFor(n);
  const params = law.paramsFor(shape);
  const ctx = { n, shape, params, out };
  const opts = budget(e, quick);
  const wanted = contendersOf(law).filter((c) => selected(singleId(law, c, e)));
  if (wanted.length === 0) return null;
  // The baseline always runs with its group, so every ratio has its reference from the same run.
  const chosen = contendersOf(law).filter((c) => c.key === 'baseline' || wanted.includes(c));
  const results = {};
  const tfTensorsBefore = fieldLib ? fieldLib.tf.memory().numTensors : 0;
  for (const c of chosen) {
    const body = c.make(law, ctx);
    if (body === null) {
      results[c.key] = { label: c.label, unavailable: true };
      continue;
    }
    const rr = timeSync(c.key, c.label, n, opts, body, `${law.key} 2^${e} ${c.key}`, attempts);
    results[c.key] = rr;
    progress(
      `${law.label.padEnd(16)} 2^${String(e).padEnd(2)} ${c.label.padEnd(26)} ${fmtRate(rr.mfloatPerS).padStart(7)} Mfloat/s  ±${rr.rmePercent.toFixed(1)}%  ${loadText(rr)}  (${rr.runs} runs${rr.attempts.length > 1 ? `, attempt ${rr.attempts.length}` : ''})`,
    );
  }
  if (fieldLib) {
    const leaked = fieldLib.tf.memory().numTensors - tfTensorsBefore;
    if (leaked !== 0) throw new Error(`${law.key} 2^${e}: ${leaked} tfjs tensors were not disposed`);
  }
  const baseline = results.baseline.mfloatPerS;
  const ratios = {};
  for (const [key, r] of Object.entries(results)) if (!r.unavailable) ratios[key] = r.mfloatPerS / baseline;
  const group = { law: law.key, exponent: e, n, shape, params, budget: opts, cases: results, ratios };
  if (law.floor !== undefined && results.fill) {
    group.floor = { fillVsBaseline: law.floor, met: ratios.fill >= law.floor };
  }
  return group;
}

// ---------------------------------------------------------------------------------------------
// Threaded fills (tinybench async tasks), with the process's CPU time / wall time while they run.

async function runThreaded(sizes, quick, outs, singleGroups) {
  const laws = LAWS.filter((l) => !l.preset);
  const ids = [];
  for (const e of sizes) for (const law of laws) for (const t of THREAD_SETTINGS) ids.push([law, e, t]);
  const wanted = ids.filter(([law, e, t]) => selected(`threads/${law.key}/t${t}/2^${e}`));
  if (wanted.length === 0) return { status: 'not selected' };
  if (!threaded) return { status: 'not available in this build' };

  // The threaded output must be the same tensor as the single-thread fill (stream contract).
  const identity = [];
  for (const law of laws) {
    const n = 2 ** Math.min(...sizes);
    const shape = law.shapeFor(n);
    const ref = law.initializer.fill(new Float32Array(n), shape);
    for (const t of THREAD_SETTINGS) {
      const got = new Float32Array(n);
      await threaded.fill(law.initializer, got, shape, { threads: t });
      let diff = 0;
      for (let i = 0; i < n; i++) if (!Object.is(got[i], ref[i])) diff++;
      identity.push({ law: law.key, threads: t, n, differingElements: diff });
      if (diff)
        process.stderr.write(`WARNING: fillAsync threads ${t} ${law.key}: ${diff} elements differ from fill()\n`);
    }
  }

  const rows = [];
  for (const e of sizes) {
    const n = 2 ** e;
    const out = outs.get(e);
    const opts = budget(e, quick);
    for (const law of laws) {
      const shape = law.shapeFor(n);
      const chosen = THREAD_SETTINGS.filter(
        (t) => t === 1 || wanted.some(([l, ee, tt]) => l === law && ee === e && tt === t),
      );
      if (!wanted.some(([l, ee]) => l === law && ee === e)) continue;
      const cases = {};
      for (const t of chosen) {
        const sink = { value: 0 };
        const bench = new Bench({ ...opts, throws: true, retainSamples: false });
        bench.add(
          `t${t}`,
          async () => {
            await threaded.fill(law.initializer, out, shape, { threads: t });
            sink.value += out[0] + out[n - 1];
          },
          { async: true },
        );
        const task = bench.tasks[0];
        await task.warmup();
        const cpu0 = process.cpuUsage();
        const wall0 = performance.now();
        await task.run();
        const wallMs = performance.now() - wall0;
        const cpu = process.cpuUsage(cpu0);
        assertCompleted(task, `threads ${law.key} 2^${e} t${t}`, sink.value);
        const r = caseResult(task, `fillAsync threads ${t}`, n, sink.value);
        r.threads = t;
        r.cpuMs = (cpu.user + cpu.system) / 1e3;
        r.wallMs = wallMs;
        r.cpuPerWall = r.cpuMs / wallMs;
        cases[`t${t}`] = r;
        progress(
          `${law.label.padEnd(16)} 2^${String(e).padEnd(2)} fillAsync threads ${String(t).padEnd(8)} ${fmtRate(r.mfloatPerS).padStart(7)} Mfloat/s  ±${r.rmePercent.toFixed(1)}%  CPU/wall ${r.cpuPerWall.toFixed(2)}  (${task.runs} runs)`,
        );
      }
      const one = cases.t1.mfloatPerS;
      const sync = singleGroups.find((g) => g.law === law.key && g.exponent === e)?.cases.fill;
      for (const r of Object.values(cases)) {
        r.speedupVsThreads1 = r.mfloatPerS / one;
        if (sync) r.vsSyncFill = r.mfloatPerS / sync.mfloatPerS;
      }
      rows.push({ law: law.key, exponent: e, n, budget: opts, cases });
    }
  }
  return {
    status: 'measured',
    api: threaded.form,
    availableParallelism: os.availableParallelism(),
    identity,
    rows,
  };
}

// ---------------------------------------------------------------------------------------------
// ResNet-50: all 320 tensors of examples/resnet50.json, Keras defaults.

async function runResnet(quick) {
  const wanted = ['nninit', 'baseline', 'tfjs'].filter((k) => selected(`resnet/${k}`));
  if (wanted.length === 0) return null;
  const model = JSON.parse(readFileSync(path.join(ROOT, 'examples', 'resnet50.json'), 'utf8'));
  const tensors = model.tensors.map((t) => ({ ...t, size: t.shape.reduce((a, b) => a * b, 1) }));
  const total = tensors.reduce((s, t) => s + t.size, 0);
  const counts = {};
  for (const t of tensors) counts[t.initializer] = (counts[t.initializer] ?? 0) + 1;

  // nninit and the baseline write into one preallocated arena, carved into per-tensor views.
  const arena = new Float32Array(total);
  let offset = 0;
  for (const t of tensors) {
    t.view = arena.subarray(offset, offset + t.size);
    offset += t.size;
  }

  const gen = new nninit.SeedGenerator(SEED);
  const nn = { glorot_uniform: nninit.glorotUniform({ seed: gen }), zeros: nninit.zeros(), ones: nninit.ones() };
  const bodies = {
    nninit: () => {
      for (const t of tensors) nn[t.initializer].fill(t.view, t.shape);
      return arena[0] + arena[total - 1];
    },
    // Reference: Math.random with each kernel's Glorot limit (nninit's fans), constants by fill().
    baseline: () => {
      for (const t of tensors) {
        if (t.initializer === 'glorot_uniform') {
          const d = nn.glorot_uniform.distribution(t.shape);
          js.mathRandomUniform(t.view, { minval: d.minval, maxval: d.maxval });
        } else t.view.fill(t.initializer === 'ones' ? 1 : 0);
      }
      return arena[0] + arena[total - 1];
    },
  };
  if (wanted.includes('tfjs')) {
    const { tf } = fieldLib;
    const ti = {
      glorot_uniform: tf.initializers.glorotUniform({}),
      zeros: tf.initializers.zeros(),
      ones: tf.initializers.ones(),
    };
    // One tensor per weight, materialized with dataSync() and disposed (values stay in tfjs's own
    // arrays: nothing is copied into the arena, which only favours tfjs).
    bodies.tfjs = () => {
      let acc = 0;
      for (const t of tensors) {
        const x = ti[t.initializer].apply(t.shape, 'float32');
        const v = x.dataSync();
        acc += v[v.length - 1];
        x.dispose();
      }
      return acc;
    };
  }

  // Check once: every tensor written, constants exact, kernels inside their limits.
  for (const key of ['nninit', 'baseline']) {
    arena.fill(NaN);
    bodies[key]();
    for (const t of tensors) {
      const c = t.initializer === 'glorot_uniform' ? null : t.initializer === 'ones' ? 1 : 0;
      const limit = c === null ? nn.glorot_uniform.distribution(t.shape).maxval : 0;
      for (let i = 0; i < t.size; i++) {
        const v = t.view[i];
        // A float64 draw rounded to float32 may land on the limit itself: allowed for the baseline.
        const inside = key === 'nninit' ? v >= -limit && v < limit : v >= -limit && v <= limit;
        if (c === null ? !inside : v !== c) throw new Error(`resnet ${key}: ${t.name}[${i}] = ${v}`);
      }
    }
  }

  const opts = quick
    ? { time: 0, iterations: 1, warmupTime: 0, warmupIterations: 1 }
    : { time: 1000, iterations: 3, warmupTime: 0, warmupIterations: 1 };
  const cases = {};
  const labels = {
    nninit: 'nninit fill() into one preallocated arena',
    baseline: 'JS Math.random into the same arena',
    tfjs: 'tfjs-layers initializers .apply(shape) + dataSync()',
  };
  for (const key of ['nninit', 'baseline', 'tfjs']) {
    if (!wanted.includes(key) && key !== 'nninit') continue;
    const c = timeSync(key, labels[key], total, opts, bodies[key], `resnet ${key}`, quick ? 1 : MAX_ATTEMPTS);
    cases[key] = c;
    progress(
      `ResNet-50 ${labels[key].padEnd(52)} ${c.meanMs.toFixed(1).padStart(8)} ms  ${fmtRate(c.mfloatPerS).padStart(6)} Mfloat/s  ${loadText(c)}  (${c.runs} runs${c.attempts.length > 1 ? `, attempt ${c.attempts.length}` : ''})`,
    );
  }
  if (fieldLib && fieldLib.tf.memory().numTensors !== 0) {
    throw new Error(`resnet: ${fieldLib.tf.memory().numTensors} tfjs tensors left undisposed`);
  }
  return {
    model: model.model,
    tensors: tensors.length,
    parameters: total,
    initializers: counts,
    budget: opts,
    cases,
    ratios: {
      nninitVsTfjs: cases.tfjs ? cases.nninit.mfloatPerS / cases.tfjs.mfloatPerS : undefined,
      nninitVsBaseline: cases.baseline ? cases.nninit.mfloatPerS / cases.baseline.mfloatPerS : undefined,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Peak RSS of a 2^24 fill, each in a fresh `node --expose-gc bench/rss.mjs` process.

const RSS_MODES = ['fill', 'sample', 'sampleInWasm', 'fillAsync'];
const RSS_LAWS = ['uniform', 'normal', 'truncatedNormal'];

function rssChild(mode, law) {
  // Through /bin/sh, which forks node (`; exit`): ru_maxrss survives fork + exec on Linux, so a
  // child spawned straight from this (large) process would report this process's peak instead.
  const child = spawnSync(
    '/bin/sh',
    ['-c', '"$0" "$@"; exit $?', process.execPath, '--expose-gc', path.join(BENCH_DIR, 'rss.mjs'), mode, law],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(`rss.mjs ${mode} ${law} failed (${child.status}): ${child.stderr}`);
  const r = JSON.parse(child.stdout.trim().split('\n').at(-1));
  if (r.unavailable) return r;
  // The peak: the larger of the two readings (they agree to a few pages when the spawn is clean).
  r.peakBytes = Math.max(r.maxRssBytes, r.vmHwmBytes ?? 0);
  if (r.vmHwmBytes !== null && Math.abs(r.maxRssBytes - r.vmHwmBytes) > MIB) {
    process.stderr.write(`WARNING: rss ${mode} ${law}: maxRSS ${r.maxRssBytes} and VmHWM ${r.vmHwmBytes} disagree\n`);
  }
  return r;
}

function runRss(quick) {
  const pairs = [];
  for (const mode of RSS_MODES) for (const law of RSS_LAWS) if (selected(`rss/${mode}/${law}`)) pairs.push([mode, law]);
  if (pairs.length === 0) return null;
  const runs = quick ? 1 : RSS_RUNS;
  const peak = (mode, law) => {
    const samples = [];
    const raw = [];
    for (let i = 0; i < runs; i++) {
      const r = rssChild(mode, law);
      if (r.unavailable) return { unavailable: true };
      samples.push(r.peakBytes);
      raw.push({ maxRssBytes: r.maxRssBytes, vmHwmBytes: r.vmHwmBytes });
    }
    return { peakBytes: median(samples), runs: raw };
  };
  const bare = peak('bare', 'normal');
  const reference = { touch: peak('touch', 'normal'), import: peak('import', 'normal') };
  const outputBytes = 4 * 2 ** RSS_EXPONENT;
  const budgetBytes = outputBytes + RSS_SLACK_MIB * MIB;
  const cases = [];
  for (const [mode, law] of pairs) {
    const p = peak(mode, law);
    if (p.unavailable) {
      cases.push({ mode, law, unavailable: true });
      continue;
    }
    const overBare = p.peakBytes - bare.peakBytes;
    cases.push({ mode, law, ...p, overBareBytes: overBare, pass: overBare <= budgetBytes });
  }
  for (const c of cases) {
    if (c.unavailable) continue;
    progress(
      `peak RSS ${c.mode.padEnd(13)} ${c.law.padEnd(16)} ${(c.overBareBytes / MIB).toFixed(1).padStart(6)} MiB over bare node (budget ${budgetBytes / MIB} MiB): ${c.pass ? 'pass' : 'FAIL'}`,
    );
  }
  return {
    n: 2 ** RSS_EXPONENT,
    runsPerMode: runs,
    statistic:
      'median of runs; process.resourceUsage().maxRSS at exit of a fresh `node --expose-gc bench/rss.mjs` process',
    outputBytes,
    slackBytes: RSS_SLACK_MIB * MIB,
    budgetBytes,
    bare,
    reference: {
      touch: { ...reference.touch, overBareBytes: reference.touch.peakBytes - bare.peakBytes },
      import: { ...reference.import, overBareBytes: reference.import.peakBytes - bare.peakBytes },
    },
    cases,
  };
}

// ---------------------------------------------------------------------------------------------
// Output.

function fmtRate(x) {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function fmtRatio(x) {
  return `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`;
}

/** "†" after a figure whose case stayed disturbed by other load in every attempt. */
const mark = (c) => (c && c.disturbed ? '†' : '');
const fmtMiB = (bytes) => `${(bytes / MIB).toFixed(1)} MiB`;
const line = (cells) => `| ${cells.join(' | ')} |`;
/** Markdown-safe text: `*` escaped (xoshiro128** would otherwise open emphasis). */
const mdText = (text) => text.replace(/\*/g, '\\*');
const alignRow = (k, right) => line([...Array(k).fill('---'), ...Array(right).fill('---:')]);

function machineLine(machine, date, quick) {
  const mem = `${Math.round(machine.totalMemoryBytes / 2 ** 30)} GiB`;
  return `${machine.cpu}, ${machine.cores} cores, ${mem}; Node ${machine.node} (V8 ${machine.v8}); ${date}${quick ? ' (quick run: few iterations, rough figures)' : ''}`;
}

/** Issue 2's headline table: nninit's three forms against the two JS baselines, single thread. */
function headlineTable(report) {
  const head = [
    'distribution',
    'size',
    'nninit fill (Mfloat/s)',
    '× Math.random baseline',
    '× JS xoshiro',
    'zero-copy (Mfloat/s)',
    '× baseline',
    'sample() (Mfloat/s)',
    'baseline (Mfloat/s)',
    'JS xoshiro (Mfloat/s)',
  ];
  const rate = (c) => (c && !c.unavailable ? `${fmtRate(c.mfloatPerS)}${mark(c)}` : '—');
  const ratio = (a, b) => (a && b && !a.unavailable && !b.unavailable ? fmtRatio(a.mfloatPerS / b.mfloatPerS) : '—');
  const groups = report.groups
    .filter((g) => !LAWS.find((l) => l.key === g.law).preset)
    .sort((a, b) => a.exponent - b.exponent);
  const rows = groups.map((g) => {
    const c = g.cases;
    return [
      LAWS.find((l) => l.key === g.law).label,
      `2^${g.exponent}`,
      rate(c.fill),
      ratio(c.fill, c.baseline),
      ratio(c.fill, c.xoshiro),
      rate(c.zeroCopy),
      ratio(c.zeroCopy, c.baseline),
      rate(c.sample),
      rate(c.baseline),
      rate(c.xoshiro),
    ];
  });
  return [line(head), alignRow(2, head.length - 2), ...rows.map(line)];
}

/** One table per law: rows = contenders, columns = sizes, cells "Mfloat/s (× baseline)". */
function lawTable(report, law) {
  const groups = report.groups.filter((g) => g.law === law.key).sort((a, b) => a.exponent - b.exponent);
  if (groups.length === 0) return null;
  const head = ['contender', ...groups.map((g) => `2^${g.exponent}`)];
  const rows = [];
  for (const c of contendersOf(law)) {
    if (!groups.some((g) => g.cases[c.key])) continue;
    rows.push([
      mdText(c.label),
      ...groups.map((g) => {
        const r = g.cases[c.key];
        if (!r || r.unavailable) return '—';
        return `${fmtRate(r.mfloatPerS)}${mark(r)} (${fmtRatio(g.ratios[c.key])})`;
      }),
    ]);
  }
  return [line(head), alignRow(1, groups.length), ...rows.map(line)];
}

function threadsSection(t) {
  if (t.status === 'not selected') return [];
  if (t.status !== 'measured') return [`Threads: ${t.status}.`, ''];
  const sizes = [...new Set(t.rows.map((r) => r.exponent))].sort((a, b) => a - b);
  const head = ['distribution', 'threads', ...sizes.map((e) => `2^${e}`)];
  const rows = [];
  for (const law of LAWS.filter((l) => !l.preset)) {
    for (const th of THREAD_SETTINGS) {
      const cells = sizes.map((e) => {
        const r = t.rows.find((x) => x.law === law.key && x.exponent === e)?.cases[`t${th}`];
        if (!r) return '—';
        const sync = r.vsSyncFill !== undefined ? `, ${fmtRatio(r.vsSyncFill)} fill()` : '';
        return `${fmtRate(r.mfloatPerS)} (${fmtRatio(r.speedupVsThreads1)} t1${sync}; CPU/wall ${r.cpuPerWall.toFixed(2)})`;
      });
      if (cells.every((c) => c === '—')) continue;
      rows.push([law.label, String(th), ...cells]);
    }
  }
  const differs = t.identity.filter((x) => x.differingElements > 0);
  return [
    `Threaded fills (\`${t.api}\`; 'auto' on ${t.availableParallelism} available cores): Mfloat/s (speed-up over threads: 1, ` +
      'and over the single-thread `fill()` above; process CPU time / wall time during the timed run).',
    '',
    line(head),
    alignRow(2, sizes.length),
    ...rows.map(line),
    '',
    'CPU/wall ≈ the number of cores actually busy: a threads-2 figure with CPU/wall near 1.0 means another process held ' +
      'a core during the run, so its speed-up says nothing. ' +
      (differs.length
        ? `**Output differs from fill()** for ${differs.map((x) => `${x.law} threads ${x.threads}`).join(', ')}.`
        : `Threaded output checked bit-identical to \`fill()\` at 2^${t.identity[0]?.n ? Math.log2(t.identity[0].n) : '?'}.`),
    '',
  ];
}

function resnetSection(r) {
  if (!r) return [];
  const rows = Object.entries(r.cases).map(([key, c]) => [
    c.label,
    `${c.meanMs.toFixed(1)}${mark(c)}`,
    `${fmtRate(c.mfloatPerS)}${mark(c)}`,
    key === 'nninit' ? '—' : fmtRatio(r.cases.nninit.mfloatPerS / c.mfloatPerS),
  ]);
  const inits = Object.entries(r.initializers)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  return [
    `ResNet-50 (Keras ResNet50, ${r.tensors} tensors: ${inits}; ${r.parameters.toLocaleString('en-US')} floats), whole model per call:`,
    '',
    line(['', 'time per model (ms)', 'Mfloat/s', 'nninit is faster by']),
    alignRow(1, 3),
    ...rows.map(line),
    '',
  ];
}

function rssSection(r) {
  if (!r) return [];
  const modes = [...new Set(r.cases.map((c) => c.mode))];
  const laws = RSS_LAWS.filter((l) => r.cases.some((c) => c.law === l));
  const lawLabel = (k) => LAWS.find((l) => l.key === k).label;
  const rows = modes.map((mode) => [
    `nninit ${mode}`,
    ...laws.map((law) => {
      const c = r.cases.find((x) => x.mode === mode && x.law === law);
      if (!c) return '—';
      if (c.unavailable) return 'not available';
      return `${fmtMiB(c.overBareBytes)} ${c.pass ? 'pass' : '**FAIL**'}`;
    }),
  ]);
  const passed = r.cases.filter((c) => !c.unavailable);
  const verdict = passed.every((c) => c.pass) ? 'all within budget' : 'OVER BUDGET';
  return [
    `Peak RSS of one 2^${Math.log2(r.n)} fill (a fresh \`node --expose-gc bench/rss.mjs\` process: \`process.resourceUsage().maxRSS\`, ` +
      `cross-checked with VmHWM; median of ${r.runsPerMode}), minus a bare \`node\` process measured the same way (${fmtMiB(r.bare.peakBytes)}); ` +
      `budget: the output (${fmtMiB(r.outputBytes)}) + ${fmtMiB(r.slackBytes)} = ${fmtMiB(r.budgetBytes)}:`,
    '',
    line(['', ...laws.map(lawLabel)]),
    alignRow(1, laws.length),
    ...rows.map(line),
    '',
    `Verdict: ${verdict}. For reference: allocating and writing the output alone, without nninit, costs ` +
      `${fmtMiB(r.reference.touch.overBareBytes)} over bare; importing nninit and \`ready()\` alone ` +
      `${fmtMiB(r.reference.import.overBareBytes)}.`,
    '',
  ];
}

function markdown(report) {
  const out = [`Measured on ${machineLine(report.machine, report.date, report.quick)}.`, ''];
  if (report.groups.some((g) => !LAWS.find((l) => l.key === g.law).preset)) {
    out.push('Single thread, nninit against the pure-JS baselines:', '', ...headlineTable(report), '');
  }
  if (report.groups.length)
    out.push(
      'Against the field, one table per distribution: Mfloat/s (× the JS Math.random baseline of the same law, size and run); ' +
        '“—”: the library has no such distribution.',
      '',
    );
  for (const law of LAWS) {
    const t = lawTable(report, law);
    if (t) out.push(`**${law.label}** — ${law.law}`, '', ...t, '');
  }
  out.push(...threadsSection(report.threads));
  out.push(...resnetSection(report.resnet));
  out.push(...rssSection(report.rss));
  const rmes = report.groups.flatMap((g) =>
    Object.values(g.cases)
      .filter((c) => !c.unavailable)
      .map((c) => c.rmePercent),
  );
  const v = report.versions;
  const notes = [
    `Mfloat/s = elements / mean time per call; every call consumes its output; ratios divide rates measured in the same run` +
      (rmes.length
        ? `; tinybench relative margin of error (95%) per case at most ±${Math.max(...rmes).toFixed(1)}%.`
        : '.'),
    `Contenders: nninit ${report.package.version} (built package); JS baselines in bench/baselines.mjs (Math.random: ` +
      'a + (b − a)·u, Box–Muller, Box–Muller + rejection at ±2σ; xoshiro128\\*\\* with the polar method)' +
      (v['@tensorflow/tfjs']
        ? `; @tensorflow/tfjs ${v['@tensorflow/tfjs']} on the cpu backend (\`tf.randomUniform\`/\`randomNormal\`/\`truncatedNormal\` ` +
          'and `tf.initializers.glorotUniform`/`heNormal` `.apply(shape)`, seeded, + `dataSync()` + `dispose()`); ' +
          `@stdlib/random-array-uniform ${v['@stdlib/random-array-uniform']} and -normal ${v['@stdlib/random-array-normal']} ` +
          '(`factory({ seed }).assign(…, out)`, default PRNG mt19937; no truncated normal); ' +
          `pure-rand ${v['pure-rand']} (xoroshiro128+ with \`uniformFloat32\`; normals by Box–Muller on it, truncated by rejection at ±2σ — pure-rand has no normal)`
        : '') +
      '.',
    `Glorot uniform and He normal: shape [n/1024, 1024] (fan_in n/1024, fan_out 1024); the JS baselines draw the same law ` +
      "with nninit's limit / σ; tfjs-layers' He normal omits the truncation correction (12% narrower), which does not change its cost.",
  ];
  const timed = [
    ...report.groups.flatMap((g) => Object.values(g.cases)),
    ...(report.resnet ? Object.values(report.resnet.cases) : []),
  ].filter((c) => !c.unavailable);
  const disturbed = timed.filter((c) => c.disturbed).length;
  const retried = timed.filter((c) => c.attempts && c.attempts.length > 1).length;
  const [l0] = report.loadAverage.start;
  const [l1] = report.loadAverage.end;
  const criterion = HAS_SCHEDSTAT
    ? `its main thread waited for a CPU (run-queue wait from /proc/self/task/<pid>/schedstat) more than ${DISTURBED_WAIT * 100}% of the timed run`
    : `the process's CPU time fell below ${(1 - DISTURBED_WAIT) * 100}% of the timed run's wall time`;
  notes.push(
    `Other load: 1-minute load average ${l0.toFixed(2)} at the start and ${l1.toFixed(2)} at the end of the run. ` +
      `A single-thread case counts as disturbed when ${criterion}; it is then timed again, up to ${MAX_ATTEMPTS} attempts, ` +
      'and the least disturbed attempt is kept. ' +
      (disturbed
        ? `${disturbed} of ${timed.length} cases stayed disturbed (marked †): another process took a core while they ran, ` +
          'so their figures, and the ratios built on them, are low or noisy'
        : `No case of ${timed.length} stayed disturbed`) +
      (retried ? `; ${retried} were timed more than once.` : '.'),
  );
  if (report.coldStart) {
    const cs = report.coldStart;
    notes.push(
      `Cold start (\`await import('nninit')\` + \`await ready()\` in a fresh Node process, ${cs.runs} runs): ` +
        `median ${cs.medianMs.toFixed(1)} ms, max ${cs.maxMs.toFixed(1)} ms (target < ${cs.targetMs} ms).`,
    );
  }
  out.push(...notes.flatMap((n) => [n, '']));
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Main.

const started = performance.now();
const startedAt = new Date();
const loadAtStart = os.loadavg();
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const cpus = os.cpus();
const machine = {
  cpu: cpus[0]?.model ?? 'unknown CPU',
  cores: cpus.length,
  totalMemoryBytes: os.totalmem(),
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  node: process.version,
  v8: process.versions.v8,
};

process.stderr.write(`nninit ${pkg.version} bench: sizes ${options.sizes.map((e) => `2^${e}`).join(', ')}`);
process.stderr.write(
  `${options.quick ? ' (quick)' : ''}${options.only.length ? ` only ${options.only.join(', ')}` : ''}\n`,
);

// The single-thread plan: every selected case id.
const plan = [];
for (const e of options.sizes) {
  for (const law of LAWS)
    for (const c of contendersOf(law)) if (selected(singleId(law, c, e))) plan.push(singleId(law, c, e));
}
const needsField = plan.some((id) => /\/(tfjs|stdlib|pureRand)\//.test(id)) || selected('resnet/tfjs');
const versions = {
  nninit: pkg.version,
  tinybench: JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'tinybench', 'package.json'), 'utf8')).version,
};
if (needsField) {
  fieldLib = await field.loadField();
  Object.assign(versions, fieldLib.versions);
}

const checked = checkOutputs(plan);
process.stderr.write(`output check passed (${checked} implementations: support, mean and std at 2^16)\n`);
process.stderr.write(threaded ? `threads: ${threaded.form}\n` : 'threads: not available in this build\n');

const cold = selected('coldstart') ? coldStart(COLD_START_RUNS) : null;
if (cold) {
  process.stderr.write(
    `cold start: median ${cold.medianMs.toFixed(1)} ms, max ${cold.maxMs.toFixed(1)} ms over ${cold.runs} runs\n`,
  );
}

const outs = new Map(options.sizes.map((e) => [e, new Float32Array(2 ** e)]));
const groups = [];
for (const e of options.sizes) {
  for (const law of LAWS) {
    const g = runGroup(law, e, options.quick, outs.get(e));
    if (g) groups.push(g);
  }
}

const threadSizes = options.sizes.filter((e) => e >= THREAD_MIN_EXPONENT);
const threads = await runThreaded(threadSizes, options.quick, outs, groups);
if (threads.status !== 'measured' && threads.status !== 'not selected')
  process.stderr.write(`threads: ${threads.status}\n`);
outs.clear();

const resnet = await runResnet(options.quick);
const rss = runRss(options.quick);

const totalSeconds = (performance.now() - started) / 1e3;
const report = {
  package: { name: pkg.name, version: pkg.version },
  date: startedAt.toISOString(),
  quick: options.quick,
  only: options.only,
  sizes: options.sizes,
  seed: SEED,
  versions,
  machine,
  loadAverage: { start: loadAtStart, end: os.loadavg() },
  loadMeasure: HAS_SCHEDSTAT ? 'main-thread run-queue wait (schedstat)' : 'process CPU time (process.cpuUsage)',
  coldStart: cold,
  groups,
  threads,
  resnet,
  rss,
  totalSeconds,
};

const md = markdown(report);
mkdirSync(RESULTS_DIR, { recursive: true });
// ISO 8601 basic format (no colons), so the name is valid on every file system.
const stamp = startedAt
  .toISOString()
  .replace(/[-:]/g, '')
  .replace(/\.\d+Z$/, 'Z');
const jsonPath = path.join(RESULTS_DIR, `node-${stamp}.json`);
writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(path.join(RESULTS_DIR, 'latest-node.md'), md);

console.log(md);
for (const g of groups) {
  if (!g.floor) continue;
  const verdict = g.floor.met ? 'met' : 'NOT met';
  console.log(
    `floor ${g.law} 2^${g.exponent}: fill ${fmtRatio(g.ratios.fill)} vs required ${g.floor.fillVsBaseline}× — ${verdict}`,
  );
}
if (cold)
  console.log(`cold start ${cold.medianMs < COLD_START_TARGET_MS ? 'meets' : 'MISSES'} the < 20 ms target (median)`);
console.log(`wrote ${path.relative(ROOT, jsonPath)} and bench/results/latest-node.md in ${totalSeconds.toFixed(1)} s`);

// Threaded fills keep worker threads alive: release them so the process exits.
if (typeof nninit.terminate === 'function') await nninit.terminate();
else if (threaded) {
  process.stderr.write('bench: this build has fillAsync but no terminate(); exiting explicitly\n');
  process.exit(0);
}
