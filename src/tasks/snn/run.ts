// SNN runs: every (neuron model, seed) is a job in one worker pool (tasks/seed-jobs.ts); each model's seed files,
// summary JSON, accuracy-per-epoch SVG and Markdown report go to its own directory, and with several models a
// comparison (paper 003 Fig. 5d: test accuracy per epoch, mean and spread over seeds) goes above them.
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../../base/atomic-file.ts';
import { lineChart, writeSvg } from '../../base/plot.ts';
import { loadDataset } from '../../data/datasets.ts';
import type { NeuronModel } from '../../accel/neuron-types.ts';
import { mean, runSeedJobs, std, type SeedJob, type SeedTask } from '../seed-jobs.ts';
import type { SnnConfig } from './config.ts';
import { trainSnnSeed, type SnnSeedResult } from './train.ts';

/** Paper 003 (Fig. 5d and text; its code's runs in REFERENCES.md): epoch-10 accuracy and first-3-epoch spread. */
export const paper003Snn: Record<NeuronModel, { name: string; accuracy: number; accuracyStd: number; runs: number; spread3: number }> = {
  dw: { name: 'DW-MTJ, sigma 0.3', accuracy: 77.42, accuracyStd: 1.54, runs: 6, spread3: 1.1 },
  'dw-deterministic': { name: 'DW-MTJ, sigma 0', accuracy: 76.35, accuracyStd: 1.2, runs: 6, spread3: 2.2 },
  lif: { name: 'ideal LIF', accuracy: 79.07, accuracyStd: 0.26, runs: 5, spread3: 2.4 },
};

export interface SnnSummary {
  config: SnnConfig;
  seeds: number[];
  finalAccuracy: { mean: number; std: number; perSeed: number[] };
  bestAccuracy: { mean: number; std: number; perSeed: number[] };
  perEpochMean: number[];
  /** Standard deviation over seeds at each epoch. */
  perEpochStd: number[];
  /** Paper 003's steadiness measure: the over-seed standard deviation averaged over the first (up to) 3 epochs. */
  spreadFirst3: number;
}

const trainImages = (cfg: SnnConfig) => loadDataset(cfg.dataset, { idxDir: cfg.idxDir, limit: cfg.limit || undefined, testLimit: cfg.testLimit || undefined }).train.n;

export const snnTask: SeedTask<SnnConfig, SnnSeedResult> = {
  train: (cfg, seed, hooks) => trainSnnSeed(cfg, seed, hooks),
  workerUrl: new URL('./seed-worker.ts', import.meta.url),
  units: (cfg) => cfg.epochs * trainImages(cfg),
  name: (cfg) => cfg.neurons.model,
  finished: (r) => `${(100 * r.finalAccuracy).toFixed(2)} %`,
};

export function summarizeSnn(cfg: SnnConfig, results: SnnSeedResult[]): SnnSummary {
  const finals = results.map((r) => r.finalAccuracy);
  const bests = results.map((r) => Math.max(...r.epochs.map((e) => e.testAccuracy)));
  const at = (e: number) => results.map((r) => r.epochs[e]!.testAccuracy);
  const perEpochStd = Array.from({ length: cfg.epochs }, (_, e) => std(at(e)));
  return {
    config: cfg,
    seeds: results.map((r) => r.seed),
    finalAccuracy: { mean: mean(finals), std: std(finals), perSeed: finals },
    bestAccuracy: { mean: mean(bests), std: std(bests), perSeed: bests },
    perEpochMean: Array.from({ length: cfg.epochs }, (_, e) => mean(at(e))),
    perEpochStd,
    spreadFirst3: mean(perEpochStd.slice(0, 3)),
  };
}

const pct = (x: number) => (100 * x).toFixed(2);

function isReduced(c: SnnConfig): boolean {
  return c.epochs < 10 || c.limit > 0 || c.testLimit > 0 || c.steps < 400;
}

export function snnReport(s: SnnSummary, results: SnnSeedResult[]): string {
  const c = s.config;
  const p = paper003Snn[c.neurons.model];
  const r0 = results[0]!;
  return [
    `# Spiking MLP on ${c.dataset}: ${c.label}`,
    '',
    `784-${c.hidden.join('-')}-10, batch norm after each hidden layer, leaky-integrator readout (max over time); Poisson input (spike probability ${c.spikeProbability} per step for a white pixel), ${c.steps} steps of 0.1 ns per image; surrogate-gradient BPTT, Adam lr ${c.lr}, batch ${c.batch}; ${c.epochs} epoch(s).`,
    `Neurons: ${r0.neurons.join('; ')} (level ${c.neurons.level}). Training images ${r0.dataset.train}, test images ${r0.dataset.test}. Data: ${r0.dataset.source}; ${r0.dataset.split}.`,
    '',
    '| seed | test accuracy per epoch (%) | spikes per hidden neuron per image (last epoch) |',
    '|---|---|---|',
    ...results.map((r) => `| ${r.seed} | ${r.epochs.map((e) => pct(e.testAccuracy)).join(' / ')} | ${r.epochs[r.epochs.length - 1]!.spikesPerNeuron.toFixed(2)} |`),
    '',
    `| | dwtwin (${s.seeds.length} seed(s)) | paper 003 (${p.runs} runs, 10 epochs, 60,000 images, 400 steps) |`,
    '|---|---|---|',
    `| test accuracy, last epoch | ${pct(s.finalAccuracy.mean)} ± ${pct(s.finalAccuracy.std)} % | ${p.accuracy} ± ${p.accuracyStd} % |`,
    `| spread over seeds, first 3 epochs | ${pct(s.spreadFirst3)} % | ${p.spread3} % |`,
    '',
    isReduced(c) ? "This is a reduced run (fewer images, epochs or time steps than the paper's): compare orderings, not absolute values.\n" : '',
  ].join('\n');
}

/** Seed jobs of every model into `<out>/<model>/`, then each model's summary, plot and report; returns the summaries. */
export async function runSnn(cfgs: SnnConfig[], seeds: number[], out: string, opts: { workers: number; label: string; quiet?: boolean }): Promise<SnnSummary[]> {
  const dirOf = (c: SnnConfig) => (cfgs.length > 1 ? join(out, c.neurons.model) : out);
  const jobs: SeedJob<SnnConfig>[] = cfgs.flatMap((cfg) => seeds.map((seed) => ({ cfg, seed, outDir: dirOf(cfg) })));
  const results = await runSeedJobs(snnTask, jobs, opts);
  const summaries: SnnSummary[] = [];
  for (const cfg of cfgs) {
    const rs = results.filter((_, i) => jobs[i]!.cfg === cfg);
    const s = summarizeSnn(cfg, rs);
    summaries.push(s);
    const dir = dirOf(cfg);
    writeJsonAtomic(join(dir, 'summary.json'), s);
    await writeSvg(
      join(dir, 'accuracy-per-epoch.svg'),
      lineChart({ title: `SNN ${cfg.dataset}: ${cfg.label}`, xLabel: 'epoch', yLabel: 'test accuracy (%)', integerX: true, series: rs.map((r) => ({ name: `seed ${r.seed}`, x: r.epochs.map((e) => e.epoch), y: r.epochs.map((e) => 100 * e.testAccuracy) })) }),
    );
    writeFileAtomic(join(dir, 'report.md'), snnReport(s, rs));
  }
  if (cfgs.length > 1) await writeComparison(summaries, out);
  return summaries;
}

/** Fig. 5d: mean test accuracy per epoch of each neuron model, with mean ± std bands as separate series. */
async function writeComparison(ss: SnnSummary[], out: string): Promise<void> {
  const series = ss.flatMap((s) => {
    const x = s.perEpochMean.map((_, e) => e + 1);
    const name = paper003Snn[s.config.neurons.model].name;
    return [
      { name, x, y: s.perEpochMean.map((m) => 100 * m) },
      ...(s.seeds.length > 1 ? [{ name: `${name} ± std`, x: [...x, ...x.slice().reverse()], y: [...s.perEpochMean.map((m, e) => 100 * (m + s.perEpochStd[e]!)), ...s.perEpochMean.map((m, e) => 100 * (m - s.perEpochStd[e]!)).reverse()] }] : []),
    ];
  });
  await writeSvg(join(out, 'accuracy-per-epoch.svg'), lineChart({ title: 'Paper 003 Fig. 5d: SNN test accuracy per epoch (mean over seeds)', xLabel: 'epoch', yLabel: 'test accuracy (%)', series: series.filter((s) => !s.name.endsWith('± std')) }));
  writeJsonAtomic(join(out, 'comparison.json'), ss.map((s) => ({ neuron: s.config.neurons.model, seeds: s.seeds, finalAccuracy: s.finalAccuracy, perEpochMean: s.perEpochMean, perEpochStd: s.perEpochStd, spreadFirst3: s.spreadFirst3, paper: paper003Snn[s.config.neurons.model] })));
  const rows = ss.map((s) => {
    const p = paper003Snn[s.config.neurons.model];
    return `| ${p.name} | ${pct(s.finalAccuracy.mean)} ± ${pct(s.finalAccuracy.std)} | ${p.accuracy} ± ${p.accuracyStd} | ${pct(s.spreadFirst3)} | ${p.spread3} | ${s.perEpochMean.map(pct).join(' / ')} |`;
  });
  const c = ss[0]!.config;
  writeFileAtomic(
    join(out, 'report.md'),
    [
      `# Paper 003 Fig. 5d: spiking MLP with DW-MTJ vs LIF neurons (${c.dataset})`,
      '',
      `784-${c.hidden.join('-')}-10, ${c.steps} steps, batch ${c.batch}, Adam lr ${c.lr}, ${c.epochs} epoch(s), seeds ${ss[0]!.seeds.join(', ')}; per-model reports in the subdirectories.`,
      '',
      '| neuron | dwtwin last epoch (%) | paper epoch 10 (%) | dwtwin spread, first 3 epochs (%) | paper spread (%) | dwtwin mean per epoch (%) |',
      '|---|---|---|---|---|---|',
      ...rows,
      '',
      'Paper 003: the DW-MTJ neuron about 2 points below the ideal LIF, the noisy (sigma 0.3) neuron slightly above the deterministic one and steadier over the first 3 epochs.',
      isReduced(c) ? "\nThis is a reduced run (fewer images, epochs or time steps than the paper's): compare orderings, not absolute values.\n" : '',
    ].join('\n'),
  );
}
