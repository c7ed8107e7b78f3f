// Copies bench/results/latest-node.md into README.md, between the lines
//   <!-- bench:node:start -->  and  <!-- bench:node:end -->
// The block is formatted with the repository's Prettier settings on the way in (tables padded), so
// `prettier --check .` stays clean. Nothing outside the markers changes. Exits non-zero if the
// results or the markers are missing.
//
//   node bench/update-readme.mjs [path/to/README.md]   (default: the package's README.md)

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const START = '<!-- bench:node:start -->';
const END = '<!-- bench:node:end -->';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const resultsPath = path.join(benchDir, 'results', 'latest-node.md');
const readmePath = path.resolve(process.argv[2] ?? path.join(benchDir, '..', 'README.md'));

function fail(message) {
  console.error(`update-readme: ${message}`);
  process.exit(1);
}

if (!existsSync(resultsPath)) fail(`${resultsPath} does not exist; run \`node bench/run.mjs\` first`);
if (!existsSync(readmePath)) fail(`${readmePath} does not exist`);

const raw = readFileSync(resultsPath, 'utf8');
const prettierOptions = (await prettier.resolveConfig(readmePath)) ?? {};
const results = (await prettier.format(raw, { ...prettierOptions, parser: 'markdown' })).trim();
const readme = readFileSync(readmePath, 'utf8');

const count = (marker) => readme.split(marker).length - 1;
const starts = count(START);
const ends = count(END);
if (starts === 0 || ends === 0) {
  const missing = [starts === 0 && START, ends === 0 && END].filter(Boolean).join(' and ');
  fail(`${readmePath} lacks the marker ${missing}; add both markers where the Node benchmark table belongs`);
}
if (starts > 1 || ends > 1) fail(`${readmePath} must contain ${START} and ${END} exactly once each`);
const from = readme.indexOf(START) + START.length;
const to = readme.indexOf(END);
if (to < from) fail(`${readmePath}: ${END} comes before ${START}`);

const updated = `${readme.slice(0, from)}\n\n${results}\n\n${readme.slice(to)}`;
if (updated === readme) {
  console.log(`update-readme: ${path.relative(process.cwd(), readmePath) || readmePath} is already up to date`);
} else {
  writeFileSync(readmePath, updated);
  console.log(`update-readme: wrote bench/results/latest-node.md into ${readmePath}`);
}

// The browser table (bench/run-browser.mjs): results/latest-browser.md between
// <!-- bench:browser:start --> and <!-- bench:browser:end -->, when both the file and the markers exist.
const browserResults = path.join(benchDir, 'results', 'latest-browser.md');
const BROWSER_START = '<!-- bench:browser:start -->';
const BROWSER_END = '<!-- bench:browser:end -->';
const current = readFileSync(readmePath, 'utf8');
if (existsSync(browserResults) && current.includes(BROWSER_START) && current.includes(BROWSER_END)) {
  const head = current.slice(0, current.indexOf(BROWSER_START) + BROWSER_START.length);
  const tail = current.slice(current.indexOf(BROWSER_END));
  const next = `${head}\n\n${readFileSync(browserResults, 'utf8').trim()}\n\n${tail}`;
  if (next !== current) {
    writeFileSync(readmePath, next);
    console.log(`update-readme: wrote bench/results/latest-browser.md into ${readmePath}`);
  }
}
