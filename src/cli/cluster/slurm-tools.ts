// Calling SLURM's client commands (sbatch, squeue, scontrol, sacct): found on PATH or a ToolMissingError saying
// what to install; every call has a timeout (a stuck controller must not hang dwtwin).
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { InputError, ToolMissingError } from '../../base/errors.ts';

/** Longest wait for one SLURM client command. */
export const SLURM_CALL_TIMEOUT_MS = 60_000;

const INSTALL_HINT =
  'dwtwin cluster needs SLURM\'s client commands on a machine that can submit to the cluster (a login node; Debian/Ubuntu: apt-get install slurm-client, or slurm-wlm for a single-node cluster). Without SLURM, run the plan with GNU parallel or any runner (README, "Running on a cluster").';

export function onPath(tool: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return join(dir, tool);
    } catch {
      // not here
    }
  }
  return undefined;
}

export function requireSlurm(tool = 'sbatch'): string {
  const p = onPath(tool);
  if (!p) throw new ToolMissingError(tool, INSTALL_HINT);
  return p;
}

export interface SlurmResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** Run a SLURM client command; a failure is returned (squeue and sacct fail for ordinary reasons), a timeout thrown. */
export function slurm(tool: string, args: string[]): SlurmResult {
  const r = spawnSync(requireSlurm(tool), args, { encoding: 'utf8', timeout: SLURM_CALL_TIMEOUT_MS });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') throw new InputError(`${tool} ${args.join(' ')}: no answer within ${SLURM_CALL_TIMEOUT_MS / 1000} s (is slurmctld running?)`);
  if (r.error) throw r.error;
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr.trim() };
}

/** `sbatch --parsable ...`: the job id, or an InputError carrying sbatch's own message (bad partition, time, ...). */
export function sbatch(args: string[]): number {
  const r = slurm('sbatch', ['--parsable', ...args]);
  const id = /^(\d+)/.exec(r.stdout.trim());
  if (!r.ok || !id) throw new InputError(`sbatch ${args.join(' ')}: ${r.stderr || r.stdout.trim() || 'failed'}`);
  return Number(id[1]);
}
