// Cold start: a fresh Node process times `await import('nninit')` + `await ready()`.

import { spawnSync } from 'node:child_process';
import { ROOT } from '../package.mjs';
import { median } from '../timing.mjs';

export const COLD_START_RUNS = 7;

/** Times `runs` fresh processes; returns the median, min and max in ms. */
export function coldStart(runs) {
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
  };
}
