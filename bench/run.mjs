// nninit single-thread benchmark suite for Node (see bench/README.md).
//
//   node bench/run.mjs                      sizes 2^20 and 2^24, full iteration budget
//   node bench/run.mjs --sizes 10,16,20,24  other sizes, as exponents of 2
//   node bench/run.mjs --quick              a short smoke run with few iterations
//
// Writes bench/results/node-<ISO 8601 basic date-time>.json and bench/results/latest-node.md,
// and prints the markdown table. Imports the BUILT package by name (run `npm run build` first).

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import * as js from './baselines.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH_DIR);
const RESULTS_DIR = path.join(BENCH_DIR, 'results');

/** Fixed seed for every nninit initializer: the same work each iteration, reproducible values. */
const SEED = 20240229;
const COLD_START_RUNS = 7;
const COLD_START_TARGET_MS = 20;

// ---------------------------------------------------------------------------------------------
// Command line.

function parseArgs(argv) {
  const options = { sizes: [20, 24], quick: false };
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
    } else if (arg === '--help' || arg === '-h') {
      console.log('usage: node bench/run.mjs [--sizes 20,24] [--quick]');
      process.exit(0);
    } else fail(`unknown argument ${arg}; usage: node bench/run.mjs [--sizes 20,24] [--quick]`);
  }
  options.sizes = [...new Set(options.sizes)].sort((a, b) => a - b);
  return options;
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

/**
 * tinybench budget for one case of 2^e elements. tinybench runs a case until both `time` (ms)
 * and `iterations` are reached; warm-up likewise with warmupTime and warmupIterations.
 */
function budget(e, quick) {
  if (quick) {
    return e > 20
      ? { time: 0, iterations: 2, warmupTime: 0, warmupIterations: 1 }
      : { time: 150, iterations: 3, warmupTime: 0, warmupIterations: 2 };
  }
  // 2^24: the slowest case (Box–Muller on Math.random, ~0.45 s per call) gets 1 + 3 calls.
  if (e > 20) return { time: 1000, iterations: 3, warmupTime: 0, warmupIterations: 1 };
  return { time: 1500, iterations: 16, warmupTime: 300, warmupIterations: 4 };
}

const options = parseArgs(process.argv.slice(2));

// ---------------------------------------------------------------------------------------------
// The package under test.

let nninit;
try {
  nninit = await import('nninit');
} catch (error) {
  fail(`cannot import the built package 'nninit' (run \`npm run build\` first): ${error.message}`);
}
await nninit.ready();

const UNIFORM = { minval: -0.05, maxval: 0.05 };
const NORMAL = { mean: 0, stddev: 0.05 };

const DISTRIBUTIONS = [
  {
    key: 'uniform',
    label: 'uniform',
    law: 'U[-0.05, 0.05)',
    params: UNIFORM,
    initializer: nninit.randomUniform({ ...UNIFORM, seed: SEED }),
    baseline: js.mathRandomUniform,
    xoshiro: js.xoshiroUniform,
    floor: 15,
    expect: { mean: 0, std: 0.1 / Math.sqrt(12), lo: -0.05, hi: 0.05, loOpen: false },
  },
  {
    key: 'normal',
    label: 'normal',
    law: 'N(0, 0.05²)',
    params: NORMAL,
    initializer: nninit.randomNormal({ ...NORMAL, seed: SEED }),
    baseline: js.mathRandomNormal,
    xoshiro: js.xoshiroNormal,
    floor: 9,
    expect: { mean: 0, std: 0.05 },
  },
  {
    key: 'truncatedNormal',
    label: 'truncated normal',
    law: 'N(0, 0.05²) cut at ±2σ',
    params: NORMAL,
    initializer: nninit.truncatedNormal({ ...NORMAL, seed: SEED }),
    baseline: js.mathRandomTruncatedNormal,
    xoshiro: js.xoshiroTruncatedNormal,
    floor: 8,
    expect: { mean: 0, std: 0.05 * nninit.TRUNCATED_STD_FACTOR, lo: -0.1, hi: 0.1, loOpen: true },
  },
];

/** The five cases of a distribution, as (out, n, shape) => one value read from the output. */
const CASES = [
  {
    key: 'baseline',
    label: 'JS Math.random',
    make: (d) => (out, n) => {
      d.baseline(out, d.params);
      return out[0] + out[n - 1];
    },
  },
  {
    key: 'xoshiro',
    label: 'JS xoshiro128**',
    make: (d) => (out, n) => {
      d.xoshiro(out, d.params);
      return out[0] + out[n - 1];
    },
  },
  {
    key: 'fill',
    label: 'nninit fill()',
    make: (d) => (out, n, shape) => {
      d.initializer.fill(out, shape);
      return out[0] + out[n - 1];
    },
  },
  {
    key: 'zeroCopy',
    label: 'nninit sampleInWasm()',
    make: (d) => (out, n, shape) => {
      const tensor = d.initializer.sampleInWasm(shape);
      const value = tensor.array[n - 1];
      tensor.dispose();
      return value;
    },
  },
  {
    key: 'sample',
    label: 'nninit sample()',
    make: (d) => (out, n, shape) => {
      const array = d.initializer.sample(shape);
      return array[0] + array[n - 1];
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Sanity check: every implementation must produce the law it claims before it is timed.

function checkOutputs() {
  const n = 1 << 16;
  for (const d of DISTRIBUTIONS) {
    const { mean, std, lo, hi, loOpen } = d.expect;
    const scratch = new Float32Array(n);
    const outputs = {
      baseline: () => (d.baseline(scratch, d.params), scratch),
      xoshiro: () => (d.xoshiro(scratch, d.params), scratch),
      fill: () => d.initializer.fill(scratch, [n]),
      zeroCopy: () => {
        const tensor = d.initializer.sampleInWasm([n]);
        const copy = tensor.toArray();
        tensor.dispose();
        return copy;
      },
      sample: () => d.initializer.sample([n]),
    };
    for (const [key, produce] of Object.entries(outputs)) {
      const values = produce();
      let sum = 0;
      let sum2 = 0;
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (!Number.isFinite(v)) throw new Error(`${d.key}/${key}: value ${i} is ${v}`);
        if (lo !== undefined && (v > hi || v === hi || v < lo || (loOpen && v === lo))) {
          throw new Error(`${d.key}/${key}: value ${i} = ${v} lies outside the support of ${d.law}`);
        }
        sum += v;
        sum2 += v * v;
      }
      const m = sum / n;
      const s = Math.sqrt(sum2 / n - m * m);
      if (Math.abs(m - mean) > (6 * std) / Math.sqrt(n) || Math.abs(s / std - 1) > 0.03) {
        throw new Error(
          `${d.key}/${key}: sample mean ${m.toExponential(3)} and std ${s.toFixed(5)} do not match ${d.law} (std ${std.toFixed(5)})`,
        );
      }
    }
  }
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
  const sorted = [...times].sort((a, b) => a - b);
  return {
    runs,
    what: "fresh `node` process: performance.now() around `await import('nninit')` + `await ready()`",
    timesMs: times,
    medianMs: sorted[(runs - 1) >> 1] / 2 + sorted[runs >> 1] / 2,
    maxMs: sorted.at(-1),
    minMs: sorted[0],
    targetMs: COLD_START_TARGET_MS,
  };
}

// ---------------------------------------------------------------------------------------------
// Benchmarks.

/** tinybench's summary statistics of one case, without the raw samples (they would make each result file ~1 MB). */
function statsOf(s) {
  const { samples, ...rest } = s;
  return { ...rest, sampleCount: samples ? samples.length : undefined };
}

function runGroup(d, e, quick, outs) {
  const n = 2 ** e;
  const shape = [n];
  const out = outs.get(e);
  const opts = budget(e, quick);
  const bench = new Bench({ ...opts, throws: true, retainSamples: true });
  const sinks = new Map();
  for (const c of CASES) {
    const body = c.make(d);
    const sink = { value: 0 };
    sinks.set(c.key, sink);
    bench.add(c.key, () => {
      sink.value += body(out, n, shape);
    });
  }
  const results = {};
  for (const task of bench.tasks) {
    // Warm up right before the timed run, so each case starts with its own code and data hot.
    task.warmupSync();
    task.runSync();
    const r = task.result;
    if (r.state !== 'completed') throw new Error(`${d.key} 2^${e} ${task.name}: ${r.state} ${r.error ?? ''}`);
    const sink = sinks.get(task.name).value;
    if (!Number.isFinite(sink)) throw new Error(`${d.key} 2^${e} ${task.name}: output sink is ${sink} (NaN/∞ output)`);
    const c = CASES.find((x) => x.key === task.name);
    results[task.name] = {
      label: c.label,
      mfloatPerS: n / (r.latency.mean * 1e3),
      meanMs: r.latency.mean,
      rmePercent: r.latency.rme,
      runs: task.runs,
      sink,
      latency: statsOf(r.latency),
      throughput: statsOf(r.throughput),
      period: r.period,
      totalTime: r.totalTime,
    };
    process.stderr.write(
      `  ${d.label.padEnd(16)} 2^${e}  ${c.label.padEnd(22)} ${fmtRate(results[task.name].mfloatPerS).padStart(7)} Mfloat/s  ±${r.latency.rme.toFixed(1)}%  (${task.runs} runs)\n`,
    );
  }
  const baseline = results.baseline.mfloatPerS;
  return {
    distribution: d.key,
    law: d.law,
    exponent: e,
    n,
    budget: opts,
    cases: results,
    ratios: {
      fillVsBaseline: results.fill.mfloatPerS / baseline,
      fillVsXoshiro: results.fill.mfloatPerS / results.xoshiro.mfloatPerS,
      zeroCopyVsBaseline: results.zeroCopy.mfloatPerS / baseline,
      sampleVsBaseline: results.sample.mfloatPerS / baseline,
    },
    floor: { fillVsBaseline: d.floor, met: results.fill.mfloatPerS / baseline >= d.floor },
  };
}

// ---------------------------------------------------------------------------------------------
// Output.

function fmtRate(x) {
  return x >= 100 ? x.toFixed(0) : x.toFixed(1);
}

function fmtRatio(x) {
  return `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`;
}

function machineLine(machine, date, quick) {
  const mem = `${Math.round(machine.totalMemoryBytes / 2 ** 30)} GiB`;
  return `${machine.cpu}, ${machine.cores} cores, ${mem}; Node ${machine.node} (V8 ${machine.v8}); ${date}${quick ? ' (quick run: few iterations, rough figures)' : ''}`;
}

function markdown(report) {
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
  const rows = report.groups.map((g) => {
    const c = g.cases;
    return [
      DISTRIBUTIONS.find((d) => d.key === g.distribution).label,
      `2^${g.exponent}`,
      fmtRate(c.fill.mfloatPerS),
      fmtRatio(g.ratios.fillVsBaseline),
      fmtRatio(g.ratios.fillVsXoshiro),
      fmtRate(c.zeroCopy.mfloatPerS),
      fmtRatio(g.ratios.zeroCopyVsBaseline),
      fmtRate(c.sample.mfloatPerS),
      fmtRate(c.baseline.mfloatPerS),
      fmtRate(c.xoshiro.mfloatPerS),
    ];
  });
  const align = ['---', '---', ...Array(head.length - 2).fill('---:')];
  const line = (cells) => `| ${cells.join(' | ')} |`;
  const rmes = report.groups.flatMap((g) => Object.values(g.cases).map((c) => c.rmePercent));
  const cs = report.coldStart;
  return [
    `Single thread, ${machineLine(report.machine, report.date, report.quick)}.`,
    '',
    line(head),
    line(align),
    ...rows.map(line),
    '',
    `Laws: uniform ${DISTRIBUTIONS[0].law}, normal ${DISTRIBUTIONS[1].law}, truncated normal ${DISTRIBUTIONS[2].law}. ` +
      'Mfloat/s = elements / mean time per call; ratios divide rates measured in the same run. ' +
      `tinybench relative margin of error (95%) per case: at most ±${Math.max(...rmes).toFixed(1)}%.`,
    '',
    `Cold start (\`await import('nninit')\` + \`await ready()\` in a fresh Node process, ${cs.runs} runs): ` +
      `median ${cs.medianMs.toFixed(1)} ms, max ${cs.maxMs.toFixed(1)} ms (target < ${cs.targetMs} ms).`,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Main.

const started = performance.now();
const startedAt = new Date();
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const tinybenchVersion = JSON.parse(
  readFileSync(path.join(ROOT, 'node_modules', 'tinybench', 'package.json'), 'utf8'),
).version;
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
process.stderr.write(`${options.quick ? ' (quick)' : ''}\n`);

checkOutputs();
process.stderr.write('output check passed (support, mean and std of every implementation)\n');

const cold = coldStart(COLD_START_RUNS);
process.stderr.write(
  `cold start: median ${cold.medianMs.toFixed(1)} ms, max ${cold.maxMs.toFixed(1)} ms over ${cold.runs} runs\n`,
);

const outs = new Map(options.sizes.map((e) => [e, new Float32Array(2 ** e)]));
const groups = [];
for (const e of options.sizes) {
  for (const d of DISTRIBUTIONS) groups.push(runGroup(d, e, options.quick, outs));
}

const totalSeconds = (performance.now() - started) / 1e3;
const report = {
  package: { name: pkg.name, version: pkg.version },
  date: startedAt.toISOString(),
  quick: options.quick,
  sizes: options.sizes,
  seed: SEED,
  tinybench: tinybenchVersion,
  machine,
  coldStart: cold,
  groups,
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
  const verdict = g.floor.met ? 'met' : 'NOT met';
  console.log(
    `floor ${g.distribution} 2^${g.exponent}: fill ${fmtRatio(g.ratios.fillVsBaseline)} vs required ${g.floor.fillVsBaseline}× — ${verdict}`,
  );
}
console.log(`cold start ${cold.medianMs < COLD_START_TARGET_MS ? 'meets' : 'MISSES'} the < 20 ms target (median)`);
console.log(`wrote ${path.relative(ROOT, jsonPath)} and bench/results/latest-node.md in ${totalSeconds.toFixed(1)} s`);
