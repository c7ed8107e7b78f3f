// What a bundler ships for `import { glorotUniform } from 'nninit'` (scripts/bundle-size.mjs: Vite,
// minified, code splitting, the built package): the JavaScript a page loads first stays within its
// budget, and the threads build and worker pool are left to load on the first threaded call.
import { describe, expect, it } from 'vitest';
import { INITIAL_CHUNK_BUDGET_BYTES, measureBundle } from '../scripts/bundle-size.mjs';

describe('bundle size', () => {
  it(`the initial chunk is at most ${INITIAL_CHUNK_BUDGET_BYTES / 1024} KB gzipped; threads load later`, async () => {
    const { initial, later } = await measureBundle();
    const gzipped = initial.reduce((sum, chunk) => sum + chunk.gzipBytes, 0);
    expect(gzipped).toBeGreaterThan(0);
    expect(gzipped).toBeLessThanOrEqual(INITIAL_CHUNK_BUDGET_BYTES);
    // The threads build (about 12 KB gzipped) and the pool are chunks of their own.
    expect(later.some((chunk) => chunk.file.includes('wasm-threads-bytes'))).toBe(true);
    expect(later.some((chunk) => chunk.file.includes('pool'))).toBe(true);
  }, 60_000);
});
