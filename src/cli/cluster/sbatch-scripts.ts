// The two batch scripts of a submission: the job array (array task i runs plan job i, each with its own log) and
// the merge job (`dwtwin report --plan`), which SLURM starts only when every array task succeeded (afterok).
import { join } from 'node:path';
import type { Plan } from '../plan/plan-file.ts';
import { shellQuote } from '../plan/plan-file.ts';

export interface SlurmOptions {
  partition?: string;
  time?: string;
  cpusPerTask: number;
  mem?: string;
  maxParallel?: number;
}

/** Layout of a submission directory. */
export const submissionFiles = (dir: string) => ({
  plan: join(dir, 'plan.json'),
  record: join(dir, 'submission.json'),
  arrayScript: join(dir, 'array.sbatch'),
  mergeScript: join(dir, 'merge.sbatch'),
  logs: join(dir, 'logs'),
  /** Written by the merge job after `dwtwin report --plan` succeeded. */
  merged: join(dir, 'merged'),
});

/** Log of array task `task` of array job `job` (sbatch's %A_%a). */
export const taskLog = (dir: string, job: number, task: number) => join(submissionFiles(dir).logs, `${job}_${task}.log`);
export const mergeLog = (dir: string, job: number) => join(submissionFiles(dir).logs, `merge-${job}.log`);

function directives(name: string, output: string, cwd: string, o: SlurmOptions): string[] {
  return [
    `#SBATCH --job-name=${name}`,
    `#SBATCH --output=${output}`,
    `#SBATCH --chdir=${cwd}`,
    `#SBATCH --cpus-per-task=${o.cpusPerTask}`,
    ...(o.partition ? [`#SBATCH --partition=${o.partition}`] : []),
    ...(o.time ? [`#SBATCH --time=${o.time}`] : []),
    ...(o.mem ? [`#SBATCH --mem=${o.mem}`] : []),
  ];
}

export function arrayScript(dir: string, plan: Plan, name: string, o: SlurmOptions): string {
  const dwtwin = plan.dwtwin.map(shellQuote).join(' ');
  return [
    '#!/bin/bash',
    ...directives(name, join(submissionFiles(dir).logs, '%A_%a.log'), plan.cwd, o),
    '# Written by dwtwin cluster submit: array task i runs job i of plan.json (beside this script).',
    'set -euo pipefail',
    'echo "dwtwin: job ${SLURM_ARRAY_TASK_ID} on $(hostname) at $(date -u +%FT%TZ)"',
    'case "${SLURM_ARRAY_TASK_ID:?start this script with sbatch --array}" in',
    ...plan.jobs.map((j) => `  ${j.id}) exec ${dwtwin} ${j.argv.map(shellQuote).join(' ')} ;;`),
    '  *) echo "dwtwin: no job ${SLURM_ARRAY_TASK_ID} in the plan" >&2; exit 2 ;;',
    'esac',
    '',
  ].join('\n');
}

export function mergeScript(dir: string, plan: Plan, name: string, o: SlurmOptions): string {
  return [
    '#!/bin/bash',
    ...directives(`${name}-merge`, join(submissionFiles(dir).logs, 'merge-%j.log'), plan.cwd, { ...o, cpusPerTask: 1 }),
    '# Written by dwtwin cluster submit: merges what the array tasks wrote, as one local run would have.',
    'set -euo pipefail',
    `${[...plan.dwtwin, 'report', '--plan', submissionFiles(dir).plan].map(shellQuote).join(' ')}`,
    `date -u +%FT%TZ > ${shellQuote(submissionFiles(dir).merged)}`,
    '',
  ].join('\n');
}

/** Array indices as sbatch's --array list: 1-3,7,9-10 (and %K to run at most K at once). */
export function arraySpec(tasks: number[], maxParallel?: number): string {
  const s = [...tasks].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j]! + 1) j++;
    parts.push(i === j ? `${s[i]}` : `${s[i]}-${s[j]}`);
    i = j + 1;
  }
  return parts.join(',') + (maxParallel ? `%${maxParallel}` : '');
}
