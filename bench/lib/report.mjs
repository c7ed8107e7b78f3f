// The report: markdown tables (printed and written to results/latest-node.md) and the JSON record.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RSS_LAWS } from './cases/rss.mjs';
import { THREAD_SETTINGS } from './cases/threads.mjs';
import { contendersOf } from './contenders.mjs';
import { alignRow, fmtMiB, fmtRate, fmtRatio, line, mark, mdText } from './format.mjs';
import { LAWS, lawOf } from './laws.mjs';
import { RESULTS_DIR } from './package.mjs';
import { DISTURBED_WAIT, HAS_SCHEDSTAT, MAX_ATTEMPTS } from './timing.mjs';

function machineLine(machine, date, quick) {
  const mem = `${Math.round(machine.totalMemoryBytes / 2 ** 30)} GiB`;
  return `${machine.cpu}, ${machine.cores} cores, ${mem}; Node ${machine.node} (V8 ${machine.v8}); ${date}${quick ? ' (quick run: few iterations, rough figures)' : ''}`;
}

/** Issue 2's headline table: nninit's three forms against the two JS baselines, single thread. */
function headlineTable(report) {
  const head = [
    'distribution',
    'size',
    'nninit fill (Mfloat/s)',
    '× Math.random baseline',
    '× JS xoshiro',
    'zero-copy (Mfloat/s)',
    '× baseline',
    'sample() (Mfloat/s)',
    'baseline (Mfloat/s)',
    'JS xoshiro (Mfloat/s)',
  ];
  const rate = (c) => (c && !c.unavailable ? `${fmtRate(c.mfloatPerS)}${mark(c)}` : '—');
  const ratio = (a, b) => (a && b && !a.unavailable && !b.unavailable ? fmtRatio(a.mfloatPerS / b.mfloatPerS) : '—');
  const groups = report.groups.filter((g) => !lawOf(g.law).preset).sort((a, b) => a.exponent - b.exponent);
  const rows = groups.map((g) => {
    const c = g.cases;
    return [
      lawOf(g.law).label,
      `2^${g.exponent}`,
      rate(c.fill),
      ratio(c.fill, c.baseline),
      ratio(c.fill, c.xoshiro),
      rate(c.zeroCopy),
      ratio(c.zeroCopy, c.baseline),
      rate(c.sample),
      rate(c.baseline),
      rate(c.xoshiro),
    ];
  });
  return [line(head), alignRow(2, head.length - 2), ...rows.map(line)];
}

/** One table per law: rows = contenders, columns = sizes, cells "Mfloat/s (× baseline)". */
function lawTable(report, law) {
  const groups = report.groups.filter((g) => g.law === law.key).sort((a, b) => a.exponent - b.exponent);
  if (groups.length === 0) return null;
  const head = ['contender', ...groups.map((g) => `2^${g.exponent}`)];
  const rows = [];
  for (const c of contendersOf(law)) {
    if (!groups.some((g) => g.cases[c.key])) continue;
    rows.push([
      mdText(c.label),
      ...groups.map((g) => {
        const r = g.cases[c.key];
        if (!r || r.unavailable) return '—';
        return `${fmtRate(r.mfloatPerS)}${mark(r)} (${fmtRatio(g.ratios[c.key])})`;
      }),
    ]);
  }
  return [line(head), alignRow(1, groups.length), ...rows.map(line)];
}

function threadsSection(t) {
  if (t.status === 'not selected') return [];
  if (t.status !== 'measured') return [`Threads: ${t.status}.`, ''];
  const sizes = [...new Set(t.rows.map((r) => r.exponent))].sort((a, b) => a - b);
  const head = ['distribution', 'threads', ...sizes.map((e) => `2^${e}`)];
  const rows = [];
  for (const law of LAWS.filter((l) => !l.preset)) {
    for (const th of THREAD_SETTINGS) {
      const cells = sizes.map((e) => {
        const r = t.rows.find((x) => x.law === law.key && x.exponent === e)?.cases[`t${th}`];
        if (!r) return '—';
        const sync = r.vsSyncFill !== undefined ? `, ${fmtRatio(r.vsSyncFill)} fill()` : '';
        return `${fmtRate(r.mfloatPerS)} (${fmtRatio(r.speedupVsThreads1)} t1${sync}; CPU/wall ${r.cpuPerWall.toFixed(2)})`;
      });
      if (cells.every((c) => c === '—')) continue;
      rows.push([law.label, String(th), ...cells]);
    }
  }
  const differs = t.identity.filter((x) => x.differingElements > 0);
  return [
    `Threaded fills (\`${t.api}\`; 'auto' on ${t.availableParallelism} available cores): Mfloat/s (speed-up over threads: 1, ` +
      'and over the single-thread `fill()` above; process CPU time / wall time during the timed run).',
    '',
    line(head),
    alignRow(2, sizes.length),
    ...rows.map(line),
    '',
    'CPU/wall ≈ the number of cores actually busy: a threads-2 figure with CPU/wall near 1.0 means another process held ' +
      'a core during the run, so its speed-up says nothing. ' +
      (differs.length
        ? `**Output differs from fill()** for ${differs.map((x) => `${x.law} threads ${x.threads}`).join(', ')}.`
        : `Threaded output checked bit-identical to \`fill()\` at 2^${t.identity[0]?.n ? Math.log2(t.identity[0].n) : '?'}.`),
    '',
  ];
}

function resnetSection(r) {
  if (!r) return [];
  const rows = Object.entries(r.cases).map(([key, c]) => [
    c.label,
    `${c.meanMs.toFixed(1)}${mark(c)}`,
    `${fmtRate(c.mfloatPerS)}${mark(c)}`,
    key === 'nninit' ? '—' : fmtRatio(r.cases.nninit.mfloatPerS / c.mfloatPerS),
  ]);
  const inits = Object.entries(r.initializers)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  return [
    `ResNet-50 (Keras ResNet50, ${r.tensors} tensors: ${inits}; ${r.parameters.toLocaleString('en-US')} floats), whole model per call:`,
    '',
    line(['', 'time per model (ms)', 'Mfloat/s', 'nninit is faster by']),
    alignRow(1, 3),
    ...rows.map(line),
    '',
  ];
}

function rssSection(r) {
  if (!r) return [];
  const modes = [...new Set(r.cases.map((c) => c.mode))];
  const laws = RSS_LAWS.filter((l) => r.cases.some((c) => c.law === l));
  const rows = modes.map((mode) => [
    `nninit ${mode}`,
    ...laws.map((law) => {
      const c = r.cases.find((x) => x.mode === mode && x.law === law);
      if (!c) return '—';
      if (c.unavailable) return 'not available';
      return fmtMiB(c.overBareBytes);
    }),
  ]);
  return [
    `Peak RSS of one 2^${Math.log2(r.n)} fill (a fresh \`node --expose-gc bench/rss.mjs\` process: \`process.resourceUsage().maxRSS\`, ` +
      `cross-checked with VmHWM; median of ${r.runsPerMode}), minus a bare \`node\` process measured the same way (${fmtMiB(r.bare.peakBytes)}); ` +
      `the output itself is ${fmtMiB(r.outputBytes)}:`,
    '',
    line(['', ...laws.map((k) => lawOf(k).label)]),
    alignRow(1, laws.length),
    ...rows.map(line),
    '',
    `For reference: allocating and writing the output alone, without nninit, costs ` +
      `${fmtMiB(r.reference.touch.overBareBytes)} over bare; importing nninit and \`ready()\` alone ` +
      `${fmtMiB(r.reference.import.overBareBytes)}.`,
    '',
  ];
}

/** The goals set for this project, each with what this run measured (no verdicts: the figures speak). */
function goalsSection(report) {
  const rows = [];
  for (const law of LAWS.filter((l) => l.goal !== undefined)) {
    const groups = report.groups.filter((g) => g.law === law.key && g.exponent >= 20 && g.ratios.fill !== undefined);
    if (groups.length === 0) continue;
    rows.push([
      `\`fill()\` ≥ ${law.goal}× the Math.random baseline, ${law.label}`,
      groups.map((g) => `${fmtRatio(g.ratios.fill)} at 2^${g.exponent}`).join(', '),
    ]);
  }
  const rss = report.rss?.cases.filter((c) => !c.unavailable) ?? [];
  if (rss.length) {
    const over = rss.map((c) => c.overBareBytes);
    rows.push([
      `peak RSS of a 2^${Math.log2(report.rss.n)} fill ≤ the output + ${fmtMiB(report.rss.slackBytes)} (${fmtMiB(report.rss.goalBytes)}) over a bare \`node\``,
      Math.min(...over) === Math.max(...over)
        ? fmtMiB(over[0])
        : `${fmtMiB(Math.min(...over))} to ${fmtMiB(Math.max(...over))}`,
    ]);
  }
  if (report.coldStart) {
    rows.push([
      `cold start (import + \`ready()\`) < ${report.coldStart.goalMs} ms`,
      `median ${report.coldStart.medianMs.toFixed(1)} ms`,
    ]);
  }
  if (rows.length === 0) return [];
  return [
    'Goals set for this project, and what this run measured:',
    '',
    line(['goal', 'measured']),
    alignRow(2, 0),
    ...rows.map(line),
    '',
  ];
}

/** The whole report as markdown. */
export function markdown(report) {
  const out = [`Measured on ${machineLine(report.machine, report.date, report.quick)}.`, ''];
  if (report.groups.some((g) => !lawOf(g.law).preset)) {
    out.push('Single thread, nninit against the pure-JS baselines:', '', ...headlineTable(report), '');
  }
  if (report.groups.length)
    out.push(
      'Against the field, one table per distribution: Mfloat/s (× the JS Math.random baseline of the same law, size and run); ' +
        '“—”: the library has no such distribution.',
      '',
    );
  for (const law of LAWS) {
    const t = lawTable(report, law);
    if (t) out.push(`**${law.label}** — ${law.law}`, '', ...t, '');
  }
  out.push(...threadsSection(report.threads));
  out.push(...resnetSection(report.resnet));
  out.push(...rssSection(report.rss));
  out.push(...goalsSection(report));
  const rmes = report.groups.flatMap((g) =>
    Object.values(g.cases)
      .filter((c) => !c.unavailable)
      .map((c) => c.rmePercent),
  );
  const v = report.versions;
  const notes = [
    `Mfloat/s = elements / mean time per call; every call consumes its output; ratios divide rates measured in the same run` +
      (rmes.length
        ? `; tinybench relative margin of error (95%) per case at most ±${Math.max(...rmes).toFixed(1)}%.`
        : '.'),
    `Contenders: nninit ${report.package.version} (built package); JS baselines in bench/baselines.mjs (Math.random: ` +
      'a + (b − a)·u, Box–Muller, Box–Muller + rejection at ±2σ; xoshiro128\\*\\* with the polar method)' +
      (v['@tensorflow/tfjs']
        ? `; @tensorflow/tfjs ${v['@tensorflow/tfjs']} on the cpu backend (\`tf.randomUniform\`/\`randomNormal\`/\`truncatedNormal\` ` +
          'and `tf.initializers.glorotUniform`/`heNormal` `.apply(shape)`, seeded, + `dataSync()` + `dispose()`); ' +
          `@stdlib/random-array-uniform ${v['@stdlib/random-array-uniform']} and -normal ${v['@stdlib/random-array-normal']} ` +
          '(`factory({ seed }).assign(…, out)`, default PRNG mt19937; no truncated normal); ' +
          `pure-rand ${v['pure-rand']} (xoroshiro128+ with \`uniformFloat32\`; normals by Box–Muller on it, truncated by rejection at ±2σ — pure-rand has no normal)`
        : '') +
      '.',
    `Glorot uniform and He normal: shape [n/1024, 1024] (fan_in n/1024, fan_out 1024); the JS baselines draw the same law ` +
      "with nninit's limit / σ; tfjs-layers' He normal omits the truncation correction (12% narrower), which does not change its cost.",
  ];
  const timed = [
    ...report.groups.flatMap((g) => Object.values(g.cases)),
    ...(report.resnet ? Object.values(report.resnet.cases) : []),
  ].filter((c) => !c.unavailable);
  const disturbed = timed.filter((c) => c.disturbed).length;
  const retried = timed.filter((c) => c.attempts && c.attempts.length > 1).length;
  const [l0] = report.loadAverage.start;
  const [l1] = report.loadAverage.end;
  const criterion = HAS_SCHEDSTAT
    ? `its main thread waited for a CPU (run-queue wait from /proc/self/task/<pid>/schedstat) more than ${DISTURBED_WAIT * 100}% of the timed run`
    : `the process's CPU time fell below ${(1 - DISTURBED_WAIT) * 100}% of the timed run's wall time`;
  notes.push(
    `Other load: 1-minute load average ${l0.toFixed(2)} at the start and ${l1.toFixed(2)} at the end of the run. ` +
      `A single-thread case counts as disturbed when ${criterion}; it is then timed again, up to ${MAX_ATTEMPTS} attempts, ` +
      'and the least disturbed attempt is kept. ' +
      (disturbed
        ? `${disturbed} of ${timed.length} cases stayed disturbed (marked †): another process took a core while they ran, ` +
          'so their figures, and the ratios built on them, are low or noisy'
        : `No case of ${timed.length} stayed disturbed`) +
      (retried ? `; ${retried} were timed more than once.` : '.'),
  );
  if (report.coldStart) {
    const cs = report.coldStart;
    notes.push(
      `Cold start (\`await import('nninit')\` + \`await ready()\` in a fresh Node process, ${cs.runs} runs): ` +
        `median ${cs.medianMs.toFixed(1)} ms, max ${cs.maxMs.toFixed(1)} ms.`,
    );
  }
  out.push(...notes.flatMap((n) => [n, '']));
  return out.join('\n');
}

/** Overwrites results/latest-node.json and results/latest-node.md (git keeps the history); returns the JSON path. */
export function writeResults(report, md) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const jsonPath = path.join(RESULTS_DIR, 'latest-node.json');
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(RESULTS_DIR, 'latest-node.md'), md);
  return jsonPath;
}
