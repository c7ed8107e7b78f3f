// Threaded fills: fillAsync with 1, 2 and 'auto' threads in paired rounds with the single-thread
// fill() of the same law and size, with the process's CPU time / wall time while they run.

import os from 'node:os';
import { fmtPaired, fmtRate, progress } from '../format.mjs';
import { LAWS } from '../laws.mjs';
import { threaded } from '../package.mjs';
import { asyncBody, pairedRounds, perRound, rateOf, ratioOf, syncBody } from '../timing.mjs';

/** Threaded fills: sizes (exponents, if selected with --sizes) and thread settings. */
export const THREAD_MIN_EXPONENT = 20;
export const THREAD_SETTINGS = [1, 2, 'auto'];

/** The threaded output must be the same tensor as the single-thread fill (stream contract). */
async function checkIdentity(laws, n) {
  const identity = [];
  for (const law of laws) {
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
  return identity;
}

/**
 * Times fillAsync with each selected thread setting (threads: 1 always) and fill() at the given
 * sizes into `outs` (exponent → array), after checking its output against fill().
 */
export async function runThreaded(sizes, outs, { selected, schedule }) {
  const laws = LAWS.filter((l) => !l.preset);
  const ids = [];
  for (const e of sizes) for (const law of laws) for (const t of THREAD_SETTINGS) ids.push([law, e, t]);
  const wanted = ids.filter(([law, e, t]) => selected(`threads/${law.key}/t${t}/2^${e}`));
  if (wanted.length === 0) return { status: 'not selected' };
  if (!threaded) return { status: 'not available in this build' };
  const identity = await checkIdentity(laws, 2 ** Math.min(...sizes));

  const rows = [];
  for (const e of sizes) {
    const n = 2 ** e;
    const out = outs.get(e);
    for (const law of laws) {
      if (!wanted.some(([l, ee]) => l === law && ee === e)) continue;
      const shape = law.shapeFor(n);
      const settings = THREAD_SETTINGS.filter(
        (t) => t === 1 || wanted.some(([l, ee, tt]) => l === law && ee === e && tt === t),
      );
      const bodies = [
        syncBody('fill', 'fill()', () => {
          law.initializer.fill(out, shape);
          return out[0] + out[n - 1];
        }),
        ...settings.map((t) =>
          asyncBody(`t${t}`, `fillAsync threads ${t}`, async () => {
            await threaded.fill(law.initializer, out, shape, { threads: t });
            return out[0] + out[n - 1];
          }),
        ),
      ];
      const result = await pairedRounds(bodies, n, schedule);
      const cases = {};
      for (const t of settings) {
        const key = `t${t}`;
        const rate = rateOf(result, key);
        cases[key] = {
          label: `fillAsync threads ${t}`,
          threads: t,
          calls: result.calls[key],
          mfloatPerS: rate.median,
          min: rate.min,
          max: rate.max,
          speedupVsThreads1: ratioOf(result, key, 't1'),
          vsSyncFill: ratioOf(result, key, 'fill'),
          cpuPerWall: perRound(result, (r) => r.cpuPerWall[key]),
        };
        const c = cases[key];
        progress(
          `${law.label.padEnd(16)} 2^${String(e).padEnd(2)} fillAsync threads ${String(t).padEnd(5)} ${fmtRate(c.mfloatPerS).padStart(7)} Mfloat/s  ` +
            `${fmtPaired(c.speedupVsThreads1)} threads 1  ${fmtPaired(c.vsSyncFill)} fill()  CPU/wall ${c.cpuPerWall.median.toFixed(2)}`,
        );
      }
      rows.push({
        law: law.key,
        exponent: e,
        n,
        disturbed: result.disturbed,
        roundCount: result.count,
        cleanRounds: result.clean,
        fill: { calls: result.calls.fill, ...rateOf(result, 'fill') },
        cases,
      });
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
