// Sanity check: every implementation must produce the law it claims before it is timed.

import { contendersOf } from './contenders.mjs';
import { expectation, LAWS } from './laws.mjs';

/**
 * Throws unless `values` (n of them) are finite, inside the law's support (with a relative
 * `tolerance` of the support's width) and match its mean and standard deviation.
 */
export function checkValues(values, n, expect, what, tolerance) {
  const { mean, std, lo, hi, loOpen } = expect;
  const slack = lo === undefined ? 0 : tolerance * (hi - lo);
  let sum = 0;
  let sum2 = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new Error(`${what}: value ${i} is ${v}`);
    if (lo !== undefined) {
      const outside =
        tolerance > 0 ? v > hi + slack || v < lo - slack : v > hi || v === hi || v < lo || (loOpen && v === lo);
      if (outside) throw new Error(`${what}: value ${i} = ${v} lies outside [${lo}, ${hi})`);
    }
    sum += v;
    sum2 += v * v;
  }
  const m = sum / n;
  const s = Math.sqrt(sum2 / n - m * m);
  if (Math.abs(m - mean) > (6 * std) / Math.sqrt(n) || Math.abs(s / std - 1) > 0.03) {
    throw new Error(
      `${what}: sample mean ${m.toExponential(3)} and std ${s.toPrecision(5)} do not match mean ${mean} std ${std.toPrecision(5)}`,
    );
  }
}

function scaleExpect(x, k) {
  if (k === 1) return x;
  return { ...x, std: x.std * k, lo: x.lo * k, hi: x.hi * k };
}

/**
 * Checks every contender of the plan (case ids) on 2^16 values, native C included where it runs;
 * returns how many were checked.
 */
export function checkOutputs(plan, native) {
  const e = 16;
  const n = 2 ** e;
  const out = new Float32Array(n);
  let checked = 0;
  for (const law of LAWS) {
    const shape = law.shapeFor(n);
    const params = law.paramsFor(shape);
    const ctx = { n, shape, params, out };
    const base = expectation(law.kind, law.preset ? law.initializer.distribution(shape) : params);
    for (const c of contendersOf(law)) {
      if (!plan.some((id) => id.startsWith(`single/${law.key}/${c.key}/`))) continue;
      if (c.make(law, ctx) === null) continue;
      const expect = scaleExpect(base, c.expectScale ? c.expectScale(law) : 1);
      // Other libraries round their float64 bounds their own way: allow a 1e-6 relative slack.
      checkValues(c.values(law, ctx), n, expect, `${law.key}/${c.key}`, c.family === 'field' ? 1e-6 : 0);
      checked++;
    }
    if (native.available && plan.some((id) => id.startsWith(`single/${law.key}/native/`))) {
      // float32 arithmetic from float32 parameters: the same 1e-6 slack as the field for the bounds.
      checkValues(native.values(law.kind, params, n), n, base, `${law.key}/native`, 1e-6);
      checked++;
    }
  }
  return checked;
}
