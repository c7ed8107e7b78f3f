// Single-thread cases: every contender of one law at one size, against the Math.random baseline.

import { contendersOf, fieldLibrary, singleId } from '../contenders.mjs';
import { fmtRate, progress } from '../format.mjs';
import { budget } from '../options.mjs';
import { loadText, MAX_ATTEMPTS, timeSync } from '../timing.mjs';

/**
 * Times the selected contenders of `law` at 2^e elements into `out` (plus the baseline, always);
 * returns the group (rates and ratios to the baseline) or null when nothing is selected.
 */
export function runGroup(law, e, out, { selected, quick }) {
  const attempts = quick ? 1 : MAX_ATTEMPTS;
  const n = 2 ** e;
  const shape = law.shapeFor(n);
  const params = law.paramsFor(shape);
  const ctx = { n, shape, params, out };
  const opts = budget(e, quick);
  const wanted = contendersOf(law).filter((c) => selected(singleId(law, c, e)));
  if (wanted.length === 0) return null;
  // The baseline always runs with its group, so every ratio has its reference from the same run.
  const chosen = contendersOf(law).filter((c) => c.key === 'baseline' || wanted.includes(c));
  const results = {};
  const fieldLib = fieldLibrary();
  const tfTensorsBefore = fieldLib ? fieldLib.tf.memory().numTensors : 0;
  for (const c of chosen) {
    const body = c.make(law, ctx);
    if (body === null) {
      results[c.key] = { label: c.label, unavailable: true };
      continue;
    }
    const rr = timeSync(c.key, c.label, n, opts, body, `${law.key} 2^${e} ${c.key}`, attempts);
    results[c.key] = rr;
    progress(
      `${law.label.padEnd(16)} 2^${String(e).padEnd(2)} ${c.label.padEnd(26)} ${fmtRate(rr.mfloatPerS).padStart(7)} Mfloat/s  ±${rr.rmePercent.toFixed(1)}%  ${loadText(rr)}  (${rr.runs} runs${rr.attempts.length > 1 ? `, attempt ${rr.attempts.length}` : ''})`,
    );
  }
  if (fieldLib) {
    const leaked = fieldLib.tf.memory().numTensors - tfTensorsBefore;
    if (leaked !== 0) throw new Error(`${law.key} 2^${e}: ${leaked} tfjs tensors were not disposed`);
  }
  const baseline = results.baseline.mfloatPerS;
  const ratios = {};
  for (const [key, r] of Object.entries(results)) if (!r.unavailable) ratios[key] = r.mfloatPerS / baseline;
  return { law: law.key, exponent: e, n, shape, params, budget: opts, cases: results, ratios };
}
