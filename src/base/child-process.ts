// Child processes (Verilator builds, Icarus Verilog, harnesses) that never outlive dwtwin and never block it:
// runChild is asynchronous (a SIGTERM during a minutes-long Verilator build is handled at once, where spawnSync
// would hold the event loop until the build ends), runs the child in its own process group so that the whole tree
// (verilator -> make -> g++) is killed together, kills it when dwtwin stops or exits, and has a timeout.
import { spawn, type ChildProcess } from 'node:child_process';
import { onExit, onStop } from './interrupt.ts';

/** Kill `child` (its whole process group when it leads one) when dwtwin stops or exits. Returns the untracker. */
export function trackChild(child: ChildProcess, group: boolean): () => void {
  const kill = () => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    try {
      if (group) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {
      // already gone
    }
  };
  const offStop = onStop(kill);
  const offExit = onExit(kill);
  const untrack = () => {
    offStop();
    offExit();
  };
  child.once('exit', untrack);
  return untrack;
}

export interface ChildResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Run a program to completion without blocking the event loop. Rejects when it cannot start or exceeds
 * `timeoutMs` (the message names the program); a non-zero exit is returned, not thrown.
 */
export function runChild(cmd: string, args: readonly string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string; maxOutput?: number } = {}): Promise<ChildResult> {
  const maxOutput = opts.maxOutput ?? 64 << 20;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: opts.env, cwd: opts.cwd });
    trackChild(child, true);
    let stdout = '';
    let stderr = '';
    const keep = (s: string, d: Buffer) => (s.length < maxOutput ? s + d.toString() : s);
    child.stdout!.on('data', (d: Buffer) => (stdout = keep(stdout, d)));
    child.stderr!.on('data', (d: Buffer) => (stderr = keep(stderr, d)));
    let timedOut = false;
    const timer =
      opts.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            try {
              process.kill(-child.pid!, 'SIGKILL');
            } catch {
              // gone
            }
          }, opts.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`${cmd}: cannot start (${e.message})`));
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      if (timedOut) reject(new Error(`${cmd} ${args.slice(0, 3).join(' ')}...: no result after ${Math.round(opts.timeoutMs! / 1000)} s, killed`));
      else resolve({ status, signal, stdout, stderr });
    });
  });
}
