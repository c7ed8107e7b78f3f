// nninit benchmark suite for Node (see bench/README.md): nninit against pure-JS baselines, the
// field (tfjs, stdlib, pure-rand) and native C, in paired rounds; threaded fills, the whole
// ResNet-50, peak RSS and cold start.
//
//   node bench/run.mjs                      sizes 2^10, 2^16, 2^20 and 2^24, 9 clean rounds (~8 min)
//   node bench/run.mjs --sizes 20,24        other sizes, as exponents of 2
//   node bench/run.mjs --quick              a short smoke run with 3 rounds
//   node bench/run.mjs --only tfjs          only cases whose id contains a substring (repeatable)
//
// Overwrites bench/results/latest-node.json and bench/results/latest-node.md (git keeps the
// history), and prints the markdown. Imports the BUILT package by name (run `npm run build` first).
// The parts live in bench/lib/ (bench/README.md, Layout); this file wires them together.

import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { coldStart, COLD_START_RUNS } from './lib/cases/cold-start.mjs';
import { runResnet } from './lib/cases/resnet.mjs';
import { runRss } from './lib/cases/rss.mjs';
import { releaseCopySources, runGroup } from './lib/cases/single.mjs';
import { runThreaded, THREAD_MIN_EXPONENT } from './lib/cases/threads.mjs';
import { checkOutputs } from './lib/check.mjs';
import { contendersOf, loadFieldLibrary, needsField } from './lib/contenders.mjs';
import { LAWS } from './lib/laws.mjs';
import { startNative } from './lib/native.mjs';
import { parseOptions, schedule, selector } from './lib/options.mjs';
import { nninit, ROOT, SEED, threaded } from './lib/package.mjs';
import { markdown, writeResults } from './lib/report.mjs';
import { HAS_SCHEDSTAT } from './lib/timing.mjs';

const options = parseOptions(process.argv.slice(2));
const selected = selector(options.only);

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

// The single-thread plan: every selected case id (contenders, native C, the copy).
const plan = [];
for (const e of options.sizes) {
  for (const law of LAWS) {
    for (const key of [...contendersOf(law).map((c) => c.key), 'native', 'copy']) {
      const id = `single/${law.key}/${key}/2^${e}`;
      if (selected(id)) plan.push(id);
    }
  }
}
const versions = { nninit: pkg.version };
if (needsField(plan) || selected('resnet/tfjs')) Object.assign(versions, await loadFieldLibrary());

const native = plan.some((id) => id.includes('/native/'))
  ? startNative()
  : { available: false, reason: 'not selected' };
process.stderr.write(
  native.available ? `native C: ${native.compiler}, ${native.flags}\n` : `native C: skipped (${native.reason})\n`,
);
const suite = { selected, quick: options.quick, schedule: schedule(options.quick), native };

const checked = checkOutputs(plan, native);
process.stderr.write(`output check passed (${checked} implementations: support, mean and std at 2^16)\n`);
process.stderr.write(threaded ? `threads: ${threaded.form}\n` : 'threads: not available in this build\n');

const cold = selected('coldstart') ? coldStart(COLD_START_RUNS) : null;
if (cold) {
  process.stderr.write(
    `cold start: ${cold.wall.over.toFixed(1)} ms over a trivial module (median of ${cold.runs} paired runs)\n`,
  );
}

const outs = new Map(options.sizes.map((e) => [e, new Float32Array(2 ** e)]));
const groups = [];
for (const e of options.sizes) {
  for (const law of LAWS) {
    const g = await runGroup(law, e, outs.get(e), suite);
    if (g) groups.push(g);
  }
}
releaseCopySources();
native.close?.();

const threadSizes = options.sizes.filter((e) => e >= THREAD_MIN_EXPONENT);
const threads = await runThreaded(threadSizes, outs, suite);
if (threads.status !== 'measured' && threads.status !== 'not selected')
  process.stderr.write(`threads: ${threads.status}\n`);
outs.clear();

const resnet = await runResnet(suite);
const rss = runRss(suite);

const totalSeconds = (performance.now() - started) / 1e3;
const report = {
  package: { name: pkg.name, version: pkg.version },
  date: startedAt.toISOString(),
  quick: options.quick,
  only: options.only,
  sizes: options.sizes,
  seed: SEED,
  schedule: suite.schedule,
  versions,
  native: native.available
    ? { available: true, compiler: native.compiler, flags: native.flags }
    : { available: false, reason: native.reason },
  machine,
  loadAverage: { start: loadAtStart, end: os.loadavg() },
  nice: os.getPriority(),
  loadMeasure: HAS_SCHEDSTAT ? 'run-queue wait (schedstat)' : 'none (no schedstat)',
  coldStart: cold,
  groups,
  threads,
  resnet,
  rss,
  totalSeconds,
};

const md = markdown(report);
const jsonPath = writeResults(report, md);
console.log(md);
console.log(`wrote ${path.relative(ROOT, jsonPath)} and bench/results/latest-node.md in ${totalSeconds.toFixed(1)} s`);

// Threaded fills keep worker threads alive: release them so the process exits.
if (typeof nninit.terminate === 'function') await nninit.terminate();
else if (threaded) {
  process.stderr.write('bench: this build has fillAsync but no terminate(); exiting explicitly\n');
  process.exit(0);
}
