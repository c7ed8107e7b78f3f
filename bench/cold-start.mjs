// Cold start: what loading nninit costs a fresh Node process over loading a trivial ES module.
//
//   node bench/cold-start.mjs [--runs 11] [--json]
//
// Each run starts two fresh `node` processes back to back, in alternating order: one imports a
// trivial package ('trivial', a one-function ES module behind an exports map, in a temporary
// node_modules) and calls it; the other imports the built nninit by name, awaits ready() and
// samples a 64×64 glorotUniform. Each times its own work with performance.now() (and its CPU time
// with process.cpuUsage()) and prints it. Reported: the medians of both and the median of the
// per-run differences (nninit − trivial), which is the figure against issue 10's goal (≤ 8 ms).

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 11;
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`--runs must be a positive integer; got ${args[runsAt + 1]}`);

/** The child's script: time `body` (after the process has started) and print { ms, cpuMs }. */
const timed = (body) =>
  [
    'const c0 = process.cpuUsage();',
    'const t0 = performance.now();',
    body,
    'const ms = performance.now() - t0;',
    'const c = process.cpuUsage(c0);',
    'console.log(JSON.stringify({ ms, cpuMs: (c.user + c.system) / 1e3, check }));',
  ].join('\n');

const NNINIT = timed(
  [
    "const { glorotUniform, ready } = await import('nninit');",
    'await ready();',
    'const check = glorotUniform({ seed: 1 }).sample([64, 64])[0];',
  ].join('\n'),
);
const TRIVIAL = timed(["const { sample } = await import('trivial');", 'const check = sample(4096)[0];'].join('\n'));

const scratch = mkdtempSync(path.join(tmpdir(), 'nninit-cold-'));
const trivialDir = path.join(scratch, 'node_modules', 'trivial');
mkdirSync(trivialDir, { recursive: true });
writeFileSync(
  path.join(trivialDir, 'package.json'),
  JSON.stringify({ name: 'trivial', type: 'module', exports: { '.': './index.js' } }),
);
writeFileSync(path.join(trivialDir, 'index.js'), 'export function sample(n) {\n  return new Float32Array(n);\n}\n');

function run(code, cwd) {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`cold-start child failed (${child.status}): ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
};

const load = loadavg()[0];
const rows = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 === 0 ? ['trivial', 'nninit'] : ['nninit', 'trivial'];
    const row = {};
    for (const which of order) row[which] = which === 'nninit' ? run(NNINIT, ROOT) : run(TRIVIAL, scratch);
    rows.push(row);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const figure = (pick) => ({
  trivial: median(rows.map((r) => pick(r.trivial))),
  nninit: median(rows.map((r) => pick(r.nninit))),
  over: median(rows.map((r) => pick(r.nninit) - pick(r.trivial))),
  overMin: Math.min(...rows.map((r) => pick(r.nninit) - pick(r.trivial))),
  overMax: Math.max(...rows.map((r) => pick(r.nninit) - pick(r.trivial))),
});
const wall = figure((r) => r.ms);
const cpu = figure((r) => r.cpuMs);
const result = { runs: RUNS, loadBefore: load, loadAfter: loadavg()[0], node: process.version, wall, cpu };
if (args.includes('--json')) {
  console.log(JSON.stringify(result));
} else {
  const f = (x) => x.toFixed(1);
  console.log(
    `cold start, ${RUNS} paired runs, Node ${process.version}, load ${load.toFixed(2)} → ${result.loadAfter.toFixed(2)}`,
  );
  console.log('| | trivial module | nninit (import + ready() + 64×64 sample) | nninit − trivial, median (min–max) |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [name, x] of [
    ['wall ms', wall],
    ['CPU ms', cpu],
  ]) {
    console.log(`| ${name} | ${f(x.trivial)} | ${f(x.nninit)} | ${f(x.over)} (${f(x.overMin)}–${f(x.overMax)}) |`);
  }
}
