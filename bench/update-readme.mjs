// Copies the latest benchmark results into bench/README.md, each between its markers:
//   <!-- bench:node:start -->        … <!-- bench:node:end -->        results/latest-node.md (required)
//   <!-- bench:browser:start -->     … <!-- bench:browser:end -->     results/latest-browser.md
//   <!-- bench:orthogonal:start -->  … <!-- bench:orthogonal:end -->  results/orthogonal-latest.md
// Each block is formatted with the repository's Prettier settings on the way in (tables padded), so
// `prettier --check .` stays clean; headings in a results file are demoted below bench/README.md's
// own. Nothing outside the markers changes. Exits non-zero if the node results or a required pair of
// markers is missing.
//
//   node bench/update-readme.mjs [path/to/README.md]   (default: bench/README.md)

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const BLOCKS = [
  { name: 'node', file: 'latest-node.md', required: true },
  { name: 'browser', file: 'latest-browser.md', required: false },
  { name: 'orthogonal', file: 'orthogonal-latest.md', required: false },
];

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const readmePath = path.resolve(process.argv[2] ?? path.join(benchDir, 'README.md'));
const shown = path.relative(process.cwd(), readmePath) || readmePath;

function fail(message) {
  console.error(`update-readme: ${message}`);
  process.exit(1);
}

if (!existsSync(readmePath)) fail(`${readmePath} does not exist`);
const prettierOptions = (await prettier.resolveConfig(readmePath)) ?? {};
let readme = readFileSync(readmePath, 'utf8');
const original = readme;

for (const { name, file, required } of BLOCKS) {
  const resultsPath = path.join(benchDir, 'results', file);
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const count = (marker) => readme.split(marker).length - 1;
  const [starts, ends] = [count(start), count(end)];
  if (!existsSync(resultsPath)) {
    if (required) fail(`${resultsPath} does not exist; run \`node bench/run.mjs\` first`);
    continue;
  }
  if (starts === 0 || ends === 0) {
    if (!required) continue;
    const missing = [starts === 0 && start, ends === 0 && end].filter(Boolean).join(' and ');
    fail(`${readmePath} lacks the marker ${missing}; add both markers where the ${name} results belong`);
  }
  if (starts > 1 || ends > 1) fail(`${readmePath} must contain ${start} and ${end} exactly once each`);
  const from = readme.indexOf(start) + start.length;
  const to = readme.indexOf(end);
  if (to < from) fail(`${readmePath}: ${end} comes before ${start}`);
  const raw = readFileSync(resultsPath, 'utf8').replace(/^(#{1,3}) /gm, '$1### ');
  const block = (await prettier.format(raw, { ...prettierOptions, parser: 'markdown' })).trim();
  const next = `${readme.slice(0, from)}\n\n${block}\n\n${readme.slice(to)}`;
  if (next !== readme) console.log(`update-readme: results/${file} → ${shown}`);
  readme = next;
}

if (readme === original) console.log(`update-readme: ${shown} is already up to date`);
else writeFileSync(readmePath, readme);
