// Error messages that name the option and show the value, as stdlib and Keras do.

/** The prototype every typed array class inherits from. */
const TypedArray = Object.getPrototypeOf(Int8Array) as abstract new () => ArrayBufferView;

/**
 * Renders a value the way a user would write it: `42n`, `"fan_sum"`, `[3, -1]`, `Float64Array(4)`.
 * Arrays are shown two levels deep (`[[[…]]]`), so deeply nested or cyclic ones render too.
 */
export function show(value: unknown, depth = 0): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (Array.isArray(value)) {
    if (depth === 2) return value.length === 0 ? '[]' : '[…]';
    const items = value.slice(0, 8).map((item) => show(item, depth + 1));
    if (value.length > 8) items.push('…');
    return `[${items.join(', ')}]`;
  }
  if (ArrayBuffer.isView(value)) {
    const length = (value as unknown as { length?: number }).length ?? value.byteLength;
    return `${value.constructor.name}(${length})`;
  }
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') {
    const name = (value as object).constructor?.name;
    // A Proxy of a typed array passes `instanceof` but is no typed array (ArrayBuffer.isView is false).
    if (value instanceof TypedArray) return `a Proxy or other object posing as a ${name}`;
    return name && name !== 'Object' ? `a ${name}` : 'an object';
  }
  return String(value);
}

/** A TypeError from `where` about `option`: "`option` must be <expected>; got <value>". */
export function typeError(where: string, option: string, expected: string, value: unknown): TypeError {
  return new TypeError(`${where}: \`${option}\` must be ${expected}; got ${show(value)}`);
}

/** A RangeError from `where` about `option`: "`option` must be <expected>; got <value>". */
export function rangeError(where: string, option: string, expected: string, value: unknown): RangeError {
  return new RangeError(`${where}: \`${option}\` must be ${expected}; got ${show(value)}`);
}

/**
 * Checks that `options` is undefined or a plain object whose keys are all in `known`, and returns
 * a snapshot of it: each option read once, arrays copied, so that changing the caller's object
 * later changes nothing.
 */
export function checkOptions(where: string, options: unknown, known: readonly string[]): Record<string, unknown> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw typeError(where, 'options', 'an object', options);
  }
  const snapshot: Record<string, unknown> = {};
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      const valid = known.length > 0 ? `valid options are ${known.join(', ')}` : 'it takes no options';
      throw new TypeError(`${where}: unknown option \`${key}\`; ${valid}`);
    }
    const value = (options as Record<string, unknown>)[key];
    snapshot[key] = Array.isArray(value) ? Array.prototype.slice.call(value) : value;
  }
  return snapshot;
}

/** A finite number option, or its default when undefined or null (null means omitted, as in Keras configs). */
export function finiteNumber(where: string, option: string, value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number') throw typeError(where, option, 'a number', value);
  if (!Number.isFinite(value)) throw rangeError(where, option, 'a finite number', value);
  return value;
}
