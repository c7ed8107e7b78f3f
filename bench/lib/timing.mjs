// Timing: tinybench runs, and whether other load disturbed them (the main thread's run-queue
// wait from Linux's schedstat, or the process's CPU/wall where schedstat is missing).

import { readFileSync } from 'node:fs';
import { Bench } from 'tinybench';

/**
 * A case is disturbed when its main thread spent more than this fraction of the timed run's wall
 * time runnable but waiting for a CPU (another process held the cores). Without schedstat: when
 * the process's CPU time / wall time falls below 1 − this fraction.
 */
export const DISTURBED_WAIT = 0.1;
/** A disturbed case is timed again, up to this many attempts in all; the least disturbed is kept. */
export const MAX_ATTEMPTS = 3;

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
export const HAS_SCHEDSTAT = mainThreadClock() !== null;

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[(s.length - 1) >> 1] / 2 + s[s.length >> 1] / 2;
}

/** tinybench's summary statistics, without raw samples. */
function statsOf(s) {
  if (!s) return undefined;
  const { samples, ...rest } = s;
  return rest;
}

/** A finished tinybench task as a case result: Mfloat/s for n elements per call, and its statistics. */
export function caseResult(task, label, n, sink) {
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
export function timeSync(name, label, n, opts, body, what, attempts) {
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

/** Throws unless a tinybench task completed and its output sink is finite. */
export function assertCompleted(task, what, sink) {
  const r = task.result;
  if (r.state !== 'completed') throw new Error(`${what}: ${r.state} ${r.error ?? ''}`);
  if (!Number.isFinite(sink)) throw new Error(`${what}: output sink is ${sink} (NaN/∞ output)`);
}

/** The load figures of a case result, for a progress line. */
export const loadText = (r) =>
  `CPU/wall ${r.cpuPerWall.toFixed(2)}${r.waitPerWall === null ? '' : ` wait/wall ${r.waitPerWall.toFixed(2)}`}${r.disturbed ? ' disturbed' : ''}`;
