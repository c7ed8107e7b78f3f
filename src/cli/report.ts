// What the CLI tells people: numbers and sizes as text, colour (only on a terminal, never with
// NO_COLOR), and the progress display.

/** Human-readable byte counts: 1.23 GB (SI units, as disk and network rates are quoted). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)} ${units[u]}`;
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s - 60 * m)).padStart(2, '0')}s`;
}

/** A statistic: six significant digits, exponents for the very small and large; `—` for none (an empty tensor). */
export function formatValue(x: number): string {
  if (Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e6 ? x.toPrecision(6) : x.toExponential(4);
}

/** `1 value`, `9 values`. */
export const plural = (n: number, noun: string): string => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;

/** Whether to colour what goes to `stream`: a terminal, and NO_COLOR unset or empty (no-color.org), and TERM not dumb. */
export function colours(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
}

const SGR = { error: '1;31', note: '1;33' } as const;

/** `text` in the style's colour when `stream` takes colour, else as it is. */
export function paint(stream: NodeJS.WriteStream, style: keyof typeof SGR, text: string): string {
  return colours(stream) ? `\x1b[${SGR[style]}m${text}\x1b[0m` : text;
}

export interface Progress {
  /** Called after every chunk with the bytes written so far and the tensor being written. */
  update(doneBytes: number, tensor: string): void;
  finish(): void;
}

/**
 * A progress display on `stream`: a redrawn bar on a terminal (at most ten times a second), else
 * a line each time the output passes a tenth of its size, at most one per update: a small output
 * that is written in one chunk gets one line, not ten.
 */
export function progress(totalBytes: number, stream: NodeJS.WriteStream, enabled: boolean): Progress {
  const t0 = performance.now();
  let lastDraw = 0;
  let shownDecile = 0;
  const tty = stream.isTTY === true;
  const rateOf = (done: number) => done / Math.max(1e-9, (performance.now() - t0) / 1000);
  return {
    update(done: number, tensor: string) {
      if (!enabled || totalBytes === 0) return;
      const fraction = done / totalBytes;
      const rate = rateOf(done);
      const eta = (totalBytes - done) / rate;
      if (tty) {
        const now = performance.now();
        if (now - lastDraw < 100 && done < totalBytes) return;
        lastDraw = now;
        const width = 28;
        const filled = Math.round(fraction * width);
        const columns = stream.columns ?? 100;
        const line =
          `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(100 * fraction).toFixed(1).padStart(5)}%  ` +
          `${formatBytes(done)}/${formatBytes(totalBytes)}  ${formatBytes(rate)}/s  ETA ${formatSeconds(eta)}  ${tensor}`;
        stream.write(`\r${line.slice(0, columns - 1).padEnd(columns - 1)}`);
        return;
      }
      const decile = Math.min(10, Math.floor(fraction * 10));
      if (decile <= shownDecile) return;
      shownDecile = decile;
      stream.write(
        `progress: ${decile * 10}% (${formatBytes(done)} of ${formatBytes(totalBytes)}), ` +
          `${formatBytes(rate)}/s, ETA ${formatSeconds(eta)}\n`,
      );
    },
    finish() {
      if (enabled && tty && totalBytes > 0) stream.write('\n');
    },
  };
}
