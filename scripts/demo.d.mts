import type { Browser, Page } from 'playwright-core';
/** Builds demo/ into demo/dist; returns that directory. */
export function buildDemo(): Promise<string>;
/** Opens the served demo, picks an initializer, waits for the histogram, runs the benchmark. */
export function driveDemo(
  browser: Browser,
  url: string,
  options?: { initializer?: string; benchExponent?: string },
): Promise<Page>;
