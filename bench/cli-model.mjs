// Measures `nninit model` on a large spec: peak RSS and write rate, against the disk's own
// sequential write rate (dd with conv=fsync, same size, same directory).
//
//   node bench/cli-model.mjs [--spec gpt2-1b] [--dir DIR] [--runs N]
//
// Writes bench/results/cli-latest.md and prints it. Needs the built CLI (npm run build) and dd.
// Deletes what it writes. Runs alternate with dd, since a shared disk's speed drifts.

import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    spec: { type: 'string', default: 'gpt2-1b' },
    dir: { type: 'string', default: os.tmpdir() },
    runs: { type: 'string', default: '2' },
  },
});
const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const CLI = path.join(ROOT, 'dist', 'cli', 'main.js');
const out = path.join(args.dir, `nninit-bench-${process.pid}.safetensors`);
const ddOut = path.join(args.dir, `nninit-bench-${process.pid}.dd`);
const runs = Number(args.runs);

// Peak RSS of the CLI process, reported by the process itself at exit.
const rssHook = `data:text/javascript,${encodeURIComponent(
  "process.on('exit', () => process.stderr.write('maxrss_kib=' + process.resourceUsage().maxRSS + '\\n'));",
)}`;

function runNninit() {
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    ['--import', rssHook, CLI, 'model', args.spec, '-o', out, '-q', '--no-progress'],
    {
      encoding: 'utf8',
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(1);
  }
  const bytes = statSync(out).size;
  rmSync(out);
  return {
    seconds,
    bytes,
    rssKiB: Number(/maxrss_kib=(\d+)/.exec(r.stderr)[1]),
    reported: /throughput:\s+(.*)/.exec(r.stdout)[1],
  };
}

// The disk: dd of the same size in 4 MiB blocks, fsync'ed before dd exits.
function runDd(bytes) {
  const blocks = Math.ceil(bytes / (4 << 20));
  const t0 = performance.now();
  const r = spawnSync('dd', ['if=/dev/zero', `of=${ddOut}`, 'bs=4M', `count=${blocks}`, 'conv=fsync'], {
    encoding: 'utf8',
  });
  const seconds = (performance.now() - t0) / 1000;
  rmSync(ddOut, { force: true });
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(1);
  }
  return (blocks * (4 << 20)) / seconds;
}

// Alternate nninit and dd, so the (shared, variable) disk is measured at the same times.
const results = [];
const dd = [];
let fileBytes = 0;
for (let i = 0; i < runs; i++) {
  const r = runNninit();
  fileBytes = r.bytes;
  results.push(r);
  dd.push(runDd(fileBytes));
}
const blocks = Math.ceil(fileBytes / (4 << 20));

const mb = (bytesPerSecond) => `${(bytesPerSecond / 1e6).toFixed(0)} MB/s`;
const best = (xs) => Math.max(...xs);
const rates = results.map((r) => fileBytes / r.seconds);
const lines = [
  `\`nninit model ${args.spec}\` (${(fileBytes / 1e9).toFixed(2)} GB of safetensors) into ${args.dir}, ${os.cpus()[0]?.model}, ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString()}.`,
  '',
  '| run | wall time | nninit write rate (file size / wall time, process start to exit, fsync included) | dd right after | peak RSS |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...results.map(
    (r, i) =>
      `| ${i + 1} | ${r.seconds.toFixed(1)} s | ${mb(rates[i])} (CLI reports ${r.reported}) | ${mb(dd[i])} | ${(r.rssKiB / 1024).toFixed(0)} MiB |`,
  ),
  '',
  `Disk, same size and directory (\`dd if=/dev/zero bs=4M count=${blocks} conv=fsync\`): ${dd.map(mb).join(', ')}.`,
  `nninit / dd per pair: ${rates.map((r, i) => ((100 * r) / dd[i]).toFixed(0) + '%').join(', ')}; peak RSS at most ${(Math.max(...results.map((r) => r.rssKiB)) / 1024).toFixed(0)} MiB.`,
];
const md = lines.join('\n') + '\n';
const dir = path.join(ROOT, 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, 'cli-latest.md'), md);
console.log(md);
