// `dwtwin cluster status DIR`: done / queued / failed tasks of a submission (result files, squeue, scontrol,
// sacct where accounting exists), each failed task with its log and the log's last line, and the merge job.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { InputError } from '../../../base/errors.ts';
import { arraySpec, submissionFiles } from '../../cluster/sbatch-scripts.ts';
import { requireSlurm } from '../../cluster/slurm-tools.ts';
import { readRecord } from '../../cluster/submission-record.ts';
import { submissionState } from '../../cluster/task-state.ts';
import { readPlan } from '../../plan/plan-file.ts';

function lastLine(path: string): string {
  if (!existsSync(path)) return '(no log yet)';
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  return lines[lines.length - 1] ?? '';
}

export const statusCommand: CommandModule = {
  command: 'status <dir>',
  describe: 'Done, queued and failed tasks of a submission, with the failed tasks\' logs',
  builder: (y) => y.positional('dir', { type: 'string', describe: 'submission directory (printed by cluster submit)' }),
  handler: (argv) => {
    const dir = resolve(String(argv.dir));
    const f = submissionFiles(dir);
    if (!existsSync(f.record)) throw new InputError(`${dir}: not a submission directory (no submission.json)`);
    const plan = readPlan(f.plan);
    const record = readRecord(f.record);
    requireSlurm('squeue');
    const s = submissionState(dir, plan, record);
    const by = (st: string) => s.tasks.filter((t) => t.state === st);
    const out: string[] = [`${dir}: ${plan.jobs.length} task(s): ${by('done').length} done, ${by('queued').length} queued or running, ${by('failed').length} failed${by('not submitted').length ? `, ${by('not submitted').length} not submitted` : ''}`];
    for (const t of by('queued')) out.push(`  task ${t.id}: ${t.slurm}`);
    for (const t of by('failed')) out.push(`  task ${t.id} FAILED: ${t.slurm}; ${t.problems.join('; ')}`, `    log ${t.log}: ${lastLine(t.log!)}`);
    const m = s.merge;
    out.push(`merge job ${m.job}: ${m.done ? 'done' : (m.slurm ?? 'not run')}; log ${m.log}${m.done ? '' : `: ${lastLine(m.log)}`}`);
    if (by('failed').length || by('not submitted').length) out.push(`resubmit the missing task(s) ${arraySpec([...by('failed'), ...by('not submitted')].map((t) => t.id))}: dwtwin cluster submit --resume ${dir}`);
    process.stdout.write(out.join('\n') + '\n');
  },
};
