// Cold start on its own (bench/lib/cases/cold-start.mjs; `npm run bench` includes it as `coldstart`).
//
//   node bench/cold-start.mjs [--runs 11] [--json]

import { loadavg } from 'node:os';
import { COLD_START_RUNS, coldStart } from './lib/cases/cold-start.mjs';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : COLD_START_RUNS;
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer; got ${args[runsAt + 1]}`);

const loadBefore = loadavg()[0];
const result = { ...coldStart(runs), loadBefore, loadAfter: loadavg()[0], node: process.version };
if (args.includes('--json')) {
  console.log(JSON.stringify(result));
} else {
  const f = (x) => x.toFixed(1);
  console.log(
    `cold start, ${runs} paired runs, Node ${process.version}, load ${f(loadBefore)} → ${f(result.loadAfter)}`,
  );
  console.log('| | trivial module | nninit (import + ready() + 64×64 sample) | nninit − trivial, median (min–max) |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [name, x] of [
    ['wall ms', result.wall],
    ['CPU ms', result.cpu],
  ]) {
    console.log(`| ${name} | ${f(x.trivial)} | ${f(x.nninit)} | ${f(x.over)} (${f(x.overMin)}–${f(x.overMax)}) |`);
  }
}
