// Runs the package's `workerd` entry (dist/workerd.js) in a real workerd and checks it against
// the pinned digests. Not part of `npm test` (workerd is a ~100 MB binary the project does not
// depend on); run it by hand after `npm run build`:
//
//   npm install --no-save workerd      (or any workerd binary)
//   WORKERD=node_modules/.bin/workerd node scripts/check-workerd.mjs
//
// It also confirms that workerd refuses to compile WebAssembly from bytes, which is why the
// `workerd` export condition exists.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const WORKERD = process.env.WORKERD ?? path.join(ROOT, 'node_modules/.bin/workerd');
const PORT = Number(process.env.PORT ?? 8700 + (process.pid % 200));
const dir = mkdtempSync(path.join(tmpdir(), 'nninit-workerd-'));

const dist = path.join(dir, 'nninit/dist');
mkdirSync(dist, { recursive: true });
// The entry points and the chunks they share (scripts/build-dist.mjs), and the main wasm build.
const files = readdirSync(path.join(ROOT, 'dist'), { recursive: true }).filter(
  (f) => (f.endsWith('.js') && !f.startsWith('cli')) || f === 'nninit.wasm',
);
for (const f of files) {
  mkdirSync(path.dirname(path.join(dist, f)), { recursive: true });
  copyFileSync(path.join(ROOT, 'dist', f), path.join(dist, f));
}
copyFileSync(path.join(ROOT, 'test/helpers/digest-cases.mjs'), path.join(dir, 'digest-cases.mjs'));
writeFileSync(
  path.join(dir, 'main.js'),
  `import * as nn from './nninit/dist/workerd.js';
import { digestCases, sha256 } from './digest-cases.mjs';
export default {
  async fetch() {
    const sync = Array.from(nn.glorotUniform({ seed: 1 }).sample([3]));
    const digests = {};
    for (const [name, make] of Object.entries(digestCases(nn))) digests[name] = await sha256(make());
    const init = nn.heNormal({ seed: 5 });
    const whole = await sha256(init.sample([600000]));
    const async = await sha256(await init.sampleAsync([600000], { threads: 2 }));
    let fromBytes = 'allowed';
    try { await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); } catch (e) { fromBytes = String(e); }
    return Response.json({ sync, digests, asyncSame: whole === async, fromBytes });
  },
};
`,
);
const modules = [
  '(name = "main.js", esModule = embed "main.js")',
  '(name = "digest-cases.mjs", esModule = embed "digest-cases.mjs")',
  ...files.map((f) =>
    f.endsWith('.wasm')
      ? `(name = "nninit/dist/${f}", wasm = embed "nninit/dist/${f}")`
      : `(name = "nninit/dist/${f}", esModule = embed "nninit/dist/${f}")`,
  ),
];
writeFileSync(
  path.join(dir, 'config.capnp'),
  `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .w)],
  sockets = [(name = "http", address = "127.0.0.1:${PORT}", http = (), service = "main")],
);
const w :Workerd.Worker = (
  modules = [${modules.join(', ')}],
  compatibilityDate = "2024-09-01",
);
`,
);

const child = spawn(WORKERD, ['serve', 'config.capnp'], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
let status = 1;
try {
  let result;
  for (let attempt = 0; attempt < 50 && !result; attempt++) {
    await new Promise((r) => setTimeout(r, 200));
    result = await fetch(`http://127.0.0.1:${PORT}/`).then(
      (r) => r.json(),
      () => undefined,
    );
  }
  if (!result) throw new Error(`workerd did not answer on port ${PORT}`);
  const pinned = JSON.parse(readFileSync(path.join(ROOT, 'test/stream-v2.digests.json'), 'utf8')).digests;
  const wrong = Object.keys(pinned).filter((k) => result.digests[k] !== pinned[k]);
  console.log(
    `workerd: ${Object.keys(pinned).length - wrong.length}/${Object.keys(pinned).length} pinned digests match`,
  );
  console.log(`workerd: synchronous sample() before ready(): ${JSON.stringify(result.sync)}`);
  console.log(`workerd: sampleAsync equals sample(): ${result.asyncSame}`);
  console.log(`workerd: WebAssembly.compile(bytes): ${result.fromBytes}`);
  status = wrong.length === 0 && result.asyncSame && result.sync.length === 3 ? 0 : 1;
  if (wrong.length) console.log(`workerd: mismatches: ${wrong.join(', ')}`);
} catch (error) {
  console.error(`workerd: ${error.message}`);
} finally {
  child.kill();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
