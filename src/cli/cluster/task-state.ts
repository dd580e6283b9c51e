// What became of a submission's tasks: the result files first (a task is done when every file it produces is there
// and parses; result files are written atomically, so a present file is whole), then the queue (squeue), then
// SLURM's memory of finished jobs (scontrol, for a few minutes after they end) and accounting (sacct, where set up).
import { existsSync, readFileSync } from 'node:fs';
import type { Plan, PlanJob } from '../plan/plan-file.ts';
import { slurm } from './slurm-tools.ts';
import { lastSubmissionOf, type SubmissionRecord } from './submission-record.ts';
import { mergeLog, submissionFiles, taskLog } from './sbatch-scripts.ts';

/** Why a produced file does not count (missing, not JSON), or undefined when it does. */
export function resultProblem(path: string): string | undefined {
  if (!existsSync(path)) return 'missing';
  try {
    JSON.parse(readFileSync(path, 'utf8'));
    return undefined;
  } catch {
    return 'not valid JSON';
  }
}

export const jobDone = (j: PlanJob) => j.produces.every((f) => resultProblem(f) === undefined);

/** SLURM's state names by job id ('123' or '123_4'). */
type States = Map<string, string>;

const FAILED = /^(FAILED|CANCELLED|TIMEOUT|OUT_OF_MEMORY|NODE_FAIL|PREEMPTED|BOOT_FAIL|DEADLINE)/;

/** Pending and running jobs, array tasks one by one: id -> state (reason). */
function queued(): States {
  const m: States = new Map();
  const r = slurm('squeue', ['-h', '-r', '-o', '%A|%F|%K|%T|%r']);
  if (!r.ok) return m;
  for (const line of r.stdout.split('\n')) {
    const [jobId, arrayJob, task, state, reason] = line.split('|');
    if (!jobId || !state) continue;
    const id = /^\d+$/.test(task ?? '') ? `${arrayJob}_${task}` : jobId;
    m.set(id, reason && reason !== 'None' ? `${state} (${reason})` : state);
  }
  return m;
}

/** Finished jobs SLURM still remembers (scontrol; no accounting needed) and accounting's view (sacct). */
function finished(jobs: number[]): States {
  const m: States = new Map();
  for (const j of jobs) {
    const r = slurm('scontrol', ['-o', 'show', 'job', String(j)]);
    if (!r.ok) continue; // aged out of the controller's memory
    for (const line of r.stdout.split('\n')) {
      const f = Object.fromEntries(line.split(' ').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
      if (!f.JobState) continue;
      m.set(f.ArrayTaskId && /^\d+$/.test(f.ArrayTaskId) ? `${f.ArrayJobId}_${f.ArrayTaskId}` : String(f.JobId), `${f.JobState}${f.ExitCode && f.ExitCode !== '0:0' ? ` (exit ${f.ExitCode})` : ''}`);
    }
  }
  if (!jobs.length) return m;
  const acct = slurm('sacct', ['-n', '-P', '-X', '-j', jobs.join(','), '-o', 'JobID,State,ExitCode']);
  if (acct.ok) {
    for (const line of acct.stdout.split('\n')) {
      const [id, state, exit] = line.split('|');
      if (id && state && !m.has(id)) m.set(id, `${state}${exit && exit !== '0:0' ? ` (exit ${exit})` : ''}`);
    }
  }
  return m;
}

export interface TaskState {
  id: number;
  state: 'done' | 'queued' | 'failed' | 'not submitted';
  /** SLURM's word for it, when it has one. */
  slurm?: string;
  log?: string;
  /** Produced files that are missing or invalid. */
  problems: string[];
}

export interface SubmissionState {
  tasks: TaskState[];
  merge: { job: number; slurm?: string; log: string; done: boolean };
}

export function submissionState(dir: string, plan: Plan, record: SubmissionRecord): SubmissionState {
  const q = queued();
  const arrayJobs = record.submissions.flatMap((s) => (s.arrayJob === undefined ? [] : [s.arrayJob]));
  const last = record.submissions[record.submissions.length - 1]!;
  const f = finished([...arrayJobs, last.mergeJob]);
  const of = lastSubmissionOf(record);
  const tasks = plan.jobs.map((j): TaskState => {
    const problems = j.produces.flatMap((p) => {
      const why = resultProblem(p);
      return why ? [`${p}: ${why}`] : [];
    });
    const sub = of.get(j.id);
    if (!sub) return { id: j.id, state: problems.length ? 'not submitted' : 'done', problems };
    const key = `${sub.arrayJob}_${j.id}`;
    const log = taskLog(dir, sub.arrayJob, j.id);
    const inQueue = q.get(key) ?? (q.has(String(sub.arrayJob)) ? q.get(String(sub.arrayJob)) : undefined);
    const word = inQueue ?? f.get(key);
    if (!problems.length) return { id: j.id, state: 'done', slurm: word, log, problems };
    if (inQueue) return { id: j.id, state: 'queued', slurm: inQueue, log, problems };
    // Not queued and its result is missing: it failed, or ended without writing it.
    return { id: j.id, state: 'failed', slurm: word ?? 'not queued and SLURM keeps no record of it (cancelled while pending, or ended long ago)', log, problems };
  });
  // The merge script leaves its marker only when `dwtwin report --plan` succeeded (jobs write summaries too).
  const mergeDone = existsSync(submissionFiles(dir).merged);
  return { tasks, merge: { job: last.mergeJob, slurm: q.get(String(last.mergeJob)) ?? f.get(String(last.mergeJob)), log: mergeLog(dir, last.mergeJob), done: mergeDone } };
}

export const isFailedWord = (w?: string) => (w ? FAILED.test(w) : false);
