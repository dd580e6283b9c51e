// A plan: the jobs of a `dwtwin train|sweep ... --plan FILE` run, written instead of running them. Plain JSON, so
// any runner can execute it: `dwtwin cluster submit` (SLURM job arrays), GNU parallel, a shell loop. Each job is
// the exact argv of a single-seed dwtwin run, the directory it writes to and the files it produces; `merge` says
// what `dwtwin report --plan FILE` combines once every job is done (byte-identical to running the command whole).
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeJsonAtomic } from '../../base/atomic-file.ts';
import { readJsonFileWithLines } from '../../base/json-lines.ts';
import { z } from '../../base/json-input.ts';

export const PLAN_FORMAT = 'dwtwin-plan/1';

const absPath = z.string().refine(isAbsolute, 'expected an absolute path');

const jobSchema = z.strictObject({
  /** 1..N in order: the SLURM array index of the job. */
  id: z.number().int().positive(),
  /** dwtwin's arguments (after the program), run in the plan's cwd. */
  argv: z.array(z.string()).min(1),
  outDir: absPath,
  /** Files the job writes; the job is done when they exist and are valid. */
  produces: z.array(absPath).min(1),
  /** The same job as one shell line (for GNU parallel: `jq -r '.jobs[].command' plan.json | parallel`). */
  command: z.string(),
});

const mergeSchema = z.strictObject({
  /** Directories of one configuration each, with the seeds `report` must find there. */
  runs: z.array(z.strictObject({ dir: absPath, seeds: z.array(z.number().int().min(0)).min(1) })),
  /** A sweep's overview (sweep.json, the accuracy plot, report.md) over its points' directories. */
  sweep: z
    .strictObject({
      what: z.string(),
      out: absPath,
      seeds: z.array(z.number().int().min(0)).min(1),
      points: z.array(z.strictObject({ synapse: z.string(), value: z.string(), dir: absPath })).min(1),
    })
    .optional(),
});

export const planSchema = z
  .strictObject({
    format: z.literal(PLAN_FORMAT),
    /** The planning command, for people reading the plan. */
    description: z.string(),
    /** Working directory of every job (relative paths in argv are relative to it). */
    cwd: absPath,
    /** How to start dwtwin on a compute node: program and leading arguments. */
    dwtwin: z.array(z.string()).min(1),
    jobs: z.array(jobSchema).min(1),
    merge: mergeSchema,
  })
  .superRefine((p, ctx) => {
    p.jobs.forEach((j, i) => {
      if (j.id !== i + 1) ctx.addIssue({ code: 'custom', path: ['jobs', i, 'id'], message: `expected ${i + 1} (job ids are 1..N in order)` });
    });
  });

export type Plan = z.infer<typeof planSchema>;
export type PlanJob = Plan['jobs'][number];

export function readPlan(path: string): Plan {
  return readJsonFileWithLines(resolve(path), planSchema);
}

export function writePlan(path: string, plan: Plan): void {
  writeJsonAtomic(resolve(path), plan);
}

/** Quote one word for a POSIX shell. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** This checkout's dwtwin entry point, started with the `node` found on the PATH of the machine running the job. */
export const dwtwinProgram = (): string[] => ['node', resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dwtwin.mjs')];

/** A job with its shell line. */
export function planJob(id: number, dwtwin: string[], cwd: string, argv: string[], outDir: string, produces: string[]): PlanJob {
  return { id, argv, outDir, produces, command: `cd ${shellQuote(cwd)} && ${[...dwtwin, ...argv].map(shellQuote).join(' ')}` };
}
