import type * as nninit from '../../src/index.js';
import type * as nninitJax from '../../src/jax.js';
import type * as nninitTorch from '../../src/torch.js';

/** Named fixed-seed outputs that pin stream contract v2. */
export function digestCases(
  nn: typeof nninit,
  torch: typeof nninitTorch,
  jax: typeof nninitJax,
): Record<string, () => Float32Array | Uint32Array>;
/** Lower-case hex SHA-256 of a typed array's bytes. */
export function sha256(array: ArrayBufferView): Promise<string>;
