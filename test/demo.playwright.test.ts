// The demo page (demo/, npm run demo) as a person would use it: built with Vite, served cross-origin
// isolated, opened in headless Chromium. Changing the initializer redraws the histogram (read
// back from the canvas) and the statistics, which must be plausible for the law; the live
// benchmark must report finite speeds. Saves test-results/demo.png.
import { mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions, ISOLATION_HEADERS } from '../scripts/chromium.mjs';
import { buildDemo, driveDemo } from '../scripts/demo.mjs';
import { serveStatic, type StaticServer } from '../scripts/static-server.mjs';

let browser: Browser;
let server: StaticServer;
let page: Page;

beforeAll(async () => {
  server = await serveStatic(await buildDemo(), { headers: ISOLATION_HEADERS });
  browser = await chromium.launch(chromiumLaunchOptions());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const number = async (selector: string): Promise<number> => Number(await page.getAttribute(selector, 'data-value'));

/** Pixels of the histogram canvas in the bar colour and in the density curve's colour. */
const canvasPixels = () =>
  page.evaluate(() => {
    const canvas = document.getElementById('histogram') as HTMLCanvasElement;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let bars = 0;
    let curve = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
      if (Math.abs(r - 0x8f) < 8 && Math.abs(g - 0xb3) < 8 && Math.abs(b - 0xf0) < 8) bars++;
      if (r > 180 && g < 110 && b < 90) curve++;
    }
    return { bars, curve, total: canvas.width * canvas.height };
  });

describe('demo page', () => {
  it('draws the histogram and plausible statistics as the initializer changes, and benchmarks', async () => {
    page = await driveDemo(browser, server.url, { initializer: 'heNormal', benchExponent: '18' });
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    expect(await page.textContent('#error')).toBe('');

    // heNormal on 3x3x64x128: fans (576, 1152), target std √(2/576).
    expect(await page.textContent('#fan-in')).toBe('576');
    expect(await page.textContent('#fan-out')).toBe('1152');
    expect(await number('#target-std')).toBeCloseTo(Math.sqrt(2 / 576), 6);
    expect(Math.abs((await number('#stat-std')) / (await number('#target-std')) - 1)).toBeLessThan(0.05);
    expect(Math.abs(await number('#stat-mean'))).toBeLessThan(0.05 * Math.sqrt(2 / 576));
    const bound = 2 * (Math.sqrt(2 / 576) / 0.87962566103423978);
    expect(await number('#stat-max')).toBeLessThan(bound);
    expect(await number('#stat-min')).toBeGreaterThan(-bound);
    let pixels = await canvasPixels();
    expect(pixels.bars / pixels.total).toBeGreaterThan(0.05);
    expect(pixels.curve).toBeGreaterThan(300);
    expect(await page.getAttribute('#histogram', 'data-outside')).toBe('0');

    // The benchmark ran: finite speeds and ratios, a threaded row since the page is isolated.
    for (const row of ['baseline', 'fill', 'threads']) {
      const rate = await number(`#bench-${row}`);
      expect(Number.isFinite(rate) && rate > 0).toBe(true);
    }
    expect(await number('#ratio-fill')).toBeGreaterThan(0);

    // Another initializer and shape: a uniform law, redrawn.
    await page.fill('#shape', '784x256');
    await page.selectOption('#initializer', 'glorotUniform');
    await page.waitForFunction(() => document.getElementById('law')!.textContent!.startsWith('U['));
    const limit = Math.sqrt(6 / (784 + 256));
    expect(await page.textContent('#fan-in')).toBe('784');
    expect(Math.abs((await number('#stat-std')) / (limit / Math.sqrt(3)) - 1)).toBeLessThan(0.05);
    expect(await number('#stat-max')).toBeLessThan(Math.fround(limit));
    expect(await number('#stat-min')).toBeGreaterThanOrEqual(-Math.fround(limit));
    pixels = await canvasPixels();
    expect(pixels.bars / pixels.total).toBeGreaterThan(0.05);

    // A bad shape shows the package's error, and the page keeps working.
    await page.fill('#shape', '3x-1');
    await page.click('#sample');
    await page.waitForSelector('body[data-state="error"]');
    expect(await page.textContent('#error')).toMatch(/shape/);
    await page.fill('#shape', '3x3x64x128');
    await page.selectOption('#initializer', 'truncatedNormal');
    await page.waitForFunction(() => document.body.dataset.state === 'ready');

    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/demo.png', fullPage: true });
    await page.close();
  });
});
