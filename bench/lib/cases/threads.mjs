// Threaded fills (tinybench async tasks), with the process's CPU time / wall time while they run.

import os from 'node:os';
import { Bench } from 'tinybench';
import { fmtRate, progress } from '../format.mjs';
import { LAWS } from '../laws.mjs';
import { budget } from '../options.mjs';
import { threaded } from '../package.mjs';
import { assertCompleted, caseResult } from '../timing.mjs';

/** Threaded fills: sizes (exponents, if selected with --sizes) and thread settings. */
export const THREAD_MIN_EXPONENT = 20;
export const THREAD_SETTINGS = [1, 2, 'auto'];

/**
 * Times fillAsync with each thread setting at the given sizes into `outs` (exponent → array),
 * after checking its output against fill(); `singleGroups` gives the single-thread fill() of the
 * same run for the speed-up over it.
 */
export async function runThreaded(sizes, outs, singleGroups, { selected, quick }) {
  const laws = LAWS.filter((l) => !l.preset);
  const ids = [];
  for (const e of sizes) for (const law of laws) for (const t of THREAD_SETTINGS) ids.push([law, e, t]);
  const wanted = ids.filter(([law, e, t]) => selected(`threads/${law.key}/t${t}/2^${e}`));
  if (wanted.length === 0) return { status: 'not selected' };
  if (!threaded) return { status: 'not available in this build' };

  // The threaded output must be the same tensor as the single-thread fill (stream contract).
  const identity = [];
  for (const law of laws) {
    const n = 2 ** Math.min(...sizes);
    const shape = law.shapeFor(n);
    const ref = law.initializer.fill(new Float32Array(n), shape);
    for (const t of THREAD_SETTINGS) {
      const got = new Float32Array(n);
      await threaded.fill(law.initializer, got, shape, { threads: t });
      let diff = 0;
      for (let i = 0; i < n; i++) if (!Object.is(got[i], ref[i])) diff++;
      identity.push({ law: law.key, threads: t, n, differingElements: diff });
      if (diff)
        process.stderr.write(`WARNING: fillAsync threads ${t} ${law.key}: ${diff} elements differ from fill()\n`);
    }
  }

  const rows = [];
  for (const e of sizes) {
    const n = 2 ** e;
    const out = outs.get(e);
    const opts = budget(e, quick);
    for (const law of laws) {
      const shape = law.shapeFor(n);
      const chosen = THREAD_SETTINGS.filter(
        (t) => t === 1 || wanted.some(([l, ee, tt]) => l === law && ee === e && tt === t),
      );
      if (!wanted.some(([l, ee]) => l === law && ee === e)) continue;
      const cases = {};
      for (const t of chosen) {
        const sink = { value: 0 };
        const bench = new Bench({ ...opts, throws: true, retainSamples: false });
        bench.add(
          `t${t}`,
          async () => {
            await threaded.fill(law.initializer, out, shape, { threads: t });
            sink.value += out[0] + out[n - 1];
          },
          { async: true },
        );
        const task = bench.tasks[0];
        await task.warmup();
        const cpu0 = process.cpuUsage();
        const wall0 = performance.now();
        await task.run();
        const wallMs = performance.now() - wall0;
        const cpu = process.cpuUsage(cpu0);
        assertCompleted(task, `threads ${law.key} 2^${e} t${t}`, sink.value);
        const r = caseResult(task, `fillAsync threads ${t}`, n, sink.value);
        r.threads = t;
        r.cpuMs = (cpu.user + cpu.system) / 1e3;
        r.wallMs = wallMs;
        r.cpuPerWall = r.cpuMs / wallMs;
        cases[`t${t}`] = r;
        progress(
          `${law.label.padEnd(16)} 2^${String(e).padEnd(2)} fillAsync threads ${String(t).padEnd(8)} ${fmtRate(r.mfloatPerS).padStart(7)} Mfloat/s  ±${r.rmePercent.toFixed(1)}%  CPU/wall ${r.cpuPerWall.toFixed(2)}  (${task.runs} runs)`,
        );
      }
      const one = cases.t1.mfloatPerS;
      const sync = singleGroups.find((g) => g.law === law.key && g.exponent === e)?.cases.fill;
      for (const r of Object.values(cases)) {
        r.speedupVsThreads1 = r.mfloatPerS / one;
        if (sync) r.vsSyncFill = r.mfloatPerS / sync.mfloatPerS;
      }
      rows.push({ law: law.key, exponent: e, n, budget: opts, cases });
    }
  }
  return {
    status: 'measured',
    api: threaded.form,
    availableParallelism: os.availableParallelism(),
    identity,
    rows,
  };
}
