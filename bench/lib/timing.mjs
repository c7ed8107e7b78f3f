// Timing: paired, interleaved rounds. Every body of a case is timed once per round, back to back,
// in its listed order on even rounds and reversed on odd ones, so a drift of the machine during a
// round pushes forward and reverse rounds in opposite directions and the median of the per-round
// ratios cancels it. A sample counts as disturbed when its thread waited for a CPU (Linux
// schedstat: runnable, but the cores were busy) more than DISTURBED of its wall time; that holds
// for a body on the main thread and for the native runner. A threaded body contends with its own workers, so its
// wait says nothing about other load; its round is judged by the single-thread body timed with it.
// Rounds continue until `rounds` of them are clean, or twice that many have run.

import { readFileSync } from 'node:fs';

/** A sample is disturbed when its thread waited for a CPU more than this fraction of its wall time. */
export const DISTURBED = 0.1;

/** [ns on a CPU, ns runnable but waiting] of one thread of this process, or null without schedstat. */
function threadClock(tid) {
  try {
    const [runNs, waitNs] = readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    return { runNs, waitNs };
  } catch {
    return null;
  }
}
export const HAS_SCHEDSTAT = threadClock(process.pid) !== null;

/** Run-queue wait (ns) of the main thread. */
const mainWaitNs = () => threadClock(process.pid)?.waitNs ?? 0;

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[(s.length - 1) >> 1] / 2 + s[s.length >> 1] / 2;
}

/** { median, min, max } of a list of numbers. */
export const spread = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });

/**
 * A body timed on the main thread: `run()` does one call and returns a number read from its
 * output (summed into a sink, so no call can be optimized away).
 */
export function syncBody(key, label, run) {
  return {
    key,
    label,
    async sample(calls) {
      let sink = 0;
      const wait0 = HAS_SCHEDSTAT ? mainWaitNs() : 0;
      const t0 = performance.now();
      for (let i = 0; i < calls; i++) sink += run();
      const ms = performance.now() - t0;
      return { ms, disturbance: HAS_SCHEDSTAT ? (mainWaitNs() - wait0) / 1e6 / ms : 0, sink };
    },
  };
}

/**
 * A body whose calls run on worker threads: `run()` returns a promise of a number read from its
 * output. It records the process's CPU time / wall time (about the number of cores busy) and no
 * disturbance (see above).
 */
export function asyncBody(key, label, run) {
  return {
    key,
    label,
    async sample(calls) {
      let sink = 0;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < calls; i++) sink += await run();
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      return { ms, disturbance: 0, cpuPerWall: (cpu.user + cpu.system) / 1e3 / ms, sink };
    },
  };
}

/** A body timed by another process: `time(calls)` resolves to { ms, disturbance, sink } measured there. */
export const externalBody = (key, label, time) => ({ key, label, sample: time });

/**
 * Warms a body up (at least `warmupMs` and two calls) and returns its calls per sample: enough
 * for about `sampleMs`, at least one.
 */
async function calibrate(body, { sampleMs, warmupMs }) {
  let calls = 1;
  let spentMs = 0;
  let done = 0;
  let perCallMs;
  for (;;) {
    const { ms } = await body.sample(calls);
    perCallMs = ms / calls;
    spentMs += ms;
    done += calls;
    if (spentMs >= warmupMs && done >= 2) break;
    calls = Math.max(1, Math.min(4 * calls, Math.ceil(sampleMs / perCallMs)));
  }
  return Math.max(1, Math.round(sampleMs / perCallMs));
}

/**
 * Times `bodies` (each { key, label, sample(calls) }) on n elements per call in paired rounds.
 * Returns { calls, count, clean, disturbed, rounds }: each round has `disturbed`, the order it
 * ran in and per body its rate (Mfloat/s) and disturbance (and CPU/wall for async bodies).
 * `disturbed` is true when fewer than `schedule.rounds` rounds were clean.
 */
export async function pairedRounds(bodies, n, schedule) {
  const calls = {};
  for (const body of bodies) calls[body.key] = await calibrate(body, schedule);
  const rounds = [];
  let clean = 0;
  while (clean < schedule.rounds && rounds.length < 2 * schedule.rounds) {
    const order = rounds.length % 2 === 0 ? bodies : [...bodies].reverse();
    const round = { disturbed: false, order: order.map((b) => b.key), rate: {}, disturbance: {}, cpuPerWall: {} };
    for (const body of order) {
      const s = await body.sample(calls[body.key]);
      if (!Number.isFinite(s.sink)) throw new Error(`${body.label}: output sink is ${s.sink} (NaN/∞ output)`);
      round.rate[body.key] = (n * calls[body.key]) / (s.ms * 1e3);
      round.disturbance[body.key] = s.disturbance;
      if (s.cpuPerWall !== undefined) round.cpuPerWall[body.key] = s.cpuPerWall;
      if (s.disturbance > DISTURBED) round.disturbed = true;
    }
    if (!round.disturbed) clean++;
    rounds.push(round);
  }
  return { calls, count: rounds.length, clean, disturbed: clean < schedule.rounds, rounds };
}

/** The rounds the figures use: the clean ones if there were enough, else all of them. */
const usedRounds = (result) => (result.disturbed ? result.rounds : result.rounds.filter((r) => !r.disturbed));

/** { median, min, max } over the used rounds of f(round), for a figure built from one round's samples. */
export const perRound = (result, f) => spread(usedRounds(result).map(f));

/** Rate of one body (Mfloat/s), and the ratio of two bodies' rates, per round. */
export const rateOf = (result, key) => perRound(result, (r) => r.rate[key]);
export const ratioOf = (result, a, b) => perRound(result, (r) => r.rate[a] / r.rate[b]);
