// The benchmark cases, run inside Chromium with tinybench: the same laws, cases and baselines as
// the Node suite (bench/run.mjs), each case timed on its own, plus fillAsync on Web Workers when
// the page is cross-origin isolated. bench/run-browser.mjs calls window.nninitBench.* through Playwright.
import * as nninit from 'nninit';
import { Bench } from 'tinybench';
import * as js from '../baselines.mjs';

const SEED = 20240229;
const UNIFORM = { minval: -0.05, maxval: 0.05 };
const NORMAL = { mean: 0, stddev: 0.05 };

const DISTRIBUTIONS = {
  uniform: {
    params: UNIFORM,
    initializer: nninit.randomUniform({ ...UNIFORM, seed: SEED }),
    baseline: js.mathRandomUniform,
    xoshiro: js.xoshiroUniform,
    expect: { mean: 0, std: 0.1 / Math.sqrt(12), lo: -0.05, hi: 0.05, loOpen: false },
  },
  normal: {
    params: NORMAL,
    initializer: nninit.randomNormal({ ...NORMAL, seed: SEED }),
    baseline: js.mathRandomNormal,
    xoshiro: js.xoshiroNormal,
    expect: { mean: 0, std: 0.05 },
  },
  truncatedNormal: {
    params: NORMAL,
    initializer: nninit.truncatedNormal({ ...NORMAL, seed: SEED }),
    baseline: js.mathRandomTruncatedNormal,
    xoshiro: js.xoshiroTruncatedNormal,
    expect: { mean: 0, std: 0.05 * nninit.TRUNCATED_STD_FACTOR, lo: -0.1, hi: 0.1, loOpen: true },
  },
};

/** Workers for the threaded case: the machine's cores, at most 8 (what threads: 'auto' uses). */
const THREADS = Math.max(1, Math.min(navigator.hardwareConcurrency || 1, 8));

/** The cases, each (d, out, n, shape) => one value read from the output (a sink defeats dead-code elimination). */
const CASES = {
  baseline: (d, out, n) => (d.baseline(out, d.params), out[0] + out[n - 1]),
  xoshiro: (d, out, n) => (d.xoshiro(out, d.params), out[0] + out[n - 1]),
  fill: (d, out, n, shape) => (d.initializer.fill(out, shape), out[0] + out[n - 1]),
  zeroCopy: (d, out, n, shape) => {
    const tensor = d.initializer.sampleInWasm(shape);
    const value = tensor.array[n - 1];
    tensor.dispose();
    return value;
  },
  sample: (d, out, n, shape) => {
    const array = d.initializer.sample(shape);
    return array[0] + array[n - 1];
  },
  threads: async (d, out, n, shape) => {
    await d.initializer.fillAsync(out, shape, { threads: THREADS });
    return out[0] + out[n - 1];
  },
};

/** tinybench budget for one case of 2^e elements: a time and a minimum number of calls, warm-up likewise. */
function budget(e, quick) {
  if (quick) {
    return e > 20
      ? { time: 0, iterations: 2, warmupTime: 0, warmupIterations: 1 }
      : { time: 150, iterations: 3, warmupTime: 0, warmupIterations: 2 };
  }
  if (e > 20) return { time: 1000, iterations: 3, warmupTime: 0, warmupIterations: 1 };
  return { time: 1500, iterations: 16, warmupTime: 300, warmupIterations: 4 };
}

/** Every implementation must produce its law (support, mean, std on 2^16 values) before it is timed. */
async function checkOutputs() {
  const n = 1 << 16;
  for (const [key, d] of Object.entries(DISTRIBUTIONS)) {
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
      threads: () => d.initializer.fillAsync(new Float32Array(n), [n], { threads: THREADS }),
    };
    for (const [name, produce] of Object.entries(outputs)) {
      const values = await produce();
      let sum = 0;
      let sum2 = 0;
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (!Number.isFinite(v)) throw new Error(`${key}/${name}: value ${i} is ${v}`);
        if (lo !== undefined && (v >= hi || v < lo || (loOpen && v === lo))) {
          throw new Error(`${key}/${name}: value ${i} = ${v} lies outside the law's support`);
        }
        sum += v;
        sum2 += v * v;
      }
      const m = sum / n;
      const s = Math.sqrt(sum2 / n - m * m);
      if (Math.abs(m - mean) > (6 * std) / Math.sqrt(n) || Math.abs(s / std - 1) > 0.03) {
        throw new Error(`${key}/${name}: sample mean ${m} and std ${s} do not match the law (std ${std})`);
      }
    }
  }
  return true;
}

const outs = new Map();

/** Runs one case of one law at 2^e elements; returns tinybench's statistics (no raw samples). */
async function runCase(key, caseKey, e, quick) {
  const d = DISTRIBUTIONS[key];
  const n = 2 ** e;
  const shape = [n];
  if (!outs.has(e)) outs.set(e, new Float32Array(n));
  const out = outs.get(e);
  const body = CASES[caseKey];
  const opts = budget(e, quick);
  const bench = new Bench({ ...opts, throws: true });
  const sink = { value: 0 };
  if (caseKey === 'threads') bench.add(caseKey, async () => void (sink.value += await body(d, out, n, shape)));
  else bench.add(caseKey, () => void (sink.value += body(d, out, n, shape)));
  const [task] = bench.tasks;
  if (caseKey === 'threads') {
    await task.warmup();
    await task.run();
  } else {
    task.warmupSync();
    task.runSync();
  }
  const r = task.result;
  if (r.state !== 'completed') throw new Error(`${key} 2^${e} ${caseKey}: ${r.state} ${r.error ?? ''}`);
  if (!Number.isFinite(sink.value)) throw new Error(`${key} 2^${e} ${caseKey}: output sink is ${sink.value}`);
  const { samples: _samples, ...latency } = r.latency;
  return {
    mfloatPerS: n / (r.latency.mean * 1e3),
    meanMs: r.latency.mean,
    rmePercent: r.latency.rme,
    runs: task.runs,
    sink: sink.value,
    latency,
    budget: opts,
  };
}

function environment() {
  return {
    userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    threads: THREADS,
  };
}

globalThis.nninitBench = {
  environment,
  checkOutputs,
  runCase,
  cases: () => Object.keys(CASES).filter((c) => c !== 'threads' || globalThis.crossOriginIsolated),
  ready: nninit.ready(),
};
