// Model specs: a JSON list of tensors (name, shape, initializer with its parameters, dtype),
// validated with messages that say where, and resolved into initializers with a documented
// per-tensor seed. Initializer names: see `resolveInitializer`. No file system here.

import { type DType, DTYPES, parseDType } from '../laws/dtype.js';
import { isKerasName, kerasFactory } from '../conventions/catalogue.js';
import { KERAS } from '../conventions/registry.js';
import type { Initializer } from '../core/initializer.js';
import { sizeOf } from '../laws/shape.js';
import { tensorNameProblem } from './formats.js';
import { preview } from './text.js';

/** A spec tensor, resolved. */
export interface SpecTensor {
  readonly name: string;
  readonly shape: readonly number[];
  /** The canonical nninit factory name (`randomNormal`). */
  readonly initializer: string;
  /** The options passed to the factory (the seed excluded). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly dtype: DType;
  /** The seed this tensor is sampled with, or null for initializers that take none. */
  readonly seed: bigint | null;
  readonly size: number;
  readonly bytes: number;
  readonly init: Initializer;
}

export interface ModelSpec {
  readonly name: string;
  readonly description: string;
  readonly seed: bigint;
  readonly tensors: readonly SpecTensor[];
  readonly parameters: number;
  readonly bytes: number;
}

/** A malformed spec: the message starts with where (`tensors[3] "h.0.attn.c_attn.weight": shape[1]`). */
export class SpecError extends Error {
  override name = 'SpecError';
}

/** An initializer name that nninit does not have; the message suggests the nearest ones. */
export class UnknownInitializerError extends Error {
  override name = 'UnknownInitializerError';
  constructor(
    readonly given: string,
    readonly suggestions: readonly string[],
    where = '',
  ) {
    super(
      `${where}unknown initializer ${preview(given)}` +
        (suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : '') +
        ` (\`nninit sample --help\` lists them)`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Initializer names

/** Lower case without separators: `glorot_uniform`, `GlorotUniform`, `glorotUniform` → `glorotuniform`. */
const normalize = (name: string): string => name.toLowerCase().replace(/[_\-\s]/g, '');

/** The initializer names this build knows, canonical (camelCase) form, in catalogue order. */
export function initializerNames(): string[] {
  return Object.keys(KERAS);
}

/**
 * Resolves an initializer name to nninit's canonical factory name. Accepted: the factory name
 * (`glorotUniform`), Keras's class name (`GlorotUniform`), Keras's snake_case id
 * (`glorot_uniform`) and Keras's aliases (`normal`, `uniform`, `zero`, `one`). Throws
 * UnknownInitializerError with the nearest names otherwise.
 */
export function resolveInitializer(name: string, where = ''): string {
  const key = normalize(name);
  const names = initializerNames();
  for (const canonical of names) if (normalize(canonical) === key) return canonical;
  for (const entry of Object.values(KERAS)) if (entry.aliases.some((a) => normalize(a) === key)) return entry.name;
  throw new UnknownInitializerError(name, suggest(name, names, normalize), where);
}

/** Names longer than this get no suggestions: every name nninit suggests is far shorter. */
const SUGGEST_MAX_LENGTH = 64;

/**
 * The candidates nearest to `given` by edit distance between their `key`s: within a third of the
 * length (at least 2 edits), or the closest ones that share the first four characters; the
 * closest first, at most three. Bounded: a given name longer than SUGGEST_MAX_LENGTH is not
 * compared (a 4 MB name would take seconds).
 */
export function suggest(
  given: string,
  candidates: readonly string[],
  key: (name: string) => string = (n) => n,
): string[] {
  const k = key(given);
  if (k.length === 0 || k.length > SUGGEST_MAX_LENGTH) return [];
  const limit = Math.max(2, Math.ceil(k.length / 3));
  const scored = candidates.map((n) => ({ n, key: key(n) })).map((c) => ({ ...c, d: editDistance(k, c.key) }));
  const best = Math.min(...scored.map((s) => s.d));
  return scored
    .filter((s) => s.d <= limit || (s.d === best && s.key.includes(k.slice(0, 4))))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((s) => s.n);
}

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** Builds an initializer from a canonical name, options and a seed (ignored by seedless ones). */
export function makeInitializer(canonical: string, params: Readonly<Record<string, unknown>>, seed: bigint | null) {
  if (!isKerasName(canonical)) throw new UnknownInitializerError(canonical, []);
  const factory = kerasFactory(canonical);
  if (!takesSeed(canonical) || seed === null) return factory({ ...params });
  return factory({ ...params, seed });
}

/** Whether the factory takes a seed. */
export const takesSeed = (canonical: string): boolean => isKerasName(canonical) && KERAS[canonical].seeded;

// ---------------------------------------------------------------------------------------------
// Per-tensor seeds

const MASK64 = (1n << 64n) - 1n;

/** SplitMix64's output function (Vigna), on 64-bit bigints. */
export function mix64(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/** FNV-1a, 64-bit, over the UTF-8 bytes of `text`. */
export function fnv1a64(text: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) h = ((h ^ BigInt(byte)) * 0x100000001b3n) & MASK64;
  return h;
}

/**
 * The seed of the tensor `name` in a model run with seed `seed`:
 * `mix64(seed XOR fnv1a64(utf8(name)))`. It depends on the name only, so adding, removing or
 * reordering other tensors leaves a tensor's values unchanged, and tensors differ from each other.
 */
export function tensorSeed(seed: bigint, name: string): bigint {
  return mix64((seed & MASK64) ^ fnv1a64(name));
}

// ---------------------------------------------------------------------------------------------
// Spec parsing

const TOP_KEYS = ['name', 'model', 'description', 'source', 'parameters', 'seed', 'dtype', 'tensors'];
const TENSOR_KEYS = ['name', 'shape', 'initializer', 'params', 'dtype', 'seed'];

/**
 * The text of a spec file, decoded as strict UTF-8 (a leading byte-order mark is dropped): invalid
 * UTF-8 is a SpecError that says where, never a silent U+FFFD.
 */
export function decodeSpec(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Walk the lenient decoding: the first U+FFFD that the bytes do not spell out (EF BF BD) is
    // where the invalid bytes start.
    const text = new TextDecoder('utf-8').decode(bytes);
    let offset = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    let line = 1;
    let column = 1;
    for (const ch of text) {
      if (ch === '\ufffd' && !(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) {
        const byte = bytes[offset]!.toString(16).padStart(2, '0');
        throw new SpecError(
          `${file}: line ${line}, column ${column}: not valid UTF-8 (byte 0x${byte}); save the spec as UTF-8`,
        );
      }
      const codePoint = ch.codePointAt(0)!;
      offset += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
      if (ch === '\n') {
        line++;
        column = 1;
      } else column++;
    }
    throw new SpecError(`${file}: not valid UTF-8`);
  }
}

/** Parses JSON text, reporting a syntax error as `file: line L, column C: message`. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const m = /position (\d+)/.exec(message);
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos);
      const line = before.split('\n').length;
      const column = pos - before.lastIndexOf('\n');
      throw new SpecError(`${file}: line ${line}, column ${column}: invalid JSON: ${message}`);
    }
    throw new SpecError(`${file}: invalid JSON: ${message}`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function seedOf(value: unknown, where: string): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'string' && /^\d+$/.test(value) && BigInt(value) <= MASK64) return BigInt(value);
  throw new SpecError(
    `${where}: must be an integer in [0, 2^64) (a number, or a decimal string); got ${preview(value)}`,
  );
}

function dtypeOf(value: unknown, where: string): DType {
  const d = typeof value === 'string' ? parseDType(value) : undefined;
  if (d === undefined) {
    throw new SpecError(`${where}: must be one of ${Object.keys(DTYPES).join(', ')}; got ${preview(value)}`);
  }
  return d;
}

export interface ResolveOptions {
  /** The run's seed; default: the spec's `seed`, else 0. */
  seed?: bigint;
  /** Overrides every tensor's dtype. */
  dtype?: DType;
}

/**
 * Validates a parsed spec and resolves every tensor. `file` names the spec in messages.
 *
 * Spec: `{ "name"?, "description"?, "parameters"?: expected total, "seed"?, "dtype"?, "tensors": [...] }`,
 * each tensor `{ "name", "shape": [dims], "initializer": "glorot_uniform", "params"?: {...},
 * "dtype"?: "float32" | "float64" | "float16" | "bfloat16", "seed"? }`. `tensors` may also be
 * an object mapping each name to the rest. (examples/resnet50.json is a valid spec.)
 */
export function resolveSpec(raw: unknown, file: string, options: ResolveOptions = {}): ModelSpec {
  if (!isObject(raw)) throw new SpecError(`${file}: the spec must be a JSON object; got ${preview(raw)}`);
  for (const key of Object.keys(raw)) {
    if (!TOP_KEYS.includes(key)) {
      throw new SpecError(
        `${file}: unknown key ${preview(key)} at the top level; valid keys are ${TOP_KEYS.join(', ')}`,
      );
    }
  }
  const name = raw.name ?? raw.model ?? file;
  if (typeof name !== 'string') throw new SpecError(`${file}: "name" must be a string; got ${preview(name)}`);
  const description = raw.description ?? raw.source ?? '';
  if (typeof description !== 'string') {
    throw new SpecError(`${file}: "description" must be a string; got ${preview(description)}`);
  }
  const seed = options.seed ?? (raw.seed === undefined ? 0n : seedOf(raw.seed, `${file}: "seed"`));
  const defaultDtype = raw.dtype === undefined ? 'float32' : dtypeOf(raw.dtype, `${file}: "dtype"`);

  let list: [string, unknown][];
  if (Array.isArray(raw.tensors)) {
    list = raw.tensors.map((t, i) => [`tensors[${i}]`, t]);
  } else if (isObject(raw.tensors)) {
    list = Object.entries(raw.tensors).map(([k, t]) => [`tensors[${preview(k)}]`, isObject(t) ? { name: k, ...t } : t]);
  } else {
    throw new SpecError(
      `${file}: "tensors" must be an array of tensors or an object of them; got ${preview(raw.tensors)}`,
    );
  }
  if (list.length === 0) throw new SpecError(`${file}: "tensors" is empty`);

  const names = new Set<string>();
  const tensors: SpecTensor[] = [];
  let parameters = 0;
  let bytes = 0;
  for (const [path, t] of list) {
    let where = `${file}: ${path}`;
    if (!isObject(t)) throw new SpecError(`${where}: must be an object; got ${preview(t)}`);
    if (typeof t.name !== 'string') throw new SpecError(`${where}: "name" must be a string; got ${preview(t.name)}`);
    const problem = tensorNameProblem(t.name);
    if (problem !== undefined) throw new SpecError(`${where}: "name" ${preview(t.name)} ${problem}`);
    where = `${where} ${preview(t.name)}`;
    if (names.has(t.name)) throw new SpecError(`${where}: duplicate tensor name`);
    names.add(t.name);
    for (const key of Object.keys(t)) {
      if (!TENSOR_KEYS.includes(key)) {
        throw new SpecError(`${where}: unknown key ${preview(key)}; valid keys are ${TENSOR_KEYS.join(', ')}`);
      }
    }
    if (!Array.isArray(t.shape))
      throw new SpecError(`${where}: "shape" must be an array of dimensions; got ${preview(t.shape)}`);
    const shape = t.shape.map((d: unknown, i: number) => {
      if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
        throw new SpecError(`${where}: shape[${i}] must be a non-negative integer; got ${preview(d)}`);
      }
      return d;
    });
    let size: number;
    try {
      size = sizeOf(shape, where);
    } catch {
      throw new SpecError(`${where}: the shape has more than 2^53 − 1 elements`);
    }
    if (typeof t.initializer !== 'string') {
      throw new SpecError(
        `${where}: "initializer" must be a name like "glorot_uniform"; got ${preview(t.initializer)}`,
      );
    }
    let canonical: string;
    try {
      canonical = resolveInitializer(t.initializer, `${where}: `);
    } catch (error) {
      throw new SpecError((error as Error).message); // in a spec, an unknown name is a spec error
    }
    const params = t.params ?? {};
    if (!isObject(params)) throw new SpecError(`${where}: "params" must be an object; got ${preview(params)}`);
    if ('seed' in params) throw new SpecError(`${where}: put the seed in the tensor's "seed", not in "params"`);
    const dtype = options.dtype ?? (t.dtype === undefined ? defaultDtype : dtypeOf(t.dtype, `${where}: "dtype"`));
    const tensorSeedValue = !takesSeed(canonical)
      ? null
      : t.seed === undefined
        ? tensorSeed(seed, t.name)
        : seedOf(t.seed, `${where}: "seed"`);
    let init: Initializer;
    try {
      init = makeInitializer(canonical, params, tensorSeedValue);
      init.distribution(shape); // shape-dependent checks (fans, float32 ranges) up front
    } catch (error) {
      throw new SpecError(`${where}: ${(error as Error).message}`);
    }
    const tensorBytes = size * DTYPES[dtype].bytes;
    tensors.push({
      name: t.name,
      shape,
      initializer: canonical,
      params,
      dtype,
      seed: tensorSeedValue,
      size,
      bytes: tensorBytes,
      init,
    });
    parameters += size;
    bytes += tensorBytes;
  }
  if (raw.parameters !== undefined && raw.parameters !== parameters) {
    throw new SpecError(
      `${file}: "parameters" says ${preview(raw.parameters)} but the tensors add up to ${parameters}`,
    );
  }
  return { name, description, seed, tensors, parameters, bytes };
}
