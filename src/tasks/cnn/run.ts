// Seeds of a quantized-CNN configuration through the shared worker pool; summary JSON, accuracy-per-epoch SVG and
// a Markdown report beside paper 002; the ADC and variation sweeps' tables and plots beside Tables VII and X.
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../../base/atomic-file.ts';
import { lineChart, writeSvg } from '../../base/plot.ts';
import { mean, std, type SeedTask } from '../seed-jobs.ts';
import { CNN_PAPER, type CnnConfig } from './config.ts';
import { cnnSteps, trainCnnSeed, type CnnSeedResult } from './train.ts';

export const cnnTask: SeedTask<CnnConfig, CnnSeedResult> = {
  train: trainCnnSeed,
  workerUrl: new URL('./seed-worker.ts', import.meta.url),
  units: cnnSteps,
  name: (cfg) => cfg.label,
  finished: (r) => `${(100 * r.finalAccuracy).toFixed(2)} %`,
};

export interface CnnSummary {
  config: CnnConfig;
  seeds: number[];
  finalAccuracy: { mean: number; std: number; perSeed: number[] };
  perEpochMean: number[];
}

export function cnnPaperContext(cfg: CnnConfig): string {
  if (cfg.array.kind === 'ideal') return 'paper 002: the 32-bit design reaches about the 5-state accuracy (Fig. 4; 90.4 % inference with 5 states, CIFAR-10)';
  const adc = CNN_PAPER.adc.find((p) => p.bits === cfg.array.geometry.adcBits);
  const v = CNN_PAPER.variation.find((p) => p.sigma === Math.round(100 * cfg.array.sigma));
  const parts = [adc && `${adc.bits}-bit ADC ${adc.accuracy} % (Table VII)`, v && v.sigma > 0 && `${v.sigma} % conductance variation ${v.accuracy} % (Table X)`].filter(Boolean);
  return `paper 002 (VGG-8, CIFAR-10, 125 epochs): ${parts.length ? parts.join('; ') : '90.4 % inference with 5-state synapses'}`;
}

export async function summarizeCnn(cfg: CnnConfig, results: CnnSeedResult[], outDir: string): Promise<CnnSummary> {
  const finals = results.map((r) => r.finalAccuracy);
  const s: CnnSummary = {
    config: cfg,
    seeds: results.map((r) => r.seed),
    finalAccuracy: { mean: mean(finals), std: std(finals), perSeed: finals },
    perEpochMean: Array.from({ length: cfg.epochs }, (_, e) => mean(results.map((r) => r.epochs[e]!.testAccuracy))),
  };
  writeJsonAtomic(join(outDir, 'summary.json'), s);
  await writeSvg(
    join(outDir, 'accuracy-per-epoch.svg'),
    lineChart({ title: `Quantized CNN: ${cfg.label}`, xLabel: 'epoch', yLabel: 'test accuracy (%)', integerX: true, series: results.map((r) => ({ name: `seed ${r.seed}`, x: r.epochs.map((e) => e.epoch), y: r.epochs.map((e) => 100 * e.testAccuracy) })) }),
  );
  const r0 = results[0]!;
  writeFileAtomic(
    join(outDir, 'report.md'),
    [
      `# Quantized CNN (paper 002) on ${cfg.dataset}: ${cfg.label}`,
      '',
      `${cfg.channels.length} convolutions (3 x 3, channels ${cfg.channels.join(', ')}, 2 x 2 max-pool after each) and 2 fully connected layers (${cfg.fc}, 10) on ${cfg.side} x ${cfg.side} images; ${cfg.epochs} epoch(s), batch ${cfg.batch}, Adam lr ${cfg.lr} feeding the paper's update SR(clip(W + dW, -1 + s, 1 - s)), s = 2^(1 - ${cfg.array.updateBits}); training images ${r0.dataset.train}, test images ${r0.dataset.test}.`,
      `Arrays: ${r0.arrays.join('; ')}.`,
      `Data: ${r0.dataset.source}.`,
      '',
      '| seed | test accuracy per epoch (%) | sub-array reads | ADC conversions | device state changes |',
      '|---|---|---|---|---|',
      ...results.map((r) => `| ${r.seed} | ${r.epochs.map((e) => (100 * e.testAccuracy).toFixed(2)).join(' / ')} | ${r.activity.subArrayReads} | ${r.activity.conversions} | ${r.activity.stateChanges} |`),
      '',
      `**dwtwin: ${(100 * s.finalAccuracy.mean).toFixed(2)} ± ${(100 * s.finalAccuracy.std).toFixed(2)} %** (${s.seeds.length} seed(s)). Paper: ${cnnPaperContext(cfg)}.`,
      '',
      'A reduced network and protocol on two CPU cores (see the first paragraph): compare the shape of the sweeps, not absolute values.',
      '',
    ].join('\n'),
  );
  return s;
}

/** Table VII / Table X beside ours: sweep.json, accuracy-vs-<what>.svg, report.md. */
export async function writeCnnSweep(outDir: string, what: 'adc' | 'variation', rows: { value: number; summary: CnnSummary }[]): Promise<void> {
  const paper = what === 'adc' ? CNN_PAPER.adc.map((p) => ({ value: p.bits, accuracy: p.accuracy })) : CNN_PAPER.variation.map((p) => ({ value: p.sigma, accuracy: p.accuracy }));
  const xLabel = what === 'adc' ? 'ADC precision (bits)' : 'device conductance variation (%)';
  const name = what === 'adc' ? 'bits' : 'sigma';
  writeJsonAtomic(join(outDir, 'sweep.json'), { sweep: what, points: rows.map((r) => ({ [name]: r.value, mean: r.summary.finalAccuracy.mean, std: r.summary.finalAccuracy.std, paper: paper.find((p) => p.value === r.value)?.accuracy ?? null })) });
  const sorted = [...rows].sort((a, b) => a.value - b.value);
  await writeSvg(
    join(outDir, `accuracy-vs-${what}.svg`),
    lineChart({
      title: `Quantized CNN: test accuracy vs ${xLabel} (paper 002 ${what === 'adc' ? 'Table VII' : 'Table X'})`,
      xLabel,
      yLabel: 'test accuracy (%)',
      integerX: true,
      series: [
        { name: `dwtwin (${rows[0]!.summary.config.dataset}, reduced)`, x: sorted.map((r) => r.value), y: sorted.map((r) => 100 * r.summary.finalAccuracy.mean) },
        { name: 'paper 002 (VGG-8, CIFAR-10)', x: [...paper].sort((a, b) => a.value - b.value).map((p) => p.value), y: [...paper].sort((a, b) => a.value - b.value).map((p) => p.accuracy) },
      ],
    }),
  );
  writeFileAtomic(
    join(outDir, 'report.md'),
    [
      `# Quantized CNN: ${what === 'adc' ? 'ADC precision (paper 002 Table VII)' : 'conductance variation (paper 002 Table X)'}`,
      '',
      `| ${xLabel} | dwtwin test accuracy (%) | paper 002 (%) |`,
      '|---|---|---|',
      ...rows.map((r) => `| ${r.value} | ${(100 * r.summary.finalAccuracy.mean).toFixed(2)} ± ${(100 * r.summary.finalAccuracy.std).toFixed(2)} | ${paper.find((p) => p.value === r.value)?.accuracy ?? '-'} |`),
      '',
      `Ours: ${rows[0]!.summary.config.dataset}, ${rows[0]!.summary.config.epochs} epoch(s), ${rows[0]!.summary.seeds.length} seed(s), the reduced network of each point's report.md; the paper: VGG-8 on CIFAR-10, 125 epochs.`,
      '',
    ].join('\n'),
  );
}
