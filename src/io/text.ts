// Values quoted in messages, cut short: a name in a spec or on a command line may be megabytes long.

/** A value as JSON for a message, cut to 60 characters. */
export function preview(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? s.slice(0, 57) + '…' : s;
}
