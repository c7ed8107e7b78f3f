// Single-thread cases: every contender of one law at one size, in paired rounds with the
// Math.random baseline, the native C reference and the copy that bounds fill() (bench/README.md).

import { contendersOf, fieldLibrary, singleId } from '../contenders.mjs';
import { fmtPaired, fmtRange, fmtRate, progress } from '../format.mjs';
import { externalBody, pairedRounds, perRound, rateOf, ratioOf, syncBody } from '../timing.mjs';

/**
 * Bodies in the order of a forward round (odd rounds run it reversed): the baseline and nninit's
 * fill() are neighbours, then zero-copy, native C and the copy, then the rest of the field.
 */
const ROUND_ORDER = [
  'baseline',
  'fill',
  'zeroCopy',
  'native',
  'copy',
  'sample',
  'xoshiro',
  'tfjs',
  'stdlib',
  'pureRand',
];

export const NATIVE_LABEL = 'native C (gcc, 128-bit SSE4.2)';
export const COPY_LABEL = 'Float32Array.prototype.set (copy)';

/** A source array per size for the copy reference (allocated once, reused by every law). */
const copySources = new Map();
function copySourceOf(n) {
  if (!copySources.has(n)) copySources.set(n, new Float32Array(n).fill(0.25));
  return copySources.get(n);
}

/** Releases the copy sources (64 MiB at 2^24). */
export const releaseCopySources = () => copySources.clear();

/** The rounds for the JSON record: per body, its rate (4 significant digits) and disturbance in each round. */
function roundsRecord(result, keys) {
  const perBody = (field, digits) =>
    Object.fromEntries(keys.map((k) => [k, result.rounds.map((r) => Number(r[field][k].toPrecision(digits)))]));
  return {
    forwardOrder: result.rounds[0].order,
    disturbed: result.rounds.map((r) => r.disturbed),
    rate: perBody('rate', 4),
    disturbance: perBody('disturbance', 2),
  };
}

/**
 * Times the selected contenders of `law` at 2^e elements into `out`, with the baseline always and
 * native C and the copy when selected; returns the group (median rates, per-round ratios, the
 * rounds) or null when nothing is selected.
 */
export async function runGroup(law, e, out, { selected, schedule, native }) {
  const n = 2 ** e;
  const shape = law.shapeFor(n);
  const params = law.paramsFor(shape);
  const ctx = { n, shape, params, out };
  const wants = (key) => selected(`single/${law.key}/${key}/2^${e}`);
  const wanted = contendersOf(law).filter((c) => wants(c.key));
  const wantNative = native.available && wants('native');
  if (wanted.length === 0 && !wantNative && !wants('copy')) return null;

  // The baseline always runs with its group, so every ratio has its reference in the same rounds.
  const cases = {};
  const bodies = [];
  for (const c of contendersOf(law).filter((c) => c.key === 'baseline' || wanted.includes(c))) {
    const run = c.make(law, ctx);
    if (run === null) cases[c.key] = { label: c.label, unavailable: true };
    else bodies.push(syncBody(c.key, c.label, run));
  }
  if (wantNative) {
    bodies.push(externalBody('native', NATIVE_LABEL, (calls) => native.time(law.kind, params, n, calls)));
  }
  if (wants('copy')) {
    const source = copySourceOf(n);
    bodies.push(
      syncBody('copy', COPY_LABEL, () => {
        out.set(source);
        return out[0] + out[n - 1];
      }),
    );
  }
  bodies.sort((a, b) => ROUND_ORDER.indexOf(a.key) - ROUND_ORDER.indexOf(b.key));

  const fieldLib = fieldLibrary();
  const tfTensorsBefore = fieldLib ? fieldLib.tf.memory().numTensors : 0;
  const result = await pairedRounds(bodies, n, schedule);
  if (fieldLib) {
    const leaked = fieldLib.tf.memory().numTensors - tfTensorsBefore;
    if (leaked !== 0) throw new Error(`${law.key} 2^${e}: ${leaked} tfjs tensors were not disposed`);
  }

  const ratios = {};
  for (const { key, label } of bodies) {
    const rate = rateOf(result, key);
    cases[key] = { label, calls: result.calls[key], mfloatPerS: rate.median, min: rate.min, max: rate.max };
    ratios[key] = ratioOf(result, key, 'baseline');
  }
  const has = (...keys) => keys.every((k) => cases[k] && !cases[k].unavailable);
  const paired = {};
  if (has('fill', 'xoshiro')) paired.fillVsXoshiro = ratioOf(result, 'fill', 'xoshiro');
  if (has('fill', 'zeroCopy')) paired.fillVsZeroCopy = ratioOf(result, 'fill', 'zeroCopy');
  if (has('fill', 'native')) paired.fillVsNative = ratioOf(result, 'fill', 'native');
  if (has('zeroCopy', 'native')) paired.zeroCopyVsNative = ratioOf(result, 'zeroCopy', 'native');
  if (has('fill', 'zeroCopy', 'copy')) {
    // fill() = the kernel (measured as zero-copy) plus a copy of every value: at best 1 / (1/kernel + 1/copy).
    paired.copyBound = perRound(result, (r) => 1 / (1 / r.rate.zeroCopy + 1 / r.rate.copy));
    paired.fillVsCopyBound = perRound(result, (r) => r.rate.fill * (1 / r.rate.zeroCopy + 1 / r.rate.copy));
  }
  const rounds = `${result.disturbed ? `${result.count} rounds, too few clean: all used` : `${result.clean} clean of ${result.count} rounds`}`;
  for (const { key, label } of bodies) {
    const c = cases[key];
    progress(
      `${law.label.padEnd(16)} 2^${String(e).padEnd(2)} ${label.padEnd(33)} ${fmtRate(c.mfloatPerS).padStart(7)} Mfloat/s ` +
        `(${fmtRange(c, fmtRate)})  ${fmtPaired(ratios[key])} the baseline  ${c.calls} calls/sample`,
    );
  }
  progress(`${law.label.padEnd(16)} 2^${String(e).padEnd(2)} ${rounds}`);
  return {
    law: law.key,
    exponent: e,
    n,
    shape,
    params,
    disturbed: result.disturbed,
    roundCount: result.count,
    cleanRounds: result.clean,
    cases,
    ratios,
    paired,
    rounds: roundsRecord(
      result,
      bodies.map((b) => b.key),
    ),
  };
}
