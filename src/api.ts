// The public API, shared by both entry points: 'nninit' (index.ts, wasm embedded) and
// 'nninit/wasm-file' (wasm-file.ts, wasm in separate files). Importing this alone sets no source.

export { ready } from './wasm.js';
export { Initializer, WasmTensor, type RangeOptions, type FillOptions, type ThreadOptions } from './initializer.js';
export { terminate, type Threads, AUTO_THREADS_MIN_ELEMENTS, MAX_THREADS } from './threads.js';
export {
  zeros,
  ones,
  constant,
  randomUniform,
  randomNormal,
  truncatedNormal,
  varianceScaling,
  glorotUniform,
  glorotNormal,
  heUniform,
  heNormal,
  lecunUniform,
  lecunNormal,
  xavierUniform,
  xavierNormal,
  kaimingUniform,
  kaimingNormal,
  orthogonal,
  identity,
  type OrthogonalOptions,
  type IdentityOptions,
  type ConstantOptions,
  type RandomUniformOptions,
  type RandomNormalOptions,
  type VarianceScalingOptions,
  type PresetOptions,
  type SeedOption,
  type FanMode,
  type VarianceDistribution,
} from './initializers.js';
export { computeFans, type Fans, type FanAxes, type FanGrouping } from './fans.js';
export { SeedGenerator, type Seed } from './seed.js';
export { Xoshiro128 } from './xoshiro.js';
export { type Shape } from './shape.js';
export { type Distribution, TRUNCATED_STD_FACTOR, NORMAL_TAIL_SIGMAS } from './distribution.js';

/** Version of the stream contract (docs/stream-format.md) this build implements. */
export const STREAM_FORMAT_VERSION = 2;
