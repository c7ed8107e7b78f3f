/** Flags for headless Chromium as root on a machine with a closed network. */
export const CHROMIUM_ARGS: string[];
/** The Chromium binary: $CHROMIUM_PATH, else `chromium` or `chromium-browser` on PATH; undefined if none. */
export function findChromium(): string | undefined;
/** Launch options for playwright-core's `chromium.launch`; throws if no Chromium is found. */
export function chromiumLaunchOptions(): { executablePath: string; args: string[]; headless: true };
/** COOP + COEP: the headers that make a page cross-origin isolated. */
export const ISOLATION_HEADERS: Record<string, string>;
