// A private mount namespace with a tmpfs of its own, for file-system faults that must never touch
// the real system: device nodes made with mknod, FIFOs, sockets, a small disk. A holder process
// (`unshare -m`, then `sleep`) keeps the namespace alive; commands run inside it with nsenter, and
// the test reads its files through /proc/<holder>/root. When the holder ends, the kernel drops
// the namespace and its mounts. Needs root (CI runs as root).
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export class MountNamespace {
  private constructor(
    private readonly holder: ChildProcess,
    /** The tmpfs mount point, as seen inside the namespace (empty outside it). */
    readonly dir: string,
  ) {}

  /** Opens a namespace with a tmpfs of `size` (mount's syntax: 64m), or says why it cannot. */
  static async open(size: string): Promise<MountNamespace | string> {
    for (const tool of ['unshare', 'nsenter', 'mount']) {
      if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} (util-linux) is not installed`;
    }
    const probe = spawnSync('unshare', ['-m', '--propagation', 'private', 'true'], { encoding: 'utf8' });
    if (probe.status !== 0)
      return `cannot create a mount namespace (unshare -m: ${probe.stderr.trim()}; it needs root)`;
    const dir = mkdtempSync(path.join(tmpdir(), 'nninit-ns-'));
    const holder = spawn(
      'unshare',
      [
        '-m',
        '--propagation',
        'private',
        'sh',
        '-c',
        'mount -t tmpfs -o "size=$1,mode=0755" nninit-test "$0" && echo ready && exec sleep 100000',
        dir,
        size,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const ready = await new Promise<string | undefined>((resolve) => {
      let err = '';
      holder.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      holder.stdout!.once('data', () => resolve(undefined));
      holder.once('exit', () => resolve(`the namespace's tmpfs could not be mounted: ${err.trim()}`));
    });
    if (ready !== undefined) {
      rmSync(dir, { recursive: true, force: true });
      return ready;
    }
    return new MountNamespace(holder, dir);
  }

  /** The path of `name` in the tmpfs, as this process sees it (through the holder's root). */
  outside(name: string): string {
    return path.join(`/proc/${this.holder.pid}/root`, this.dir, name);
  }

  /** Runs `sh -c script` inside the namespace, in the tmpfs, with `env` added to the environment. */
  sh(script: string, env: NodeJS.ProcessEnv = {}, timeout = 120_000): SpawnSyncReturns<string> {
    return spawnSync(
      'nsenter',
      ['-t', String(this.holder.pid), '-m', '--', 'sh', '-c', `cd "$0" && ${script}`, this.dir],
      { encoding: 'utf8', env: { ...process.env, ...env }, timeout },
    );
  }

  close(): void {
    this.holder.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
