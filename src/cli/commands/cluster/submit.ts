// `dwtwin cluster submit --plan FILE [...] | --resume DIR`: a plan's jobs as one SLURM job array (array task i =
// plan job i, a log each) plus a merge job that SLURM starts when every task succeeded (afterok) and that runs
// `dwtwin report --plan`. --resume resubmits only the tasks whose result files are missing or invalid.
import { mkdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { existsSync } from 'node:fs';
import { writeFileAtomic } from '../../../base/atomic-file.ts';
import { InputError } from '../../../base/errors.ts';
import { positiveInt } from '../../args.ts';
import { arrayScript, arraySpec, mergeLog, mergeScript, submissionFiles, taskLog, type SlurmOptions } from '../../cluster/sbatch-scripts.ts';
import { requireSlurm, sbatch, slurm } from '../../cluster/slurm-tools.ts';
import { readRecord, writeRecord, type SubmissionRecord } from '../../cluster/submission-record.ts';
import { submissionState } from '../../cluster/task-state.ts';
import { readPlan, writePlan, type Plan } from '../../plan/plan-file.ts';

/** Values sbatch accepts for --time (minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS). */
const TIME = /^(\d+|\d+:\d{2}|\d+:\d{2}:\d{2}|\d+-\d+|\d+-\d+:\d{2}|\d+-\d+:\d{2}:\d{2})$/;
const MEM = /^\d+[KMGT]?$/;
const PARTITION = /^[A-Za-z0-9_.,-]+$/;

function checked(name: string, v: unknown, re: RegExp, expected: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !re.test(v)) throw new InputError(`--${name}: expected ${expected} (got ${JSON.stringify(v)})`);
  return v;
}

/** SLURM options from the command line, over `base` (a resumed submission keeps what it had unless told). */
function slurmOptions(argv: Record<string, unknown>, base?: SlurmOptions): SlurmOptions {
  const o: SlurmOptions = { ...(base ?? { cpusPerTask: 1 }) };
  const partition = checked('partition', argv.partition, PARTITION, 'a partition name');
  const time = checked('time', argv.time, TIME, 'a SLURM time limit such as 30, 2:00:00 or 1-12:00');
  const mem = checked('mem', argv.mem, MEM, 'a memory size such as 4000, 4G or 500M');
  if (partition) o.partition = partition;
  if (time) o.time = time;
  if (mem) o.mem = mem;
  if (argv['cpus-per-task'] !== undefined) o.cpusPerTask = positiveInt('cpus-per-task', argv['cpus-per-task']);
  if (argv['max-parallel'] !== undefined) o.maxParallel = positiveInt('max-parallel', argv['max-parallel']);
  return o;
}

/** Write the scripts and submit the array (when there are tasks) and the merge job; returns the record entry. */
function submit(dir: string, plan: Plan, o: SlurmOptions, tasks: number[]): SubmissionRecord['submissions'][number] {
  const f = submissionFiles(dir);
  const name = `dwtwin-${basename(dir)}`;
  mkdirSync(f.logs, { recursive: true });
  writeFileAtomic(f.arrayScript, arrayScript(dir, plan, name, o));
  writeFileAtomic(f.mergeScript, mergeScript(dir, plan, name, o));
  rmSync(f.merged, { force: true });
  if (!tasks.length) return { mergeJob: sbatch([f.mergeScript]), tasks, at: new Date().toISOString() };
  const arrayJob = sbatch([`--array=${arraySpec(tasks, o.maxParallel)}`, f.arrayScript]);
  let mergeJob: number;
  try {
    // Without --kill-on-invalid-dep a failed task would leave the merge job pending forever.
    mergeJob = sbatch([`--dependency=afterok:${arrayJob}`, '--kill-on-invalid-dep=yes', f.mergeScript]);
  } catch (e) {
    slurm('scancel', [String(arrayJob)]);
    throw e;
  }
  return { arrayJob, mergeJob, tasks, at: new Date().toISOString() };
}

function announce(dir: string, plan: Plan, s: SubmissionRecord['submissions'][number]): void {
  const lines = s.arrayJob
    ? [`submitted ${s.tasks.length} of ${plan.jobs.length} task(s) as array job ${s.arrayJob} (tasks ${arraySpec(s.tasks)}; logs ${taskLog(dir, s.arrayJob, s.tasks[0]!).replace(/_\d+\.log$/, '_<task>.log')})`, `merge job ${s.mergeJob} (runs when every task succeeded; log ${mergeLog(dir, s.mergeJob)})`]
    : [`every task's result is there: submitted the merge job ${s.mergeJob} alone (log ${mergeLog(dir, s.mergeJob)})`];
  const results = plan.merge.sweep ? [plan.merge.sweep.out] : plan.merge.runs.map((r) => r.dir);
  process.stdout.write([...lines, `results: ${results.join(', ')}`, `status: dwtwin cluster status ${dir}`, ''].join('\n'));
}

const options = (y: Argv) =>
  y
    .option('plan', { type: 'string', describe: 'plan file written by dwtwin train|sweep ... --plan FILE' })
    .option('resume', { type: 'string', describe: 'submission directory: resubmit only the tasks whose results are missing or invalid' })
    .option('partition', { type: 'string', describe: 'SLURM partition (default: the cluster\'s default)' })
    .option('time', { type: 'string', describe: 'time limit per task (sbatch --time: 30, 2:00:00, 1-12:00)' })
    .option('cpus-per-task', { type: 'number', describe: 'CPUs per task (default 1: one seed trains in one thread)' })
    .option('mem', { type: 'string', describe: 'memory per node (sbatch --mem: 4G)' })
    .option('max-parallel', { type: 'number', describe: 'run at most K tasks at once (--array=...%K)' })
    .option('out', { type: 'string', describe: 'submission directory: scripts, logs, submission.json (default: beside the plan, <plan>.slurm)' });

export const submitCommand: CommandModule = {
  command: 'submit',
  describe: 'Submit a plan as a SLURM job array plus a merge job (dwtwin report), or resume one',
  builder: options,
  handler: (argv) => {
    const a = argv as Record<string, unknown>;
    if ((a.plan === undefined) === (a.resume === undefined)) throw new InputError('cluster submit: give --plan FILE (a new submission) or --resume DIR (an earlier one)');
    if (a.resume !== undefined) {
      if (a.out !== undefined) throw new InputError('--resume: the submission directory is given by --resume; drop --out');
      const dir = resolve(String(a.resume));
      const f = submissionFiles(dir);
      if (!existsSync(f.record)) throw new InputError(`--resume: ${dir} is not a submission directory (no submission.json)`);
      const plan = readPlan(f.plan);
      const record = readRecord(f.record);
      requireSlurm();
      const state = submissionState(dir, plan, record);
      const busy = state.tasks.filter((t) => t.state === 'queued').map((t) => t.id);
      const mergeQueued = state.merge.slurm !== undefined && /^(PENDING|RUNNING|CONFIGURING|COMPLETING|SUSPENDED)/.test(state.merge.slurm);
      if (busy.length || mergeQueued) throw new InputError(`--resume: ${busy.length ? `task(s) ${arraySpec(busy)}` : `merge job ${state.merge.job}`} of ${dir} still queued or running; wait for them or scancel them first`);
      const todo = state.tasks.filter((t) => t.state !== 'done').map((t) => t.id);
      if (!todo.length && state.merge.done) {
        process.stdout.write(`${dir}: every task is done and merged; nothing to resubmit\n`);
        return;
      }
      const o = slurmOptions(a, record.options);
      const s = submit(dir, plan, o, todo);
      writeRecord(f.record, { options: o, submissions: [...record.submissions, s] });
      announce(dir, plan, s);
      return;
    }
    const planFile = resolve(String(a.plan));
    const plan = readPlan(planFile);
    const o = slurmOptions(a);
    const dir = resolve(String(a.out ?? join(dirname(planFile), `${basename(planFile).replace(/\.json$/, '')}.slurm`)));
    const f = submissionFiles(dir);
    if (existsSync(f.record)) throw new InputError(`--out: ${dir} already holds a submission; resubmit what is missing with dwtwin cluster submit --resume ${dir}`);
    requireSlurm();
    writePlan(f.plan, plan);
    const s = submit(dir, plan, o, plan.jobs.map((j) => j.id));
    writeRecord(f.record, { options: o, submissions: [s] });
    announce(dir, plan, s);
  },
};
