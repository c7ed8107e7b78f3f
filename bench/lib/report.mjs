// The report: markdown tables (printed and written to results/latest-node.md) and the JSON record.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RSS_LAWS } from './cases/rss.mjs';
import { COPY_LABEL, NATIVE_LABEL } from './cases/single.mjs';
import { THREAD_SETTINGS } from './cases/threads.mjs';
import { contendersOf } from './contenders.mjs';
import { alignRow, fmtMiB, fmtPaired, fmtRange, fmtRate, fmtRatio, line, mark, mdText } from './format.mjs';
import { GOALS } from './goals.mjs';
import { LAWS, lawOf } from './laws.mjs';
import { RESULTS_DIR } from './package.mjs';
import { DISTURBED, HAS_SCHEDSTAT } from './timing.mjs';

function machineLine(machine, date, quick) {
  const mem = `${Math.round(machine.totalMemoryBytes / 2 ** 30)} GiB`;
  return `${machine.cpu}, ${machine.cores} cores, ${mem}; Node ${machine.node} (V8 ${machine.v8}); ${date}${quick ? ' (quick run: few rounds, rough figures)' : ''}`;
}

/** The Keras-default laws' groups, by size then law. */
const kernelGroups = (report) =>
  report.groups.filter((g) => !lawOf(g.law).preset).sort((a, b) => a.exponent - b.exponent);

const rate = (g, key) => {
  const c = g.cases[key];
  return c && !c.unavailable ? `${fmtRate(c.mfloatPerS)}${mark(g)}` : '—';
};

/** nninit's forms against the pure-JS baselines and native C, single thread. */
function headlineTable(report) {
  const head = [
    'distribution',
    'size',
    'fill() (Mfloat/s)',
    '× Math.random baseline',
    '× JS xoshiro',
    '× native C',
    'zero-copy (Mfloat/s)',
    '× baseline',
    '× native C',
    'sample() (Mfloat/s)',
    'baseline (Mfloat/s)',
    'native C (Mfloat/s)',
  ];
  const rows = kernelGroups(report).map((g) => [
    lawOf(g.law).label,
    `2^${g.exponent}`,
    rate(g, 'fill'),
    g.cases.fill ? fmtPaired(g.ratios.fill) : '—',
    fmtPaired(g.paired.fillVsXoshiro),
    fmtPaired(g.paired.fillVsNative),
    rate(g, 'zeroCopy'),
    g.cases.zeroCopy ? fmtPaired(g.ratios.zeroCopy) : '—',
    fmtPaired(g.paired.zeroCopyVsNative),
    rate(g, 'sample'),
    rate(g, 'baseline'),
    rate(g, 'native'),
  ]);
  return [line(head), alignRow(2, head.length - 2), ...rows.map(line)];
}

/** fill() against what bounds it: the zero-copy kernel, and the kernel plus a copy of the output. */
function memoryTable(report) {
  const groups = kernelGroups(report).filter((g) => g.paired.fillVsZeroCopy);
  if (groups.length === 0) return [];
  const head = [
    'distribution',
    'size',
    'fill() / zero-copy',
    'copy (Mfloat/s)',
    'copy-bound limit (Mfloat/s)',
    'fill() / copy-bound limit',
  ];
  const rows = groups.map((g) => [
    lawOf(g.law).label,
    `2^${g.exponent}`,
    fmtPaired(g.paired.fillVsZeroCopy),
    rate(g, 'copy'),
    g.paired.copyBound ? `${fmtRate(g.paired.copyBound.median)}${mark(g)}` : '—',
    fmtPaired(g.paired.fillVsCopyBound),
  ]);
  return [
    '`fill()` writes into the caller’s array, so it is the kernel (measured as the zero-copy form) plus a copy of ' +
      `every value; the copy is \`${COPY_LABEL.replace(' (copy)', '')}\` of the same size, and the copy-bound limit is ` +
      '1 / (1/zero-copy + 1/copy), per round:',
    '',
    line(head),
    alignRow(2, head.length - 2),
    ...rows.map(line),
    '',
  ];
}

/** One table per law: rows = contenders, columns = sizes, cells "Mfloat/s (× baseline)". */
function lawTable(report, law) {
  const groups = report.groups.filter((g) => g.law === law.key).sort((a, b) => a.exponent - b.exponent);
  if (groups.length === 0) return null;
  const head = ['contender', ...groups.map((g) => `2^${g.exponent}`)];
  const rows = [];
  const contenders = [...contendersOf(law), { key: 'native', label: NATIVE_LABEL }];
  for (const c of contenders) {
    if (!groups.some((g) => g.cases[c.key])) continue;
    rows.push([
      mdText(c.label),
      ...groups.map((g) => {
        const r = g.cases[c.key];
        if (!r || r.unavailable) return '—';
        return `${fmtRate(r.mfloatPerS)}${mark(g)} (${fmtRatio(g.ratios[c.key].median)})`;
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
        const row = t.rows.find((x) => x.law === law.key && x.exponent === e);
        const r = row?.cases[`t${th}`];
        if (!r) return '—';
        return (
          `${fmtRate(r.mfloatPerS)}${mark(row)} (${fmtRatio(r.speedupVsThreads1.median)} t1, ` +
          `${fmtRatio(r.vsSyncFill.median)} fill(); CPU/wall ${r.cpuPerWall.median.toFixed(2)})`
        );
      });
      if (cells.every((c) => c === '—')) continue;
      rows.push([law.label, String(th), ...cells]);
    }
  }
  const differs = t.identity.filter((x) => x.differingElements > 0);
  return [
    `Threaded fills (\`${t.api}\`; 'auto' on ${t.availableParallelism} available cores), in paired rounds with the ` +
      'single-thread `fill()` of the same law and size: Mfloat/s (× threads: 1, × `fill()`, medians of the per-round ' +
      'ratios; process CPU time / wall time).',
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
  const rows = Object.values(r.cases).map((c) => [
    c.label,
    `${c.msPerModel.toFixed(1)}${mark(r)}`,
    `${fmtRate(c.mfloatPerS)}${mark(r)}`,
    fmtPaired(c.nninitVs),
  ]);
  const inits = Object.entries(r.initializers)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  return [
    `ResNet-50 (Keras ResNet50, ${r.tensors} tensors: ${inits}; ${r.parameters.toLocaleString('en-US')} floats), whole model per call, paired rounds:`,
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

/** The goals set for this project, each with what this run measured. */
function goalsSection(report) {
  const rows = GOALS.map((g) => [g.goal, g.measured(report)]).filter(([, measured]) => measured !== null);
  if (rows.length === 0) return [];
  return [
    'Goals set for this project, and what this run measured (median of the per-round ratios, min–max):',
    '',
    line(['goal', 'measured']),
    alignRow(2, 0),
    ...rows.map(line),
    '',
  ];
}

function notes(report) {
  const v = report.versions;
  const n = report.native;
  const timed = [...report.groups, ...(report.threads.rows ?? []), ...(report.resnet ? [report.resnet] : [])];
  const extra = timed.filter((c) => c.roundCount > report.schedule.rounds && !c.disturbed).length;
  const disturbed = timed.filter((c) => c.disturbed).length;
  const [l0] = report.loadAverage.start;
  const [l1] = report.loadAverage.end;
  const criterion = HAS_SCHEDSTAT
    ? `its thread waited for a CPU (run-queue wait from Linux's schedstat) more than ${DISTURBED * 100}% of its time ` +
      '(threaded fills are judged by the single-thread `fill()` in their rounds)'
    : 'never (no schedstat on this system)';
  const out = [
    `Method (bench/README.md): each case's contenders are timed in paired rounds — one sample of each per round, back to ` +
      `back, in reverse order every other round — until ${report.schedule.rounds} rounds are clean of other load; a sample ` +
      `lasts about ${report.schedule.sampleMs} ms (one call where a call takes longer). Mfloat/s = elements / time per ` +
      'call, median over the rounds; a ratio is the median of the per-round ratios (min–max across the rounds); ' +
      'every call consumes its output.',
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
    n.available
      ? `Native C: bench/native/laws.c (eight xoshiro128\\*\\* lanes, Box–Muller with Cephes polynomials, ±2σ by ` +
        `left-packing: the work of nninit's kernels), built by ${n.compiler} with \`${n.flags}\`, in a child process ` +
        'that times its own calls, interleaved in the same rounds.'
      : `Native C: not measured (${n.reason}).`,
    `Glorot uniform and He normal: shape [n/1024, 1024] (fan_in n/1024, fan_out 1024); the JS baselines and native C ` +
      "draw the same law with nninit's limit / σ; tfjs-layers' He normal omits the truncation correction (12% narrower), " +
      'which does not change its cost.',
    `Other load: 1-minute load average ${l0.toFixed(2)} at the start and ${l1.toFixed(2)} at the end of the run` +
      (report.nice ? ` (the suite ran at nice ${report.nice}, so other processes took less of its core)` : '') +
      '. A sample ' +
      `counts as disturbed when ${criterion}, and its round is left out. ` +
      `Of ${timed.length} cases, ${extra} needed extra rounds` +
      (disturbed
        ? `, and ${disturbed} (marked †) had fewer than ${report.schedule.rounds} clean rounds in ${2 * report.schedule.rounds}: ` +
          'their figures use every round and are noisy.'
        : '; every case reached its clean rounds.'),
  ];
  if (report.coldStart) {
    const { runs, wall, cpu } = report.coldStart;
    const range = (x) => fmtRange({ min: x.overMin, max: x.overMax }, (v) => v.toFixed(1));
    out.push(
      `Cold start (fresh Node processes, ${runs} paired runs: \`import('nninit')\` + \`ready()\` + a 64×64 ` +
        `glorotUniform sample, against importing a trivial ES module): ${wall.over.toFixed(1)} ms more wall time ` +
        `(${range(wall)} ms; ${wall.nninit.toFixed(1)} ms against ${wall.trivial.toFixed(1)} ms) and ` +
        `${cpu.over.toFixed(1)} ms more CPU time (${range(cpu)} ms).`,
    );
  }
  return out;
}

/** The whole report as markdown. */
export function markdown(report) {
  const out = [`Measured on ${machineLine(report.machine, report.date, report.quick)}.`, ''];
  if (kernelGroups(report).length) {
    out.push(
      'Single thread, nninit against the pure-JS baselines and native C (ratios: median of the per-round ratios, min–max):',
      '',
      ...headlineTable(report),
      '',
    );
  }
  out.push(...memoryTable(report));
  if (report.groups.length)
    out.push(
      'Against the field, one table per distribution: Mfloat/s (× the JS Math.random baseline of the same law and size, ' +
        'median of the per-round ratios); “—”: the library has no such distribution.',
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
  out.push(...notes(report).flatMap((n) => [n, '']));
  return out.join('\n');
}

/** Overwrites results/latest-node.json and results/latest-node.md (git keeps the history); returns the JSON path. */
export function writeResults(report, md) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const jsonPath = path.join(RESULTS_DIR, 'latest-node.json');
  // Arrays of numbers or booleans (the per-round figures) on one line each, to keep the file small.
  const json = JSON.stringify(report, null, 2).replace(
    /\[\s+([-+\w.,\s]*?)\s+\]/g,
    (_, items) => `[${items.split(/,\s+/).join(', ')}]`,
  );
  writeFileSync(jsonPath, `${json}\n`);
  writeFileSync(path.join(RESULTS_DIR, 'latest-node.md'), md);
  return jsonPath;
}
