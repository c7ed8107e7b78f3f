// The build says nothing a user should ignore, and builds what ships: asc compiles each target of
// asconfig.json without printing a word, to exactly the bytes `npm run build` wrote to build/.
// (asc's `converge` re-optimizes until the module stops shrinking and keeps the last, larger
// round, printing "Last converge was suboptimal."; asconfig.json leaves it off.)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import asc from 'assemblyscript/asc';
import { afterAll, describe, expect, it } from 'vitest';

const tmp = mkdtempSync(path.join(tmpdir(), 'nninit-asc-'));

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the wasm build', () => {
  it.each([
    ['release', 'nninit.wasm'],
    ['threads', 'nninit-threads.wasm'],
  ])('asc compiles the %s target silently, to the bytes of build/%s', async (target, file) => {
    const stdout = asc.createMemoryStream();
    const stderr = asc.createMemoryStream();
    const outFile = path.join(tmp, file);
    const { error } = await asc.main(
      ['assembly/index.ts', '--target', target, '--outFile', outFile, '--textFile', `${outFile}.wat`],
      { stdout, stderr },
    );
    expect(error).toBeNull();
    expect(stderr.toString()).toBe('');
    expect(stdout.toString()).toBe('');
    expect(readFileSync(outFile).equals(readFileSync(new URL(`../build/${file}`, import.meta.url)))).toBe(true);
  });
});
