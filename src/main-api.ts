// The main entry's API, which its three loaders share: 'nninit' (index.ts, wasm embedded),
// 'nninit/wasm-file' (wasm-file.ts, wasm in separate files) and the workerd condition
// (workerd.ts). Importing this alone sets no wasm source.

export { ready } from './bridge/runtime.js';
export {
  Initializer,
  WasmTensor,
  type RangeOptions,
  type FillOptions,
  type ThreadOptions,
} from './core/initializer.js';
export { terminate, type Threads, AUTO_THREADS_MIN_ELEMENTS, MAX_THREADS } from './bridge/threads.js';
// The Keras catalogue: its factories, computeFans and their option types.
export * from './conventions/keras.js';
export { type Fans, type FanAxes, type FanGrouping } from './conventions/fans.js';
export { SeedGenerator, type Seed, type SeedGeneratorConfig, type SeedGeneratorJSON } from './core/seed.js';
export { Xoshiro128 } from './core/xoshiro.js';
export { type Shape } from './laws/shape.js';
export { shardOf, type ShardOptions, type Slice } from './laws/slice.js';
export {
  type Distribution,
  TRUNCATED_STD_FACTOR,
  NORMAL_TAIL_SIGMAS,
  STREAM_FORMAT_VERSION,
} from './laws/distribution.js';
