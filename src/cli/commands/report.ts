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
import { paperContext, summarize, writeReport } from '../../tasks/mlp/run.ts';
import type { SeedResult } from '../../tasks/mlp/train.ts';

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

export const reportCommand: CommandModule = {
  command: 'report <dirs..>',
  describe: 'Summary, plot and report of MLP seed files trained apart (separate processes, machines, or an interrupted run)',
  builder: (y) =>
    y
      .positional('dirs', { type: 'string', array: true, describe: 'directories holding seed-<N>.json files' })
      .option('out', { type: 'string', describe: 'where summary.json, accuracy-per-epoch.svg and report.md go (default: the first directory)' }),
  handler: async (argv) => {
    const dirs = ((argv.dirs as unknown[]) ?? []).map((d) => resolve(String(d)));
    const files: string[] = [];
    for (const d of dirs) {
      if (!existsSync(d) || !statSync(d).isDirectory()) throw new InputError(`${d}: not a directory`);
      const here = readdirSync(d).filter((f) => /^seed-\d+\.json$/.test(f)).sort((a, b) => Number(a.slice(5, -5)) - Number(b.slice(5, -5)));
      if (!here.length) throw new InputError(`${d}: no seed-<N>.json files`);
      files.push(...here.map((f) => join(d, f)));
    }
    const results: SeedResult[] = [];
    const from = new Map<number, string>();
    for (const f of files) {
      // Validated, but the file's own object is used: the summary must keep its key order (byte-identical files).
      const raw = readJsonFile(f, z.unknown());
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
    results.sort((a, b) => a.seed - b.seed);
    const cfg: MlpConfig = results[0]!.config;
    const out = resolve(String(argv.out ?? dirs[0]));
    const s = await summarize(cfg, results.map((r) => r.seed), results, out);
    writeReport(out, s);
    process.stdout.write(`${cfg.synapse} on ${cfg.dataset}: test accuracy ${(100 * s.finalAccuracy.mean).toFixed(2)} % ± ${(100 * s.finalAccuracy.std).toFixed(2)}, best epoch ${(100 * s.bestAccuracy.mean).toFixed(2)} % ± ${(100 * s.bestAccuracy.std).toFixed(2)} (seeds ${s.seeds.join(', ')}, ${cfg.epochs} epoch(s))\n`);
    process.stdout.write(`  ${paperContext(cfg)}\n  results: ${out}/{summary.json,accuracy-per-epoch.svg,report.md}\n`);
  },
};
