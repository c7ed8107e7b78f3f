// Decoders of 16-bit float patterns by the textbook formulas: references independent of the
// package's own (src/io/formats.ts) and of its wasm rounding.

/** The value of IEEE binary16 bits. */
export function float16Value(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 31) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** The value of bfloat16 bits: the top half of a float32. */
export const bfloat16Value = (bits: number): number => new Float32Array(new Uint32Array([bits << 16]).buffer)[0]!;
