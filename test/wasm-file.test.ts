// 'nninit/wasm-file': the same API with the wasm fetched (browsers) or read (Node) from separate
// files instead of embedded. Runs in Node and in Chromium; this file imports only that entry, so
// its module instance has the file source. Values must equal the pinned digests. Threads from
// the file: test/package.node.test.ts (Node) and test/built-page.playwright.test.ts (Chromium).
import { describe, expect, it } from 'vitest';
import * as nn from '../src/wasm-file.js';
// After wasm-file.js: these subpaths set the embedded source only when none is set (it is).
import * as jax from '../src/jax.js';
import * as torch from '../src/torch.js';
import { digestCases, sha256 } from './helpers/digest-cases.mjs';
import pinned from './stream-v2.digests.json' with { type: 'json' };

describe('nninit/wasm-file', () => {
  it('asks for ready() before the first synchronous call; the async forms load the file themselves', async () => {
    expect(() => nn.glorotUniform({ seed: 1 }).sample([4])).toThrow(
      /'nninit\/wasm-file' loads its WebAssembly module asynchronously: `await ready\(\)` before the first synchronous call/,
    );
    const early = await nn.glorotUniform({ seed: 1 }).sampleAsync([4]);
    await nn.ready();
    expect(nn.glorotUniform({ seed: 1 }).sample([4])).toEqual(early);
  });

  it('gives the pinned digests for every case (the file source stays the one in use)', async () => {
    await nn.ready();
    const digests = pinned.digests as Record<string, string>;
    for (const [name, make] of Object.entries(digestCases(nn, torch, jax)))
      expect([name, await sha256(make())]).toEqual([name, digests[name]]);
  });
});
