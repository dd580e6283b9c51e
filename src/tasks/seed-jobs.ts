// Seeds (and sweep points) of any network task as jobs on a pool of worker threads — in this thread when one is
// enough — with one progress bar, each job's seed file written atomically as soon as it finishes (a Ctrl-C keeps
// finished seeds), results in job order (never scheduling order). A task supplies its trainer twice: called
// directly, and as a worker module that serves it with exposeSeedTask.
import { join } from 'node:path';
import * as Comlink from 'comlink';
import { writeJsonAtomic } from '../base/atomic-file.ts';
import { progress } from '../base/progress.ts';
import { exposeWorker, WorkerPool } from '../base/workers.ts';

/** What a trainer may report while it runs: a short status line, and work units done (images, steps). */
export interface SeedHooks {
  status?: (text: string) => void;
  units?: (n: number) => void;
}

export type SeedTrainer<C, R> = (cfg: C, seed: number, hooks: SeedHooks) => Promise<R>;

/** The API a task's worker module serves. */
export interface SeedTaskApi<C, R> {
  run(cfg: C, seed: number, status?: (text: string) => void, units?: (n: number) => void): Promise<R>;
}

/** Call from a task's worker module: serve `train` to the pool. */
export function exposeSeedTask<C, R>(train: SeedTrainer<C, R>): void {
  const api: SeedTaskApi<C, R> = {
    run: (cfg, seed, status, units) => train(cfg, seed, { status: status ? (t) => void status(t) : undefined, units: units ? (n) => void units(n) : undefined }),
  };
  exposeWorker(api);
}

export interface SeedTask<C, R> {
  train: SeedTrainer<C, R>;
  /** Module that calls exposeSeedTask(train). */
  workerUrl: URL;
  /** Work units one seed of cfg reports in all (the bar's total). */
  units(cfg: C): number;
  /** The job's name on the bar when jobs differ in configuration. */
  name(cfg: C): string;
  /** One line for a finished seed (e.g. its final accuracy). */
  finished(r: R): string;
}

export interface SeedJob<C> {
  cfg: C;
  seed: number;
  /** Where seed-<seed>.json goes. */
  outDir: string;
}

export async function runSeedJobs<C, R>(task: SeedTask<C, R>, jobs: SeedJob<C>[], opts: { workers: number; label: string; quiet?: boolean }): Promise<R[]> {
  const bar = progress(opts.label, jobs.reduce((a, j) => a + task.units(j.cfg), 0), { quiet: opts.quiet });
  const mixed = jobs.some((o) => o.cfg !== jobs[0]!.cfg);
  const name = (j: SeedJob<C>) => (mixed ? `${task.name(j.cfg)} seed ${j.seed}` : `seed ${j.seed}`);
  const status = (j: SeedJob<C>) => (t: string) => bar.tick(0, `${name(j)} ${t}`);
  const done = (j: SeedJob<C>, r: R) => {
    writeJsonAtomic(join(j.outDir, `seed-${j.seed}.json`), r);
    bar.tick(0, `${name(j)} done: ${task.finished(r)}`);
  };
  try {
    if (opts.workers <= 1 || jobs.length === 1) {
      const results: R[] = [];
      for (const j of jobs) {
        const r = await task.train(j.cfg, j.seed, { status: status(j), units: (n) => bar.tick(n) });
        done(j, r);
        results.push(r);
      }
      return results;
    }
    // Configurations are plain JSON (structured-cloned into the worker).
    const pool = new WorkerPool<SeedTaskApi<unknown, unknown>>(task.workerUrl, Math.min(opts.workers, jobs.length));
    try {
      const units = Comlink.proxy((n: number) => bar.tick(n));
      return (await pool.map(
        jobs,
        (api, j) => api.run(j.cfg as unknown, j.seed, Comlink.proxy(status(j)), units) as Promise<R>,
        (i, r) => done(jobs[i]!, r),
      )) as R[];
    } finally {
      await pool.close();
    }
  } finally {
    bar.done();
  }
}

export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Sample standard deviation (0 for one value). */
export const std = (xs: number[]) => (xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / (xs.length - 1)) : 0);
