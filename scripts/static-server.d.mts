export interface StaticServer {
  /** Base URL, ending with a slash. */
  url: string;
  close(): Promise<void>;
}
/** Serves `root` on 127.0.0.1 with `headers` on every response; port 0 picks a free port. */
export function serveStatic(
  root: string,
  options?: { headers?: Record<string, string>; port?: number; host?: string },
): Promise<StaticServer>;
