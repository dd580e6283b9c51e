// `dwtwin report DIR [DIR ...] [--out DIR]`: the summary, accuracy-per-epoch plot and Markdown report of MLP seed
// files that were trained apart — seeds run as separate processes or on separate machines, or the finished seeds
// of an interrupted run. Every seed file must be complete and all must share one configuration.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { InputError } from '../../base/errors.ts';
import { readJsonFile, validate, z } from '../../base/json-input.ts';
import { stableJson } from '../../base/stable-json.ts';
import type { MlpConfig } from '../../tasks/mlp/config.ts';
import { paperContext, summarize, writeReport, type RunSummary } from '../../tasks/mlp/run.ts';
import { sweepRow, writeSweepOverview } from '../../tasks/mlp/sweep-overview.ts';
import { readPlan } from '../plan/plan-file.ts';
import type { SeedResult } from '../../tasks/mlp/train.ts';
import { outputDir } from '../args.ts';

const unit = z.number().min(0).max(1);
const seedFileSchema = z.object({
  seed: z.number().int().min(0),
  config: z.looseObject({ dataset: z.string(), epochs: z.number().int().positive(), alpha: z.number().positive(), hidden: z.number().int().positive(), synapse: z.string(), array: z.looseObject({ kind: z.string() }) }),
  dataset: z.object({ source: z.string(), split: z.string(), train: z.number().int(), test: z.number().int() }),
  arrays: z.array(z.string()),
  epochs: z.array(z.object({ epoch: z.number().int().positive(), lr: z.number(), testAccuracy: unit, trainLoss: z.number() })),
  finalAccuracy: unit,
  devicePulses: z.number(),
  subThresholdPulses: z.number(),
});

/** The first path at which two JSON values differ ('' when equal). */
function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (stableJson(a) === stableJson(b)) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    for (const k of [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort()) {
      const d = firstDifference(ao[k], bo[k], path ? `${path}.${k}` : k);
      if (d !== undefined) return d;
    }
  }
  return path || '(root)';
}

const at = (v: unknown, path: string) => path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), v);

/** Seed files of other tasks carry `config.task`; report merges the MLP's (another task brings its own merge). */
function checkMlpSeed(raw: unknown, path: string): void {
  const task = (raw as { config?: { task?: unknown } } | null)?.config?.task;
  if (task !== undefined && task !== 'mlp') throw new InputError(`${path}: field 'config.task' is ${JSON.stringify(task)}: dwtwin report merges MLP seed files only (merge this task's seeds with its own command)`);
}

/** Why a seed file cannot be merged (unreadable, not a seed file, unfinished), or undefined when it can. */
export function seedFileProblem(path: string): string | undefined {
  try {
    const raw = readJsonFile(path, z.unknown());
    checkMlpSeed(raw, path);
    const r = validate(seedFileSchema, raw, path);
    if (r.epochs.length !== r.config.epochs) return `${path}: field 'epochs': ${r.epochs.length} epoch(s) recorded, the configuration asks for ${r.config.epochs} (an unfinished seed?)`;
    return undefined;
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
}

/**
 * Merge the seed files of `dirs` into summary, plot and report in `out`. With `expect`, every expected seed must
 * be there (the missing ones are listed) and no other.
 */
export async function mergeSeedDirs(dirs: string[], out: string, expect?: number[]): Promise<RunSummary> {
  const files: string[] = [];
  for (const d of dirs) {
    if (!existsSync(d) || !statSync(d).isDirectory()) throw new InputError(`${d}: not a directory${expect ? ` (expected seed(s) ${expect.join(', ')}: their jobs have not run)` : ''}`);
    const here = readdirSync(d).filter((f) => /^seed-\d+\.json$/.test(f)).sort((a, b) => Number(a.slice(5, -5)) - Number(b.slice(5, -5)));
    if (!here.length && !expect) throw new InputError(`${d}: no seed-<N>.json files`);
    files.push(...here.map((f) => join(d, f)));
  }
  const results: SeedResult[] = [];
  const from = new Map<number, string>();
  for (const f of files) {
    // Validated, but the file's own object is used: the summary must keep its key order (byte-identical files).
    const raw = readJsonFile(f, z.unknown());
    checkMlpSeed(raw, f);
    validate(seedFileSchema, raw, f);
    const r = raw as SeedResult;
    if (from.has(r.seed)) throw new InputError(`${f}: seed ${r.seed} is also in ${from.get(r.seed)}`);
    if (r.epochs.length !== r.config.epochs) throw new InputError(`${f}: field 'epochs': ${r.epochs.length} epoch(s) recorded, the configuration asks for ${r.config.epochs} (an unfinished seed?)`);
    if (results.length) {
      const d = firstDifference(results[0]!.config, r.config);
      if (d !== undefined) throw new InputError(`${f}: field 'config.${d}' is ${JSON.stringify(at(r.config, d))}, but ${from.get(results[0]!.seed)} has ${JSON.stringify(at(results[0]!.config, d))}: the seeds are not the same configuration`);
    }
    from.set(r.seed, f);
    results.push(r);
  }
  if (expect) {
    const missing = expect.filter((s) => !from.has(s));
    if (missing.length) throw new InputError(`${dirs.join(', ')}: missing seed(s) ${missing.join(', ')} of ${expect.join(', ')} (their jobs failed or have not finished; see dwtwin cluster status)`);
    const extra = [...from.keys()].filter((s) => !expect.includes(s));
    if (extra.length) throw new InputError(`${from.get(extra[0]!)}: seed ${extra[0]} is not in the plan (seeds ${expect.join(', ')})`);
  }
  results.sort((a, b) => a.seed - b.seed);
  const cfg: MlpConfig = results[0]!.config;
  const s = await summarize(cfg, results.map((r) => r.seed), results, out);
  writeReport(out, s);
  return s;
}

const printSummary = (s: RunSummary, out: string) => {
  const cfg = s.config;
  process.stdout.write(`${cfg.synapse} on ${cfg.dataset}: test accuracy ${(100 * s.finalAccuracy.mean).toFixed(2)} % ± ${(100 * s.finalAccuracy.std).toFixed(2)}, best epoch ${(100 * s.bestAccuracy.mean).toFixed(2)} % ± ${(100 * s.bestAccuracy.std).toFixed(2)} (seeds ${s.seeds.join(', ')}, ${cfg.epochs} epoch(s))\n`);
  process.stdout.write(`  ${paperContext(cfg)}\n  results: ${out}/{summary.json,accuracy-per-epoch.svg,report.md}\n`);
};

/** Everything a plan's jobs leave to merge: each run directory, then a sweep's overview. */
export async function mergePlan(planFile: string): Promise<void> {
  const plan = readPlan(planFile);
  // Check every run before writing anything, so a failed job leaves no half-merged sweep.
  const problems = plan.merge.runs.flatMap((r) => {
    const missing = r.seeds.filter((s) => !existsSync(join(r.dir, `seed-${s}.json`)));
    const invalid = r.seeds.flatMap((s) => (missing.includes(s) ? [] : [seedFileProblem(join(r.dir, `seed-${s}.json`))]).filter((p): p is string => p !== undefined));
    return [...(missing.length ? [`${r.dir}: missing seed(s) ${missing.join(', ')}`] : []), ...invalid];
  });
  if (problems.length) throw new InputError(`${planFile}: not every job has finished: ${problems.join('; ')} (dwtwin cluster status shows the failed tasks and their logs)`);
  const summaries = new Map<string, RunSummary>();
  for (const r of plan.merge.runs) {
    const s = await mergeSeedDirs([r.dir], r.dir, r.seeds);
    summaries.set(r.dir, s);
    printSummary(s, r.dir);
  }
  const sw = plan.merge.sweep;
  if (sw) {
    const rows = sw.points.map((p) => {
      const s = summaries.get(p.dir);
      if (!s) throw new InputError(`${planFile}: field 'merge.sweep.points': ${p.dir} is not one of merge.runs`);
      return sweepRow(p.synapse, p.value, s);
    });
    const synapses = [...new Set(sw.points.map((p) => p.synapse))];
    const plot = await writeSweepOverview(sw.out, sw.what, sw.seeds, synapses, rows);
    process.stdout.write(`sweep: ${plot}, sweep.json, report.md\n`);
  }
}

export const reportCommand: CommandModule = {
  command: 'report [dirs..]',
  describe: 'Summary, plot and report of MLP seed files trained apart (separate processes, machines, an interrupted run, or a plan\'s jobs)',
  builder: (y) =>
    y
      .positional('dirs', { type: 'string', array: true, describe: 'directories holding seed-<N>.json files' })
      .option('out', { type: 'string', describe: 'where summary.json, accuracy-per-epoch.svg and report.md go (default: the first directory)' })
      .option('plan', { type: 'string', describe: 'merge everything a plan\'s jobs wrote (each configuration, a sweep\'s overview); every planned seed must be there' }),
  handler: async (argv) => {
    const dirs = ((argv.dirs as unknown[]) ?? []).map((d) => resolve(String(d)));
    if (argv.plan !== undefined) {
      if (dirs.length || argv.out !== undefined) throw new InputError('--plan: give either a plan or directories (a plan names its own directories)');
      return mergePlan(resolve(String(argv.plan)));
    }
    if (!dirs.length) throw new InputError('report: give directories holding seed-<N>.json files, or --plan FILE');
    const out = outputDir('out', argv.out ?? dirs[0]);
    printSummary(await mergeSeedDirs(dirs, out), out);
  },
};
