// Start a dwtwin command, wait until it has reached a given point (a file exists, a line on stderr), send it a
// signal and report how it ended: exit code, milliseconds from the signal to the exit, stderr, and the pids of
// the child processes it had at that moment (so a test can check none outlived it).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { repoRoot } from './requirements.ts';

export interface StoppedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  msToExit: number;
  stderr: string;
  children: number[];
}

/** Descendants of `pid`, except tsx's esbuild service (it is the loader's, and ends on its own at EOF). */
function childPids(pid: number): number[] {
  try {
    const rows = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').map((s) => s.trim()).filter(Boolean);
    return rows.filter((r) => !/esbuild --service/.test(r)).map((r) => Number(r.split(/\s+/)[0])).flatMap((c) => [c, ...childPids(c)]);
  } catch {
    return [];
  }
}

/** Whether `pid` still runs (a zombie waiting to be reaped does not). */
export function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Wait condition: a file exists, or stderr matches, or `afterMs` passed; then `settleMs` more (so that a child the
 * line announces has started). `timeoutMs` bounds the wait (the test fails if the point is not reached).
 */
export async function stopRun(args: string[], opts: { when: { file?: string; stderr?: RegExp; afterMs?: number; settleMs?: number }; signal: NodeJS.Signals; env?: Record<string, string>; timeoutMs?: number }): Promise<StoppedRun> {
  const child = spawn(process.execPath, ['src/cli/dwtwin.mjs', ...args], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...opts.env } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('exit', (code, signal) => res({ code, signal })));
  const start = Date.now();
  const deadline = start + (opts.timeoutMs ?? 120_000);
  const w = opts.when;
  const reached = () => (w.file ? existsSync(w.file) : false) || (w.stderr ? w.stderr.test(stderr) : false) || (w.afterMs !== undefined && Date.now() - start >= w.afterMs);
  while (!reached() && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  if (w.settleMs) await new Promise((r) => setTimeout(r, w.settleMs));
  if (child.exitCode !== null || !reached()) {
    child.kill('SIGKILL');
    throw new Error(`dwtwin ${args.join(' ')}: ${child.exitCode !== null ? `ended (code ${child.exitCode})` : 'timed out'} before the point to stop it; stderr:\n${stderr}`);
  }
  const children = childPids(child.pid!);
  const t0 = Date.now();
  child.kill(opts.signal);
  // Bound the wait: a run that ignores the signal is killed and reported as such, never hangs the suite.
  const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const end = await exited;
  clearTimeout(guard);
  return { ...end, msToExit: Date.now() - t0, stderr, children };
}
