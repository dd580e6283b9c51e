// Run several seeds of one MLP configuration, in worker threads when there is more than one, writing each seed's
// result file as soon as it finishes (a Ctrl-C keeps finished seeds; files are written atomically), then the
// summary JSON, the accuracy-per-epoch SVG and a Markdown report beside the paper's numbers.
import { join } from 'node:path';
import { writeJsonAtomic, writeFileAtomic } from '../../base/atomic-file.ts';
import { lineChart, writeSvg } from '../../base/plot.ts';
import { loadDataset } from '../../data/datasets.ts';
import { mean, runSeedJobs, std, type SeedJob, type SeedTask } from '../seed-jobs.ts';
import type { MlpConfig } from './config.ts';
import { trainMlpSeed, type SeedResult } from './train.ts';

export interface RunSummary {
  config: MlpConfig;
  seeds: number[];
  finalAccuracy: { mean: number; std: number; perSeed: number[] };
  /** Best test accuracy over the epochs of each seed (paper 000's Fig. 5e plots the best of 20 epochs). */
  bestAccuracy: { mean: number; std: number; perSeed: number[] };
  perEpochMean: number[];
  results: SeedResult[];
}

/** One training job: a configuration, a seed, and the directory its seed file goes to. */
export type TrainJob = SeedJob<MlpConfig>;

const trainImages = (cfg: MlpConfig) => loadDataset(cfg.dataset, { idxDir: cfg.idxDir, limit: cfg.limit || undefined, testLimit: cfg.testLimit || undefined }).train.n;

/** The MLP as a seed task: the bar counts training images over all epochs (the cached dataset loads in milliseconds). */
export const mlpTask: SeedTask<MlpConfig, SeedResult> = {
  train: trainMlpSeed,
  workerUrl: new URL('./seed-worker.ts', import.meta.url),
  units: (cfg) => cfg.epochs * trainImages(cfg),
  name: (cfg) => cfg.synapse,
  finished: (r) => `${(100 * r.finalAccuracy).toFixed(2)} %`,
};

/**
 * Run jobs (seeds, sweep points) on up to `workers` worker threads — in this thread when one is enough — writing
 * each job's seed file atomically as soon as it finishes. Results come back in job order.
 */
export function runJobs(jobs: TrainJob[], opts: { workers: number; label: string; quiet?: boolean }): Promise<SeedResult[]> {
  return runSeedJobs(mlpTask, jobs, opts);
}

/** All seeds of one configuration: seed files, then the summary, plot (and, from the caller, the report). */
export async function runSeeds(cfg: MlpConfig, seeds: number[], outDir: string, opts: { workers: number; label: string; quiet?: boolean }): Promise<RunSummary> {
  const results = await runJobs(seeds.map((seed) => ({ cfg, seed, outDir })), opts);
  return summarize(cfg, seeds, results, outDir);
}

/** Summary JSON and accuracy-per-epoch SVG of one configuration's finished seeds. */
export async function summarize(cfg: MlpConfig, seeds: number[], results: SeedResult[], outDir: string): Promise<RunSummary> {
  const finals = results.map((r) => r.finalAccuracy);
  const bests = results.map((r) => Math.max(...r.epochs.map((e) => e.testAccuracy)));
  const summary: RunSummary = {
    config: cfg,
    seeds,
    finalAccuracy: { mean: mean(finals), std: std(finals), perSeed: finals },
    bestAccuracy: { mean: mean(bests), std: std(bests), perSeed: bests },
    perEpochMean: Array.from({ length: cfg.epochs }, (_, e) => mean(results.map((r) => r.epochs[e]!.testAccuracy))),
    results,
  };
  writeJsonAtomic(join(outDir, 'summary.json'), { ...summary, results: undefined });
  await writeSvg(
    join(outDir, 'accuracy-per-epoch.svg'),
    lineChart({
      title: `MLP ${cfg.dataset}: ${cfg.synapse}`,
      xLabel: 'epoch',
      yLabel: 'test accuracy (%)',
      integerX: true,
      series: results.map((r) => ({ name: `seed ${r.seed}`, x: r.epochs.map((e) => e.epoch), y: r.epochs.map((e) => 100 * e.testAccuracy) })),
    }),
  );
  return summary;
}

/** Paper 000's reported accuracies for context (digest of Fig. 5; full 20-epoch runs, 3 seeds). */
export function paperContext(cfg: MlpConfig): string {
  if (cfg.dataset !== 'fashion-mnist') return 'paper 000 (MNIST): continuous DW-MTJ synapses come close to the ideal floating-point accuracy';
  const a = cfg.array;
  if (a.kind === 'ideal') return 'paper 000 (Fashion-MNIST): the ideal floating-point baseline (the device runs are compared to it)';
  if (a.notches === 'continuous') return 'paper 000 (Fashion-MNIST): continuous levels with variation come close to ideal';
  if (a.carry) return 'paper 000 (Fashion-MNIST): periodic carry with two 32-notch devices recovers part of the loss';
  // A table directory is named for its mechanism (CrossSim's DWMTJ_SOT/…, DWMTJ_STT/…).
  const kind = (a.tables.kind === 'preset' ? a.tables.preset : a.tables.dir).toLowerCase();
  if (a.notches === 32 && /sot/.test(kind)) return 'paper 000 Fig. 5e (Fashion-MNIST, 32 notches, no carry): SOT 72 %';
  if (a.notches === 32 && /stt/.test(kind)) return 'paper 000 Fig. 5e (Fashion-MNIST, 32 notches, no carry): STT 10 % at the same learning rate';
  if (a.notches === 32) return 'paper 000 (Fashion-MNIST): 32 notches lose > 20 % against ideal without carry';
  return 'paper 000 Fig. 5e (Fashion-MNIST, no carry): SOT above STT at few notches, both approaching continuous as notches increase';
}

export function markdownReport(s: RunSummary): string {
  const c = s.config;
  const rows = s.results.map((r) => `| ${r.seed} | ${r.epochs.map((e) => (100 * e.testAccuracy).toFixed(2)).join(' / ')} |`);
  return [
    `# MLP on ${c.dataset}: ${c.synapse}`,
    '',
    `785 x ${c.hidden} and ${c.hidden + 1} x 10 arrays; ${c.epochs} epoch(s); α = ${c.alpha}; training images ${s.results[0]?.dataset.train}, test images ${s.results[0]?.dataset.test}.`,
    `Arrays: ${s.results[0]?.arrays.join('; ')}.`,
    `Data: ${s.results[0]?.dataset.source}; ${s.results[0]?.dataset.split}.`,
    '',
    '| seed | test accuracy per epoch (%) |',
    '|---|---|',
    ...rows,
    '',
    `**dwtwin: ${(100 * s.finalAccuracy.mean).toFixed(2)} ± ${(100 * s.finalAccuracy.std).toFixed(2)} %** after the last epoch, best epoch ${(100 * s.bestAccuracy.mean).toFixed(2)} ± ${(100 * s.bestAccuracy.std).toFixed(2)} % (${s.seeds.length} seed(s)).`,
    `Paper: ${paperContext(c)}.`,
    c.epochs < 20 || c.limit ? '\nThis is a reduced run (fewer epochs and/or images than the paper\'s 20 epochs on the full set): compare trends, not absolute values.' : '',
    '',
  ].join('\n');
}

export function writeReport(outDir: string, s: RunSummary): void {
  writeFileAtomic(join(outDir, 'report.md'), markdownReport(s));
}

