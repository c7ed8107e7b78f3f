// The goals set for this project's speed and memory, each with what a run measured against it.
// The report states both, without verdicts: the figures speak for themselves.

import { fmtMiB, fmtPaired, MIB } from './format.mjs';
import { lawOf } from './laws.mjs';

const KERNEL_LAWS = ['uniform', 'normal', 'truncatedNormal'];

const groupOf = (report, law, e) => report.groups.find((g) => g.law === law && g.exponent === e);

/** "label: median (min–max)" per law (and size) where the report has the figure, or null. */
function perLaw(report, laws, sizes, figure) {
  const parts = [];
  for (const law of laws) {
    for (const e of sizes) {
      const x = figure(groupOf(report, law, e));
      if (x) parts.push(`${lawOf(law).label}${sizes.length > 1 ? ` 2^${e}` : ''}: ${fmtPaired(x)}`);
    }
  }
  return parts.length ? parts.join('; ') : null;
}

const fillVsBaseline = (law) => (report) => perLaw(report, [law], [20, 24], (g) => g?.cases.fill && g.ratios.fill);

/** Peak RSS of fillAsync at 2^24 over a bare node process, against the output + 32 MiB. */
const RSS_SLACK_BYTES = 32 * MIB;

export const GOALS = [
  { goal: '`fill()` ≥ 15× the Math.random baseline, uniform (2^20, 2^24)', measured: fillVsBaseline('uniform') },
  { goal: '`fill()` ≥ 9× the Math.random baseline, normal (2^20, 2^24)', measured: fillVsBaseline('normal') },
  {
    goal: '`fill()` ≥ 8× the Math.random baseline, truncated normal (2^20, 2^24)',
    measured: fillVsBaseline('truncatedNormal'),
  },
  {
    goal: 'zero-copy ≥ 0.95× native C for uniform, ≥ 1.25× for normal and truncated normal (2^20)',
    measured: (report) => perLaw(report, KERNEL_LAWS, [20], (g) => g?.paired.zeroCopyVsNative),
  },
  {
    goal: '`fill()` ≥ 0.9× zero-copy (2^20)',
    measured: (report) => perLaw(report, KERNEL_LAWS, [20], (g) => g?.paired.fillVsZeroCopy),
  },
  {
    goal: '`fill()` ≥ 0.9× the copy-bound limit 1 / (1/zero-copy + 1/copy) (2^24)',
    measured: (report) => perLaw(report, KERNEL_LAWS, [24], (g) => g?.paired.fillVsCopyBound),
  },
  {
    goal: '`fillAsync` with 2 threads ≥ 1.8× 1 thread, normal and truncated normal (2^24)',
    measured: (report) => {
      if (report.threads?.status !== 'measured') return null;
      const parts = ['normal', 'truncatedNormal'].flatMap((law) => {
        const t2 = report.threads.rows.find((r) => r.law === law && r.exponent === 24)?.cases.t2;
        return t2
          ? [`${lawOf(law).label}: ${fmtPaired(t2.speedupVsThreads1)}, CPU/wall ${t2.cpuPerWall.median.toFixed(2)}`]
          : [];
      });
      return parts.length ? parts.join('; ') : null;
    },
  },
  {
    goal: `peak RSS of a 2^24 \`fillAsync\` ≤ the output + ${fmtMiB(RSS_SLACK_BYTES)} over a bare \`node\``,
    measured: (report) => {
      const cases = report.rss?.cases.filter((c) => c.mode === 'fillAsync' && !c.unavailable) ?? [];
      if (cases.length === 0) return null;
      const output = fmtMiB(report.rss.outputBytes);
      return `${cases.map((c) => `${lawOf(c.law).label}: ${fmtMiB(c.overBareBytes)}`).join('; ')} (output ${output})`;
    },
  },
  {
    goal: 'cold start: `import` + `ready()` + a first 64×64 sample ≤ 8 ms over a trivial ES module (median of ≥ 11 paired runs)',
    measured: (report) => {
      const cs = report.coldStart;
      if (!cs) return null;
      return `${cs.wall.over.toFixed(1)} ms (${cs.wall.overMin.toFixed(1)}–${cs.wall.overMax.toFixed(1)}), ${cs.runs} runs`;
    },
  },
];
