// Number and markdown formatting shared by the progress lines and the report.

export const MIB = 2 ** 20;

export function fmtRate(x) {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

export function fmtRatio(x) {
  return `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`;
}

/** "†" after a figure whose case stayed disturbed by other load in every attempt. */
export const mark = (c) => (c && c.disturbed ? '†' : '');
export const fmtMiB = (bytes) => `${(bytes / MIB).toFixed(1)} MiB`;
export const line = (cells) => `| ${cells.join(' | ')} |`;
/** Markdown-safe text: `*` escaped (xoshiro128** would otherwise open emphasis). */
export const mdText = (text) => text.replace(/\*/g, '\\*');
export const alignRow = (k, right) => line([...Array(k).fill('---'), ...Array(right).fill('---:')]);

/** One progress line on stderr. */
export const progress = (text) => process.stderr.write(`  ${text}\n`);
