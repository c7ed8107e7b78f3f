// Snapshot digests: any change to a kernel, a parameter rounding or the seeding fails here.
// The pinned values are stream contract v2; change them only with a new format version.
import { describe, expect, it } from 'vitest';
import * as nn from '../src/index.js';
import * as jax from '../src/jax.js';
import * as torch from '../src/torch.js';
import { digestCases, sha256 } from './helpers/digest-cases.mjs';
import pinned from './stream-v2.digests.json' with { type: 'json' };

describe('stream contract v2 digests', () => {
  const cases = Object.entries(digestCases(nn, torch, jax));

  it('pins every case and the format version', () => {
    expect(pinned.streamFormatVersion).toBe(nn.STREAM_FORMAT_VERSION);
    expect(Object.keys(pinned.digests).sort()).toEqual(cases.map(([name]) => name).sort());
  });

  it.each(cases)('%s', async (name, make) => {
    expect(await sha256(make())).toBe((pinned.digests as Record<string, string>)[name]);
  });
});
