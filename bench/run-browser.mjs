// nninit benchmark suite inside headless Chromium (see bench/README.md, "Browser").
//
//   node bench/run-browser.mjs                      sizes 2^20 and 2^24, full iteration budget
//   node bench/run-browser.mjs --sizes 16,20        other sizes, as exponents of 2
//   node bench/run-browser.mjs --quick              a short smoke run with few iterations
//
// Builds bench/browser/ with Vite (it imports the BUILT package: run `npm run build` first),
// serves it cross-origin isolated (COOP + COEP, so fillAsync runs on Web Workers), opens it in
// Debian's Chromium through playwright-core and runs tinybench there, one case per call.
// Overwrites bench/results/latest-browser.json and bench/results/latest-browser.md (git keeps the history).

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { chromiumLaunchOptions, ISOLATION_HEADERS } from '../scripts/chromium.mjs';
import { serveStatic } from '../scripts/static-server.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH_DIR);
const RESULTS_DIR = path.join(BENCH_DIR, 'results');

const LAWS = [
  { key: 'uniform', label: 'uniform', law: 'U[-0.05, 0.05)' },
  { key: 'normal', label: 'normal', law: 'N(0, 0.05²)' },
  { key: 'truncatedNormal', label: 'truncated normal', law: 'N(0, 0.05²) cut at ±2σ' },
];
const LABELS = {
  baseline: 'JS Math.random',
  xoshiro: 'JS xoshiro128**',
  fill: 'nninit fill()',
  zeroCopy: 'nninit sampleInWasm()',
  sample: 'nninit sample()',
  threads: 'nninit fillAsync() on workers',
};

function fail(message) {
  console.error(`bench:browser: ${message}`);
  process.exit(1);
}

let args;
try {
  ({ values: args } = parseArgs({
    options: { sizes: { type: 'string', default: '20,24' }, quick: { type: 'boolean', default: false } },
  }));
} catch (error) {
  fail(`${error.message}\nusage: node bench/run-browser.mjs [--sizes 20,24] [--quick]`);
}
const sizes = [
  ...new Set(
    args.sizes.split(',').map((s) => {
      const e = Number(s.trim());
      if (!Number.isInteger(e) || e < 1 || e > 26) fail(`--sizes: exponents must be integers in [1, 26]; got ${s}`);
      return e;
    }),
  ),
].sort((a, b) => a - b);

const fmtRate = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const fmtRatio = (x) => `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`;

function markdown(report) {
  const t = report.environment.crossOriginIsolated ? report.environment.threads : 0;
  const head = [
    'distribution',
    'size',
    'nninit fill (Mfloat/s)',
    '× Math.random baseline',
    '× JS xoshiro',
    'zero-copy (Mfloat/s)',
    'sample() (Mfloat/s)',
    ...(t ? [`fillAsync, ${t} workers (Mfloat/s)`, '× baseline'] : []),
    'baseline (Mfloat/s)',
    'JS xoshiro (Mfloat/s)',
  ];
  const rows = report.groups.map((g) => {
    const c = g.cases;
    return [
      LAWS.find((l) => l.key === g.distribution).label,
      `2^${g.exponent}`,
      fmtRate(c.fill.mfloatPerS),
      fmtRatio(g.ratios.fillVsBaseline),
      fmtRatio(g.ratios.fillVsXoshiro),
      fmtRate(c.zeroCopy.mfloatPerS),
      fmtRate(c.sample.mfloatPerS),
      ...(t ? [fmtRate(c.threads.mfloatPerS), fmtRatio(g.ratios.threadsVsBaseline)] : []),
      fmtRate(c.baseline.mfloatPerS),
      fmtRate(c.xoshiro.mfloatPerS),
    ];
  });
  const line = (cells) => `| ${cells.join(' | ')} |`;
  const rmes = report.groups.flatMap((g) => Object.values(g.cases).map((c) => c.rmePercent));
  const m = report.machine;
  return [
    `In the browser: ${report.browser}, headless, ${t ? 'cross-origin isolated' : 'not isolated'}; ` +
      `${m.cpu}, ${m.cores} cores; ${report.date}${report.quick ? ' (quick run: few iterations, rough figures)' : ''}.`,
    '',
    line(head),
    line(['---', '---', ...Array(head.length - 2).fill('---:')]),
    ...rows.map(line),
    '',
    `Laws as in the Node table. The same cases and baselines as \`npm run bench\`, each timed on its own by tinybench in the page (not in paired rounds); ` +
      `fillAsync uses ${t || 'no'} Web Workers over shared wasm memory. tinybench relative margin of error (95%) per case: ` +
      `at most ±${Math.max(...rmes).toFixed(1)}%.`,
    '',
  ].join('\n');
}

const started = performance.now();
const startedAt = new Date();
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

await build({ configFile: path.join(BENCH_DIR, 'browser', 'vite.config.mjs') });
const server = await serveStatic(path.join(BENCH_DIR, 'browser', 'dist'), { headers: ISOLATION_HEADERS });
let browser;
try {
  browser = await chromium.launch(chromiumLaunchOptions());
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(server.url);
  await page.waitForFunction(() => globalThis.nninitBench !== undefined);
  await page.evaluate(() => globalThis.nninitBench.ready);
  const environment = await page.evaluate(() => globalThis.nninitBench.environment());
  const cases = await page.evaluate(() => globalThis.nninitBench.cases());
  const browserVersion = browser.version();
  process.stderr.write(
    `nninit ${pkg.version} browser bench: Chromium ${browserVersion}, ${environment.crossOriginIsolated ? `isolated, ${environment.threads} workers` : 'not isolated'}, sizes ${sizes.map((e) => `2^${e}`).join(', ')}${args.quick ? ' (quick)' : ''}\n`,
  );
  await page.evaluate(() => globalThis.nninitBench.checkOutputs());
  process.stderr.write('output check passed (support, mean and std of every implementation)\n');

  const groups = [];
  for (const e of sizes) {
    for (const law of LAWS) {
      const results = {};
      for (const c of cases) {
        results[c] = {
          label: LABELS[c],
          ...(await page.evaluate(
            ([k, cc, ee, q]) => globalThis.nninitBench.runCase(k, cc, ee, q),
            [law.key, c, e, args.quick],
          )),
        };
        const r = results[c];
        process.stderr.write(
          `  ${law.label.padEnd(16)} 2^${e}  ${LABELS[c].padEnd(30)} ${fmtRate(r.mfloatPerS).padStart(7)} Mfloat/s  ±${r.rmePercent.toFixed(1)}%  (${r.runs} runs)\n`,
        );
      }
      const base = results.baseline.mfloatPerS;
      groups.push({
        distribution: law.key,
        law: law.law,
        exponent: e,
        n: 2 ** e,
        cases: results,
        ratios: {
          fillVsBaseline: results.fill.mfloatPerS / base,
          fillVsXoshiro: results.fill.mfloatPerS / results.xoshiro.mfloatPerS,
          zeroCopyVsBaseline: results.zeroCopy.mfloatPerS / base,
          sampleVsBaseline: results.sample.mfloatPerS / base,
          ...(results.threads ? { threadsVsBaseline: results.threads.mfloatPerS / base } : {}),
          ...(results.threads ? { threadsVsFill: results.threads.mfloatPerS / results.fill.mfloatPerS } : {}),
        },
      });
    }
  }
  const cpus = os.cpus();
  const report = {
    package: { name: pkg.name, version: pkg.version },
    date: startedAt.toISOString(),
    quick: args.quick,
    sizes,
    browser: `Chromium ${browserVersion}`,
    environment,
    machine: { cpu: cpus[0]?.model ?? 'unknown CPU', cores: cpus.length, node: process.version },
    groups,
    totalSeconds: (performance.now() - started) / 1e3,
  };
  const md = markdown(report);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const jsonPath = path.join(RESULTS_DIR, 'latest-browser.json');
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(RESULTS_DIR, 'latest-browser.md'), md);
  console.log(md);
  console.log(
    `wrote ${path.relative(ROOT, jsonPath)} and bench/results/latest-browser.md in ${report.totalSeconds.toFixed(1)} s`,
  );
} finally {
  await browser?.close();
  await server.close();
}
