// `--plan FILE` on train and sweep: the (configuration x seed) jobs the command would run, written as a plan.
// A job is a single-seed `dwtwin train` run writing `seed-<S>.json` into its configuration's directory (the files
// runJobs writes), so the merge is `dwtwin report` over those directories.
import { join } from 'node:path';
import { shellQuote } from './plan-file.ts';
import { dwtwinProgram, planJob, PLAN_FORMAT, writePlan, type Plan } from './plan-file.ts';

export interface PlannedRun {
  /** dwtwin's argv for this seed alone. */
  argv: string[];
  outDir: string;
  seed: number;
}

export function writeRunPlan(file: string, jobs: PlannedRun[], merge: Plan['merge']): Plan {
  const cwd = process.cwd();
  const dwtwin = dwtwinProgram();
  const plan: Plan = {
    format: PLAN_FORMAT,
    description: ['dwtwin', ...process.argv.slice(2)].map(shellQuote).join(' '),
    cwd,
    dwtwin,
    jobs: jobs.map((j, i) => planJob(i + 1, dwtwin, cwd, j.argv, j.outDir, [join(j.outDir, `seed-${j.seed}.json`)])),
    merge,
  };
  writePlan(file, plan);
  process.stdout.write(
    [
      `plan: ${plan.jobs.length} job(s) written to ${file} (nothing trained)`,
      `  SLURM:         dwtwin cluster submit --plan ${shellQuote(file)}`,
      `  GNU parallel:  jq -r '.jobs[].command' ${shellQuote(file)} | parallel -j $(nproc) && dwtwin report --plan ${shellQuote(file)}`,
      '',
    ].join('\n'),
  );
  return plan;
}
