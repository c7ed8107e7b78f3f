// Cold start: what loading nninit costs a fresh Node process over loading a trivial ES module.
//
// Each run starts two fresh `node` processes back to back, in alternating order: one imports a
// trivial package ('trivial', a one-function ES module behind an exports map, in a temporary
// node_modules) and calls it; the other imports the built nninit by name, awaits ready() and
// samples a 64×64 glorotUniform. Each times its own work with performance.now() (and its CPU time
// with process.cpuUsage()), so process start-up, the same for both, is in neither figure. The
// figure is the median of the per-run differences (nninit − trivial).

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../package.mjs';
import { median } from '../timing.mjs';

export const COLD_START_RUNS = 11;

/** The child's script: times `body` (after the process has started) and prints { ms, cpuMs }. */
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

function run(code, cwd) {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`cold-start child failed (${child.status}): ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1));
}

/**
 * `runs` paired runs. Returns { runs, what, wall, cpu }, where wall and cpu are each
 * { trivial, nninit, over, overMin, overMax } in ms (medians; `over` is the median difference).
 */
export function coldStart(runs = COLD_START_RUNS) {
  const scratch = mkdtempSync(path.join(tmpdir(), 'nninit-cold-'));
  const trivialDir = path.join(scratch, 'node_modules', 'trivial');
  mkdirSync(trivialDir, { recursive: true });
  writeFileSync(
    path.join(trivialDir, 'package.json'),
    JSON.stringify({ name: 'trivial', type: 'module', exports: { '.': './index.js' } }),
  );
  writeFileSync(path.join(trivialDir, 'index.js'), 'export function sample(n) {\n  return new Float32Array(n);\n}\n');
  const rows = [];
  try {
    for (let i = 0; i < runs; i++) {
      const order = i % 2 === 0 ? ['trivial', 'nninit'] : ['nninit', 'trivial'];
      const row = {};
      for (const which of order) row[which] = which === 'nninit' ? run(NNINIT, ROOT) : run(TRIVIAL, scratch);
      rows.push(row);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const figure = (pick) => {
    const over = rows.map((r) => pick(r.nninit) - pick(r.trivial));
    return {
      trivial: median(rows.map((r) => pick(r.trivial))),
      nninit: median(rows.map((r) => pick(r.nninit))),
      over: median(over),
      overMin: Math.min(...over),
      overMax: Math.max(...over),
    };
  };
  return {
    runs,
    what: "fresh `node` processes: `import('nninit')` + `ready()` + a 64×64 glorotUniform sample, against a trivial ES module",
    wall: figure((r) => r.ms),
    cpu: figure((r) => r.cpuMs),
  };
}
