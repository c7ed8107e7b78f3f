// The demo page (npm run demo): pick an initializer, a shape, parameters and a seed; see the
// histogram of the samples over the law's density, the sample statistics against their targets,
// the fans, and a live benchmark against a pure-JS baseline in this browser.
import * as nn from 'nninit';
import type { Distribution, Initializer } from 'nninit';
import { mathRandomNormal, mathRandomTruncatedNormal, mathRandomUniform } from '../bench/baselines.mjs';

type ParamKind = 'number' | 'mode' | 'distribution';
interface Param {
  key: string;
  label: string;
  kind: ParamKind;
  value: string;
}
interface Entry {
  name: string;
  make: (options: Record<string, unknown>) => Initializer;
  params: Param[];
  seeded: boolean;
}

const num = (key: string, label: string, value: number): Param => ({
  key,
  label,
  kind: 'number',
  value: String(value),
});

const CATALOGUE: Entry[] = [
  { name: 'glorotUniform', make: (o) => nn.glorotUniform(o), params: [], seeded: true },
  { name: 'glorotNormal', make: (o) => nn.glorotNormal(o), params: [], seeded: true },
  { name: 'heUniform', make: (o) => nn.heUniform(o), params: [], seeded: true },
  { name: 'heNormal', make: (o) => nn.heNormal(o), params: [], seeded: true },
  { name: 'lecunUniform', make: (o) => nn.lecunUniform(o), params: [], seeded: true },
  { name: 'lecunNormal', make: (o) => nn.lecunNormal(o), params: [], seeded: true },
  {
    name: 'randomUniform',
    make: (o) => nn.randomUniform(o),
    params: [num('minval', 'minval', -0.05), num('maxval', 'maxval', 0.05)],
    seeded: true,
  },
  {
    name: 'randomNormal',
    make: (o) => nn.randomNormal(o),
    params: [num('mean', 'mean', 0), num('stddev', 'stddev', 0.05)],
    seeded: true,
  },
  {
    name: 'truncatedNormal',
    make: (o) => nn.truncatedNormal(o),
    params: [num('mean', 'mean', 0), num('stddev', 'stddev', 0.05)],
    seeded: true,
  },
  {
    name: 'varianceScaling',
    make: (o) => nn.varianceScaling(o),
    params: [
      num('scale', 'scale', 1),
      { key: 'mode', label: 'mode', kind: 'mode', value: 'fan_in' },
      { key: 'distribution', label: 'distribution', kind: 'distribution', value: 'truncated_normal' },
    ],
    seeded: true,
  },
  { name: 'constant', make: (o) => nn.constant(o), params: [num('value', 'value', 0.1)], seeded: false },
  { name: 'zeros', make: () => nn.zeros(), params: [], seeded: false },
  { name: 'ones', make: () => nn.ones(), params: [], seeded: false },
];

const CHOICES: Record<'mode' | 'distribution', string[]> = {
  mode: ['fan_in', 'fan_out', 'fan_avg'],
  distribution: ['truncated_normal', 'untruncated_normal', 'uniform'],
};

/** Largest tensor the page samples (the histogram and statistics read every value). */
const MAX_ELEMENTS = 2 ** 26;

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const form = $<HTMLFormElement>('controls');
const select = $<HTMLSelectElement>('initializer');
const paramsBox = $<HTMLDivElement>('params');
const errorBox = $<HTMLParagraphElement>('error');
const canvas = $<HTMLCanvasElement>('histogram');

for (const entry of CATALOGUE) select.add(new Option(entry.name, entry.name));
select.value = 'heNormal';

function entryOf(name: string): Entry {
  return CATALOGUE.find((e) => e.name === name)!;
}

function renderParams(): void {
  const entry = entryOf(select.value);
  paramsBox.replaceChildren(
    ...entry.params.map((p) => {
      const label = document.createElement('label');
      label.textContent = p.label;
      let input: HTMLInputElement | HTMLSelectElement;
      if (p.kind === 'number') {
        input = document.createElement('input');
        input.value = p.value;
        input.inputMode = 'decimal';
      } else {
        input = document.createElement('select');
        for (const c of CHOICES[p.kind]) input.add(new Option(c, c));
        input.value = p.value;
      }
      input.id = `param-${p.key}`;
      input.name = p.key;
      label.append(input);
      return label;
    }),
  );
  $<HTMLInputElement>('seed').disabled = !entry.seeded;
}

/** The initializer the controls describe (throws the package's errors for bad input). */
function current(): { init: Initializer; shape: string } {
  const entry = entryOf(select.value);
  const options: Record<string, unknown> = {};
  for (const p of entry.params) {
    const raw = ($<HTMLInputElement>(`param-${p.key}`).value ?? '').trim();
    options[p.key] = p.kind === 'number' ? Number(raw) : raw;
  }
  if (entry.seeded) {
    const seed = $<HTMLInputElement>('seed').value.trim();
    options.seed = seed === '' ? null : /^\d+$/.test(seed) ? BigInt(seed) : Number(seed);
  }
  return { init: entry.make(options), shape: $<HTMLInputElement>('shape').value.trim() };
}

interface Stats {
  mean: number;
  std: number;
  min: number;
  max: number;
}

function statsOf(values: Float32Array): Stats {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(squares / values.length), min, max };
}

// --- Densities -----------------------------------------------------------------------------------

const SQRT_2PI = Math.sqrt(2 * Math.PI);
/** P(|Z| < 2) for a standard normal Z: the mass a ±2σ truncation keeps. */
const KEPT_MASS = 0.9544997361036416;

function density(d: Distribution, x: number): number {
  switch (d.kind) {
    case 'uniform':
      return x >= d.minval && x < d.maxval ? 1 / (d.maxval - d.minval) : 0;
    case 'normal': {
      const z = (x - d.mean) / d.stddev;
      return Math.exp(-0.5 * z * z) / (d.stddev * SQRT_2PI);
    }
    case 'truncatedNormal': {
      if (x <= d.cut[0] || x >= d.cut[1]) return 0;
      const z = (x - d.mean) / d.stddev;
      return Math.exp(-0.5 * z * z) / (d.stddev * SQRT_2PI * KEPT_MASS);
    }
    default:
      return 0;
  }
}

/** The x range drawn for a law: its support with a margin, so cuts and edges are visible. */
function rangeOf(d: Distribution, stats: Stats): [number, number] {
  switch (d.kind) {
    case 'uniform': {
      const pad = (d.maxval - d.minval) * 0.15;
      return [d.minval - pad, d.maxval + pad];
    }
    case 'normal':
      return d.stddev > 0 ? [d.mean - 4 * d.stddev, d.mean + 4 * d.stddev] : [d.mean - 1, d.mean + 1];
    case 'truncatedNormal':
      return d.stddev > 0 ? [d.mean - 2.6 * d.stddev, d.mean + 2.6 * d.stddev] : [d.mean - 1, d.mean + 1];
    default: {
      const c = stats.mean;
      const pad = Math.max(Math.abs(c) * 0.5, 0.5);
      return [c - pad, c + pad];
    }
  }
}

// --- Drawing -------------------------------------------------------------------------------------

const BINS = 72;
const COLORS = { sample: '#8fb3f0', sampleEdge: '#5d8ee0', density: '#d0452f', axis: '#5d6678', cut: '#1d2330' };

function fmt(x: number, digits = 4): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e4 || a < 1e-3 ? x.toExponential(2) : x.toPrecision(digits).replace(/\.?0+$/, '');
}

function draw(values: Float32Array, d: Distribution, stats: Stats): void {
  const ratio = window.devicePixelRatio || 1;
  const width = 720;
  const height = 340;
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  const g = canvas.getContext('2d')!;
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.fillStyle = '#fff';
  g.fillRect(0, 0, width, height);
  const box = { left: 48, right: width - 16, top: 16, bottom: height - 34 };
  const [lo, hi] = rangeOf(d, stats);
  const binWidth = (hi - lo) / BINS;
  const counts = new Float64Array(BINS);
  let outside = 0;
  for (let i = 0; i < values.length; i++) {
    const b = Math.floor((values[i]! - lo) / binWidth);
    if (b >= 0 && b < BINS) counts[b]!++;
    else outside++;
  }
  const heights = Array.from(counts, (c) => c / (values.length * binWidth));
  const curve: [number, number][] = [];
  for (let i = 0; i <= 480; i++) {
    const x = lo + ((hi - lo) * i) / 480;
    curve.push([x, density(d, x)]);
  }
  const top = Math.max(...heights, ...curve.map(([, y]) => y)) * 1.08 || 1;
  const X = (x: number) => box.left + ((x - lo) / (hi - lo)) * (box.right - box.left);
  const Y = (y: number) => box.bottom - (y / top) * (box.bottom - box.top);

  // Bars: the samples' density per bin.
  g.fillStyle = COLORS.sample;
  g.strokeStyle = COLORS.sampleEdge;
  g.lineWidth = 0.5;
  heights.forEach((h, i) => {
    if (h === 0) return;
    const x0 = X(lo + i * binWidth);
    const x1 = X(lo + (i + 1) * binWidth);
    g.fillRect(x0, Y(h), x1 - x0, box.bottom - Y(h));
    g.strokeRect(x0, Y(h), x1 - x0, box.bottom - Y(h));
  });

  // The theoretical density.
  if (d.kind !== 'constant') {
    g.strokeStyle = COLORS.density;
    g.lineWidth = 2;
    g.beginPath();
    curve.forEach(([x, y], i) => {
      const previous = curve[i - 1];
      // Vertical edges at the uniform's ends and the truncation's cuts.
      if (previous && (previous[1] === 0) !== (y === 0)) g.lineTo(X(x), Y(previous[1]));
      if (i === 0) g.moveTo(X(x), Y(y));
      else g.lineTo(X(x), Y(y));
    });
    g.stroke();
  }

  // The truncation's cut at mean ± 2σ.
  if (d.kind === 'truncatedNormal') {
    g.setLineDash([5, 4]);
    g.strokeStyle = COLORS.cut;
    g.lineWidth = 1;
    g.font = '12px system-ui, sans-serif';
    g.fillStyle = COLORS.cut;
    for (const [x, label] of [
      [d.cut[0], '−2σ'],
      [d.cut[1], '+2σ'],
    ] as const) {
      g.beginPath();
      g.moveTo(X(x), box.top);
      g.lineTo(X(x), box.bottom);
      g.stroke();
      g.textAlign = label.startsWith('−') ? 'right' : 'left';
      g.fillText(`${label} cut`, X(x) + (label.startsWith('−') ? -5 : 5), box.top + 12);
    }
    g.setLineDash([]);
  }

  // Axes and ticks.
  g.strokeStyle = COLORS.axis;
  g.fillStyle = COLORS.axis;
  g.lineWidth = 1;
  g.beginPath();
  g.moveTo(box.left, box.top);
  g.lineTo(box.left, box.bottom);
  g.lineTo(box.right, box.bottom);
  g.stroke();
  g.font = '11px system-ui, sans-serif';
  g.textAlign = 'center';
  for (let i = 0; i <= 6; i++) {
    const x = lo + ((hi - lo) * i) / 6;
    g.beginPath();
    g.moveTo(X(x), box.bottom);
    g.lineTo(X(x), box.bottom + 4);
    g.stroke();
    g.fillText(fmt(x, 3), X(x), box.bottom + 17);
  }
  g.save();
  g.translate(14, (box.top + box.bottom) / 2);
  g.rotate(-Math.PI / 2);
  g.fillText('density', 0, 0);
  g.restore();
  canvas.dataset.drawn = String(values.length);
  canvas.dataset.outside = String(outside);
}

// --- Sampling ------------------------------------------------------------------------------------

function cell(text: string, className = ''): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function showStats(stats: Stats, d: Distribution): void {
  const close = (measured: number, target: number, tolerance: number) =>
    Math.abs(measured - target) <= tolerance ? 'ok' : 'off';
  const spread = Math.max(d.std, 1e-30);
  const [minTarget, maxTarget] =
    d.kind === 'uniform'
      ? [`≥ ${fmt(d.minval)}`, `< ${fmt(d.maxval)}`]
      : d.kind === 'truncatedNormal'
        ? [`> ${fmt(d.lower)}`, `< ${fmt(d.upper)}`]
        : d.kind === 'normal'
          ? [
              `≈ ${fmt(d.mean - nn.NORMAL_TAIL_SIGMAS * d.stddev)} at most`,
              `≈ ${fmt(d.mean + nn.NORMAL_TAIL_SIGMAS * d.stddev)} at most`,
            ]
          : [fmt(d.mean), fmt(d.mean)];
  const rows: [string, number, string, string][] = [
    ['mean', stats.mean, fmt(d.mean), close(stats.mean, d.mean, 0.05 * spread + 1e-12)],
    ['std', stats.std, fmt(d.std), d.std === 0 ? close(stats.std, 0, 1e-12) : close(stats.std / d.std, 1, 0.05)],
    ['min', stats.min, minTarget, ''],
    ['max', stats.max, maxTarget, ''],
  ];
  $<HTMLTableElement>('stats').tBodies[0]!.replaceChildren(
    ...rows.map(([name, measured, target, verdict]) => {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.textContent = name;
      const value = cell(fmt(measured, 5), verdict);
      value.id = `stat-${name}`;
      value.dataset.value = String(measured);
      const goal = cell(target);
      goal.id = `target-${name}`;
      tr.append(th, value, goal);
      return tr;
    }),
  );
  $('target-std').dataset.value = String(d.std);
  $('target-mean').dataset.value = String(d.mean);
}

function lawText(d: Distribution): string {
  switch (d.kind) {
    case 'uniform':
      return `U[${fmt(d.minval)}, ${fmt(d.maxval)})`;
    case 'normal':
      return `N(${fmt(d.mean)}, ${fmt(d.stddev)}²)`;
    case 'truncatedNormal':
      return `N(${fmt(d.mean)}, ${fmt(d.stddev)}²) cut at ±2σ`;
    case 'constant':
      return `constant ${fmt(d.value)}`;
    default:
      return d.kind;
  }
}

async function sample(): Promise<void> {
  errorBox.textContent = '';
  document.body.dataset.state = 'sampling';
  const button = $<HTMLButtonElement>('sample');
  button.disabled = true;
  try {
    const { init, shape } = current();
    const d = init.distribution(shape);
    const dims = shape
      .split(/[x×,\s]+/)
      .filter(Boolean)
      .map(Number);
    const size = dims.reduce((a, b) => a * b, 1);
    if (size > MAX_ELEMENTS) throw new RangeError(`the demo samples at most ${MAX_ELEMENTS} elements; got ${size}`);
    if (size === 0) throw new RangeError('the shape has no elements');
    const t0 = performance.now();
    const values = await init.sampleAsync(shape);
    const ms = performance.now() - t0;
    const stats = statsOf(values);
    const fans = nn.computeFans(shape);
    draw(values, d, stats);
    showStats(stats, d);
    $('fan-in').textContent = String(fans.fanIn);
    $('fan-out').textContent = String(fans.fanOut);
    $('size').textContent = size.toLocaleString('en-US');
    $('law').textContent = lawText(d);
    $('caption').innerHTML =
      `<span class="swatch" style="background:${COLORS.sample}"></span>${size.toLocaleString('en-US')} samples of ` +
      `<code>${init.name}</code>` +
      (d.kind === 'constant'
        ? ''
        : `<span class="swatch" style="background:${COLORS.density}"></span>density of ${lawText(d)}`) +
      ` — sampled in ${ms.toFixed(1)} ms`;
    document.body.dataset.state = 'ready';
  } catch (error) {
    errorBox.textContent = error instanceof Error ? error.message : String(error);
    document.body.dataset.state = 'error';
  } finally {
    button.disabled = false;
  }
}

// --- Benchmark -----------------------------------------------------------------------------------

const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Mfloat/s of `run` over n elements: one warm-up, then repetitions for at least 300 ms and 3 runs. */
async function rate(n: number, run: () => unknown): Promise<number> {
  await run();
  let reps = 0;
  let elapsed = 0;
  while (reps < 3 || elapsed < 300) {
    await pause();
    const t0 = performance.now();
    await run();
    elapsed += performance.now() - t0;
    reps++;
  }
  return (n * reps) / elapsed / 1e3;
}

/** The raw law of the current initializer as an nninit initializer and a pure-JS baseline. */
function benchPair(d: Distribution): { nninit: Initializer; baseline: (out: Float32Array) => void } {
  switch (d.kind) {
    case 'uniform': {
      const params = { minval: d.minval, maxval: d.maxval };
      return { nninit: nn.randomUniform({ ...params, seed: 1 }), baseline: (out) => mathRandomUniform(out, params) };
    }
    case 'normal': {
      const params = { mean: d.mean, stddev: d.stddev };
      return { nninit: nn.randomNormal({ ...params, seed: 1 }), baseline: (out) => mathRandomNormal(out, params) };
    }
    case 'truncatedNormal': {
      const params = { mean: d.mean, stddev: d.stddev };
      return {
        nninit: nn.truncatedNormal({ ...params, seed: 1 }),
        baseline: (out) => mathRandomTruncatedNormal(out, params),
      };
    }
    default: {
      const value = d.kind === 'constant' ? d.value : 0;
      return { nninit: nn.constant({ value }), baseline: (out) => out.fill(value) };
    }
  }
}

async function bench(): Promise<void> {
  const button = $<HTMLButtonElement>('run-bench');
  button.disabled = true;
  document.body.dataset.bench = 'running';
  const body = $<HTMLTableElement>('bench-table').tBodies[0]!;
  body.replaceChildren();
  try {
    const { init, shape } = current();
    const d = init.distribution(shape);
    const n = 2 ** Number($<HTMLSelectElement>('bench-size').value);
    const out = new Float32Array(n);
    const { nninit, baseline } = benchPair(d);
    const rows: [string, string, number][] = [];
    const add = (id: string, label: string, value: number) => {
      rows.push([id, label, value]);
      const base = rows.find(([key]) => key === 'baseline')?.[2];
      body.replaceChildren(
        ...rows.map(([key, name, mfloat]) => {
          const tr = document.createElement('tr');
          const th = document.createElement('th');
          th.textContent = name;
          const speed = cell(mfloat.toFixed(mfloat >= 100 ? 0 : 1));
          speed.id = `bench-${key}`;
          speed.dataset.value = String(mfloat);
          const ratio = cell(base ? `${(mfloat / base).toFixed(2)}×` : '', 'ratio');
          ratio.id = `ratio-${key}`;
          if (base) ratio.dataset.value = String(mfloat / base);
          tr.append(th, speed, ratio);
          return tr;
        }),
      );
    };
    add('baseline', `JS baseline (${lawText(d)})`, await rate(n, () => baseline(out)));
    add('fill', 'nninit fill(), 1 thread', await rate(n, () => nninit.fill(out, [n])));
    if (globalThis.crossOriginIsolated) {
      const threads = Math.min(navigator.hardwareConcurrency || 2, 8);
      add(
        'threads',
        `nninit fillAsync(), ${threads} workers`,
        await rate(n, () => nninit.fillAsync(out, [n], { threads })),
      );
    }
    document.body.dataset.bench = 'done';
  } catch (error) {
    errorBox.textContent = error instanceof Error ? error.message : String(error);
    document.body.dataset.bench = 'error';
  } finally {
    button.disabled = false;
  }
}

$('isolation').textContent = globalThis.crossOriginIsolated
  ? 'This page is cross-origin isolated, so the threaded row uses Web Workers.'
  : 'This page is not cross-origin isolated (no COOP/COEP headers), so there is no threaded row.';

select.addEventListener('change', () => {
  renderParams();
  // Results of another law would mislead: the benchmark runs the law on screen.
  $<HTMLTableElement>('bench-table').tBodies[0]!.replaceChildren();
  delete document.body.dataset.bench;
  void sample();
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  void sample();
});
$('run-bench').addEventListener('click', () => void bench());
renderParams();
void sample();
