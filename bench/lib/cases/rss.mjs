// Peak RSS of a 2^24 fill, each in a fresh `node --expose-gc bench/rss.mjs` process.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { MIB, progress } from '../format.mjs';
import { BENCH_DIR, ROOT } from '../package.mjs';
import { median } from '../timing.mjs';

/** Peak RSS: output size and repetitions (median reported). */
const RSS_EXPONENT = 24;
const RSS_RUNS = 3;
const RSS_MODES = ['fill', 'sample', 'sampleInWasm', 'fillAsync'];
export const RSS_LAWS = ['uniform', 'normal', 'truncatedNormal'];

function rssChild(mode, law) {
  // Through /bin/sh, which forks node (`; exit`): ru_maxrss survives fork + exec on Linux, so a
  // child spawned straight from this (large) process would report this process's peak instead.
  const child = spawnSync(
    '/bin/sh',
    ['-c', '"$0" "$@"; exit $?', process.execPath, '--expose-gc', path.join(BENCH_DIR, 'rss.mjs'), mode, law],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(`rss.mjs ${mode} ${law} failed (${child.status}): ${child.stderr}`);
  const r = JSON.parse(child.stdout.trim().split('\n').at(-1));
  if (r.unavailable) return r;
  // The peak: the larger of the two readings (they agree to a few pages when the spawn is clean).
  r.peakBytes = Math.max(r.maxRssBytes, r.vmHwmBytes ?? 0);
  if (r.vmHwmBytes !== null && Math.abs(r.maxRssBytes - r.vmHwmBytes) > MIB) {
    process.stderr.write(`WARNING: rss ${mode} ${law}: maxRSS ${r.maxRssBytes} and VmHWM ${r.vmHwmBytes} disagree\n`);
  }
  return r;
}

/** Peak RSS over a bare node process for each selected (mode, law); null if none is selected. */
export function runRss({ selected, quick }) {
  const pairs = [];
  for (const mode of RSS_MODES) for (const law of RSS_LAWS) if (selected(`rss/${mode}/${law}`)) pairs.push([mode, law]);
  if (pairs.length === 0) return null;
  const runs = quick ? 1 : RSS_RUNS;
  const peak = (mode, law) => {
    const samples = [];
    const raw = [];
    for (let i = 0; i < runs; i++) {
      const r = rssChild(mode, law);
      if (r.unavailable) return { unavailable: true };
      samples.push(r.peakBytes);
      raw.push({ maxRssBytes: r.maxRssBytes, vmHwmBytes: r.vmHwmBytes });
    }
    return { peakBytes: median(samples), runs: raw };
  };
  const bare = peak('bare', 'normal');
  const reference = { touch: peak('touch', 'normal'), import: peak('import', 'normal') };
  const outputBytes = 4 * 2 ** RSS_EXPONENT;
  const cases = [];
  for (const [mode, law] of pairs) {
    const p = peak(mode, law);
    if (p.unavailable) {
      cases.push({ mode, law, unavailable: true });
      continue;
    }
    const overBare = p.peakBytes - bare.peakBytes;
    cases.push({ mode, law, ...p, overBareBytes: overBare });
  }
  for (const c of cases) {
    if (c.unavailable) continue;
    progress(
      `peak RSS ${c.mode.padEnd(13)} ${c.law.padEnd(16)} ${(c.overBareBytes / MIB).toFixed(1).padStart(6)} MiB over bare node`,
    );
  }
  return {
    n: 2 ** RSS_EXPONENT,
    runsPerMode: runs,
    statistic:
      'median of runs; process.resourceUsage().maxRSS at exit of a fresh `node --expose-gc bench/rss.mjs` process',
    outputBytes,
    bare,
    reference: {
      touch: { ...reference.touch, overBareBytes: reference.touch.peakBytes - bare.peakBytes },
      import: { ...reference.import, overBareBytes: reference.import.peakBytes - bare.peakBytes },
    },
    cases,
  };
}
