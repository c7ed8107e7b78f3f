// Initializes every weight of Keras's ResNet50 (see resnet50.json) into one Float32Array arena,
// prints a per-tensor report and a timing summary, and checks the statistics of the result.
//
//   node examples/init-resnet50.mjs [--seed N] [--quiet]
//
// Exits 1 if a self-check fails: a glorot_uniform kernel whose std, mean or range is off, or a
// constant tensor with any value other than its constant.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ready, glorotUniform, zeros, ones, computeFans, SeedGenerator } from 'nninit';

const fail = (message, code = 2) => {
  console.error(`init-resnet50: ${message}`);
  process.exit(code);
};

// ---- Arguments ----------------------------------------------------------------------------------

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      seed: { type: 'string', default: '42' },
      quiet: { type: 'boolean', default: false },
    },
  }));
} catch (err) {
  fail(`${err.message}\nusage: init-resnet50.mjs [--seed N] [--quiet]`);
}
const seed = Number(args.seed);
if (!/^\d+$/.test(args.seed) || !Number.isSafeInteger(seed)) {
  fail(`--seed must be a non-negative integer, got '${args.seed}'`);
}

// ---- Model and arena ----------------------------------------------------------------------------

const model = JSON.parse(readFileSync(new URL('./resnet50.json', import.meta.url), 'utf8'));

await ready();

// One seed for the whole model: the SeedGenerator hands the glorot initializer a fresh derived seed
// on every call, so each kernel gets different values while the run stays reproducible.
const gen = new SeedGenerator(seed);
const initializers = {
  glorot_uniform: glorotUniform({ seed: gen }),
  zeros: zeros(),
  ones: ones(),
};
const CONSTANTS = { zeros: 0, ones: 1 };

const tensors = model.tensors.map((t) => {
  const init = initializers[t.initializer];
  if (!init) fail(`${t.name}: unsupported initializer '${t.initializer}'`);
  const size = t.shape.reduce((a, b) => a * b, 1);
  return { ...t, init, size, ...computeFans(t.shape) };
});
const totalParams = tensors.reduce((sum, t) => sum + t.size, 0);

// Carve one arena into per-tensor views. Pre-fill with NaN so a tensor that is not written fails
// the checks below (a fresh Float32Array would already pass for `zeros`).
const arena = new Float32Array(totalParams).fill(NaN);
let offset = 0;
for (const t of tensors) {
  t.view = arena.subarray(offset, offset + t.size);
  offset += t.size;
}

// ---- Initialization (the only timed part) ------------------------------------------------------

const t0 = performance.now();
for (const t of tensors) t.init.fill(t.view, t.shape);
const elapsedMs = performance.now() - t0;

// ---- Statistics and self-checks -----------------------------------------------------------------

// Mean, population std and max |x| in float64.
function stats(values) {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let squares = 0;
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    squares += d * d;
    maxAbs = Math.max(maxAbs, Math.abs(values[i]));
  }
  return { mean, std: Math.sqrt(squares / n), maxAbs };
}

// For n uniform samples (kurtosis 1.8), Var(s^2) ~ 0.8 sigma^4 / n, so by the delta method the
// standard error of s is sigma * sqrt(0.8 / n) / 2 = sigma * sqrt(0.2 / n). The mean has standard
// error sigma / sqrt(n). Both are checked at 5 standard errors.
const failures = [];
for (const t of tensors) {
  const s = stats(t.view);
  t.measuredStd = s.std;
  if (t.initializer === 'glorot_uniform') {
    const limit = Math.sqrt(6 / (t.fanIn + t.fanOut));
    t.targetStd = Math.sqrt(2 / (t.fanIn + t.fanOut));
    const relDev = s.std / t.targetStd - 1;
    const relTol = 5 * Math.sqrt(0.2 / t.size);
    if (!(Math.abs(relDev) <= relTol)) {
      failures.push(
        `${t.name}: measured std ${s.std.toPrecision(5)} vs target ${t.targetStd.toPrecision(5)} ` +
          `(off by ${(100 * relDev).toFixed(2)}%, tolerance ${(100 * relTol).toFixed(2)}%)`,
      );
    }
    if (!(Math.abs(s.mean) <= (5 * t.targetStd) / Math.sqrt(t.size))) {
      failures.push(`${t.name}: mean ${s.mean.toPrecision(5)} is more than 5 standard errors off 0`);
    }
    if (!(s.maxAbs <= limit * (1 + 1e-6))) {
      failures.push(`${t.name}: max |x| ${s.maxAbs.toPrecision(5)} exceeds limit ${limit.toPrecision(5)}`);
    }
  } else {
    const c = CONSTANTS[t.initializer];
    t.targetStd = 0;
    if (!(s.mean === c && s.std === 0)) {
      failures.push(`${t.name}: expected every value to be ${c}, got mean ${s.mean}, std ${s.std}`);
    }
  }
}

// ---- Report -------------------------------------------------------------------------------------

const fmtInt = (n) => n.toLocaleString('en-US');
const fmtStd = (x) => (x === 0 ? '0' : x.toPrecision(5)); // 5 significant digits

if (!args.quiet) {
  const header = ['name', 'shape', 'initializer', 'fan_in', 'fan_out', 'target std', 'measured std'];
  const rightAligned = [false, false, false, true, true, true, true];
  const rows = tensors.map((t) => [
    t.name,
    t.shape.join('x'),
    t.initializer,
    String(t.fanIn),
    String(t.fanOut),
    fmtStd(t.targetStd),
    fmtStd(t.measuredStd),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const format = (cells) =>
    cells
      .map((c, i) => (rightAligned[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const lines = [format(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of rows) lines.push(format(r));
  console.log(lines.join('\n') + '\n');
}

const seconds = elapsedMs / 1000;
console.log(
  [
    `model:       ${model.model} (seed ${seed})`,
    `parameters:  ${fmtInt(totalParams)}`,
    `tensors:     ${tensors.length}`,
    `init time:   ${elapsedMs.toFixed(2)} ms`,
    `throughput:  ${(totalParams / seconds / 1e6).toFixed(1)} Mfloat/s`,
  ].join('\n'),
);

if (failures.length > 0) {
  console.error(`\ninit-resnet50: self-check failed for ${failures.length} check(s):`);
  for (const f of failures) console.error(`  ${f}`);
  process.exitCode = 1;
}
