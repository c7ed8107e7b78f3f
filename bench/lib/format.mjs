// Number and markdown formatting shared by the progress lines and the report.

export const MIB = 2 ** 20;

export function fmtRate(x) {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

export function fmtRatio(x) {
  return `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`;
}

/** "†" after a figure whose case had too few rounds undisturbed by other load (all rounds used). */
export const mark = (c) => (c && c.disturbed ? '†' : '');
export const fmtMiB = (bytes) => `${(bytes / MIB).toFixed(1)} MiB`;
export const line = (cells) => `| ${cells.join(' | ')} |`;
/** Markdown-safe text: `*` escaped (xoshiro128** would otherwise open emphasis). */
export const mdText = (text) => text.replace(/\*/g, '\\*');
export const alignRow = (k, right) => line([...Array(k).fill('---'), ...Array(right).fill('---:')]);

/** One progress line on stderr. */
export const progress = (text) => process.stderr.write(`  ${text}\n`);

/** A ratio without its sign: 2 decimals below 10, 1 above. */
const fmtNumber = (x) => (x >= 10 ? x.toFixed(1) : x.toFixed(2));

/** "min–max" of a { median, min, max } figure, each formatted by `fmt` (a ratio's digits by default). */
export const fmtRange = (x, fmt = fmtNumber) => `${fmt(x.min)}–${fmt(x.max)}`;

/** "median× (min–max)" of a per-round ratio, "—" when absent. */
export const fmtPaired = (x) => (x ? `${fmtRatio(x.median)} (${fmtRange(x)})` : '—');
