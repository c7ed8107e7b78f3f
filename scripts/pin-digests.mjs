// Writes test/stream-v2.digests.json from the built package. Run it only when the stream format
// version changes on purpose (docs/stream-format.md) or to pin newly added cases (then check that
// no existing digest changed); the tests never write this file.
import { writeFileSync } from 'node:fs';
import * as nn from 'nninit';
import * as jax from 'nninit/jax';
import * as torch from 'nninit/torch';
import { digestCases, sha256 } from '../test/helpers/digest-cases.mjs';

const digests = {};
for (const [name, make] of Object.entries(digestCases(nn, torch, jax))) digests[name] = await sha256(make());
const file = new URL('../test/stream-v2.digests.json', import.meta.url);
writeFileSync(file, JSON.stringify({ streamFormatVersion: nn.STREAM_FORMAT_VERSION, digests }, null, 2) + '\n');
console.log(`pinned ${Object.keys(digests).length} digests in ${file.pathname}`);
