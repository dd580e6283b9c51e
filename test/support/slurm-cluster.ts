// A real single-node SLURM cluster for tests: munged, slurmctld and slurmd started in the foreground as children
// of this process, with a generated slurm.conf (this machine's host name, cores and memory; state, spool, logs
// and the munge socket in a temporary directory; free ports), so it never touches a system SLURM. Needs root
// (SlurmUser=root) and Debian's slurm-wlm and munge. `stop()` kills the daemons by pid; also call it on failure.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname, tmpdir, totalmem, cpus } from 'node:os';
import { join } from 'node:path';

export interface SlurmCluster {
  /** Environment for SLURM clients (sbatch, squeue, dwtwin cluster ...): SLURM_CONF points at our slurm.conf. */
  env: NodeJS.ProcessEnv;
  dir: string;
  /** Kill the daemons (by pid) and remove the temporary directory unless `keep`. */
  stop(opts?: { keep?: boolean }): Promise<void>;
  /** The daemons' logs, for failure messages. */
  logs(): string;
}

const STARTUP_TIMEOUT_MS = 30_000;
const KEY_FILE = '/etc/munge/munge.key';

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => res(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exited(p: ChildProcess): Promise<void> {
  return new Promise((r) => (p.exitCode !== null || p.signalCode !== null ? r() : p.once('exit', () => r())));
}

export async function startSlurmCluster(): Promise<SlurmCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'dwtwin-slurm-'));
  const host = hostname().split('.')[0]!;
  const [ctldPort, dPort] = [await freePort(), await freePort()];
  for (const d of ['state', 'spool', 'munge']) mkdirSync(join(dir, d), { mode: 0o700 });
  const socket = join(dir, 'munge', 'munge.sock');
  // Memory slurmd will find (MiB), less a margin: a node configured with more than it has is drained.
  const memMb = Math.floor((totalmem() / 2 ** 20) * 0.9);
  const conf = join(dir, 'slurm.conf');
  writeFileSync(
    conf,
    [
      'ClusterName=dwtwin-test',
      `SlurmctldHost=${host}`,
      'SlurmUser=root',
      'SlurmdUser=root',
      'AuthType=auth/munge',
      'CredType=cred/munge',
      `AuthInfo=socket=${socket}`,
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${dPort}`,
      `StateSaveLocation=${join(dir, 'state')}`,
      `SlurmdSpoolDir=${join(dir, 'spool')}`,
      `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
      `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
      `SlurmctldLogFile=${join(dir, 'slurmctld.log')}`,
      `SlurmdLogFile=${join(dir, 'slurmd.log')}`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'ReturnToService=2',
      'MpiDefault=none',
      'SchedulerType=sched/backfill',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_CPU',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      // Finished jobs stay visible to scontrol long enough for `dwtwin cluster status`.
      'MinJobAge=600',
      `NodeName=${host} CPUs=${cpus().length} RealMemory=${memMb} State=UNKNOWN`,
      'PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP',
      '',
    ].join('\n'),
  );
  const env = { ...process.env, SLURM_CONF: conf };
  const daemons: ChildProcess[] = [];
  const start = (cmd: string, args: string[]) => {
    const p = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr!.on('data', (d) => (err += String(d)));
    p.on('exit', (code) => {
      if (code) writeFileSync(join(dir, `${cmd.split('/').pop()}.stderr`), err);
    });
    daemons.push(p);
    return p;
  };
  const logs = () =>
    ['munged.log', 'slurmctld.log', 'slurmd.log', 'munged.stderr', 'slurmctld.stderr', 'slurmd.stderr']
      .filter((f) => existsSync(join(dir, f)))
      .map((f) => `--- ${f}\n${readFileSync(join(dir, f), 'utf8').split('\n').slice(-15).join('\n')}`)
      .join('\n');
  const stop = async (opts: { keep?: boolean } = {}) => {
    // Jobs still running (a test that failed part way) would outlive slurmd in their slurmstepd: cancel them first.
    if (daemons.length === 3 && daemons.every((p) => p.exitCode === null)) {
      spawnSync('scancel', ['--full', '--user=root'], { env, timeout: 10_000 });
      const t0 = Date.now();
      while (Date.now() - t0 < 15_000 && (spawnSync('squeue', ['-h'], { env, encoding: 'utf8', timeout: 10_000 }).stdout ?? '').trim()) await sleep(300);
    }
    for (const p of [...daemons].reverse()) {
      if (p.exitCode === null && p.signalCode === null && p.pid) {
        p.kill('SIGTERM');
        const t = setTimeout(() => p.kill('SIGKILL'), 5000);
        await exited(p);
        clearTimeout(t);
      }
    }
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  };
  try {
    start('munged', ['--foreground', '--force', `--socket=${socket}`, `--key-file=${KEY_FILE}`, `--pid-file=${join(dir, 'munged.pid')}`, `--seed-file=${join(dir, 'munge', 'seed')}`, `--log-file=${join(dir, 'munged.log')}`]);
    await waitFor(() => existsSync(socket), 'munged socket', daemons, logs);
    start('slurmctld', ['-D', '-f', conf]);
    await waitFor(() => spawnSync('scontrol', ['ping'], { env, encoding: 'utf8', timeout: 10_000 }).stdout?.includes('UP') ?? false, 'slurmctld', daemons, logs);
    start('slurmd', ['-D', '-f', conf]);
    await waitFor(() => /State=IDLE/.test(spawnSync('scontrol', ['-o', 'show', 'node', host], { env, encoding: 'utf8', timeout: 10_000 }).stdout ?? ''), `node ${host} idle`, daemons, logs);
  } catch (e) {
    await stop({ keep: true });
    throw e;
  }
  return { env, dir, stop, logs };
}

async function waitFor(ok: () => boolean, what: string, daemons: ChildProcess[], logs: () => string): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    const dead = daemons.find((p) => p.exitCode !== null);
    if (dead) throw new Error(`${dead.spawnfile} exited (code ${dead.exitCode}) while waiting for ${what}\n${logs()}`);
    if (Date.now() - t0 > STARTUP_TIMEOUT_MS) throw new Error(`timed out after ${STARTUP_TIMEOUT_MS / 1000} s waiting for ${what}\n${logs()}`);
    await sleep(200);
  }
}

/** Wait until SLURM no longer lists `jobId` as pending or running (a timeout throws, nothing hangs). */
export async function waitForJob(env: NodeJS.ProcessEnv, jobId: number, timeoutMs: number): Promise<string> {
  const t0 = Date.now();
  for (;;) {
    const r = spawnSync('scontrol', ['-o', 'show', 'job', String(jobId)], { env, encoding: 'utf8', timeout: 10_000 });
    const state = /JobState=(\S+)/.exec(r.stdout ?? '')?.[1] ?? 'UNKNOWN';
    if (!/^(PENDING|RUNNING|CONFIGURING|COMPLETING|SUSPENDED)$/.test(state)) return state;
    if (Date.now() - t0 > timeoutMs) throw new Error(`job ${jobId} still ${state} after ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}

/** Wait until the queue is empty: every job finished, failed or was cancelled (a timeout throws). */
export async function waitForEmptyQueue(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    const r = spawnSync('squeue', ['-h', '-o', '%i %T'], { env, encoding: 'utf8', timeout: 10_000 });
    if (r.status === 0 && r.stdout.trim() === '') return;
    if (Date.now() - t0 > timeoutMs) throw new Error(`queue not empty after ${timeoutMs / 1000} s:\n${r.stdout}`);
    await sleep(500);
  }
}

/** Wait until array task `task` of `arrayJob` is in `state` (squeue), e.g. RUNNING (a timeout throws). */
export async function waitForTaskState(env: NodeJS.ProcessEnv, arrayJob: number, task: number, state: string, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    const r = spawnSync('squeue', ['-h', '-r', '-o', '%F_%K %T'], { env, encoding: 'utf8', timeout: 10_000 });
    if ((r.stdout ?? '').split('\n').includes(`${arrayJob}_${task} ${state}`)) return;
    if (Date.now() - t0 > timeoutMs) throw new Error(`task ${arrayJob}_${task} not ${state} after ${timeoutMs / 1000} s:\n${r.stdout}`);
    await sleep(200);
  }
}
