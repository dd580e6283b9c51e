// Seeds of a stream-learning configuration through the shared worker pool; summary JSON, accuracy-per-subset SVG
// and a Markdown report beside paper 001's Fig. 5a.
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../../base/atomic-file.ts';
import { lineChart, writeSvg, type Series } from '../../base/plot.ts';
import { mean, std, type SeedTask } from '../seed-jobs.ts';
import { STREAM_PAPER, type StreamBnnConfig } from './config.ts';
import { streamSteps, trainStreamSeed, type StreamSeedResult } from './train.ts';

export const streamBnnTask: SeedTask<StreamBnnConfig, StreamSeedResult> = {
  train: trainStreamSeed,
  workerUrl: new URL('./seed-worker.ts', import.meta.url),
  units: streamSteps,
  name: (cfg) => cfg.label,
  finished: (r) => `${(100 * r.finalAccuracy).toFixed(2)} %`,
};

export interface StreamSummary {
  config: StreamBnnConfig;
  seeds: number[];
  finalAccuracy: { mean: number; std: number; perSeed: number[] };
  /** Mean test accuracy after each subset (or epoch, all at once). */
  perPointMean: number[];
}

/** Paper 001 Fig. 5a's reading for this configuration. */
export function streamPaperContext(cfg: StreamBnnConfig): string {
  const s = cfg.synapse;
  if (cfg.allAtOnce) return 'paper 001 Fig. 5a (ticks): training on all the data at once reaches about 86 %';
  if (s === 'trapezoid') return `paper 001 Fig. 5a: trapezoid (1:4, delta 3) about 86 % after the 60 subsets${cfg.array.levels && cfg.array.levels !== 4 ? '; 4, 8 and 16 levels alike (Supp. Fig. 3)' : ''}`;
  if (s === 'linear-32') return 'paper 001 Fig. 5b: the non-binarized linear synapse with 32 levels also approaches 86 %';
  return `paper 001 Fig. 5a: linear synapses (delta 1 or 3) about 83 % after the 60 subsets${s === 'linear-d3' ? ' (delta 3 ahead until about subset 35)' : ''}`;
}

export async function summarizeStream(cfg: StreamBnnConfig, results: StreamSeedResult[], outDir: string): Promise<StreamSummary> {
  const finals = results.map((r) => r.finalAccuracy);
  const n = results[0]!.points.length;
  const summary: StreamSummary = {
    config: cfg,
    seeds: results.map((r) => r.seed),
    finalAccuracy: { mean: mean(finals), std: std(finals), perSeed: finals },
    perPointMean: Array.from({ length: n }, (_, i) => mean(results.map((r) => r.points[i]!.testAccuracy))),
  };
  writeJsonAtomic(join(outDir, 'summary.json'), summary);
  const axis = results[0]!.axis;
  await writeSvg(
    join(outDir, `accuracy-per-${axis}.svg`),
    lineChart({
      title: `Stream Fashion-MNIST: ${cfg.label}`,
      xLabel: axis === 'subset' ? 'subsets learnt' : 'epoch (all data at once)',
      yLabel: 'test accuracy (%)',
      integerX: true,
      series: results.map((r) => ({ name: `seed ${r.seed}`, x: r.points.map((p) => p.index), y: r.points.map((p) => 100 * p.testAccuracy) })),
      references: [{ name: streamPaperContext(cfg), y: cfg.synapse === 'trapezoid' || cfg.synapse === 'linear-32' || cfg.allAtOnce ? 86 : 83 }],
    }),
  );
  writeFileAtomic(join(outDir, 'report.md'), streamReport(summary, results));
  return summary;
}

export function reducedNote(cfg: StreamBnnConfig): string {
  const P = STREAM_PAPER;
  const diffs = [
    cfg.subsets !== P.subsets && `${cfg.subsets} subsets (paper ${P.subsets})`,
    cfg.subsetSize !== P.subsetSize && `${cfg.subsetSize} images per subset (paper ${P.subsetSize})`,
    cfg.epochs !== P.epochs && `${cfg.epochs} epoch(s) per subset (paper ${P.epochs})`,
    cfg.hidden !== P.hidden && `hidden layers of ${cfg.hidden} (paper ${P.hidden})`,
    cfg.testLimit && `${cfg.testLimit} test images (paper 10,000)`,
  ].filter(Boolean);
  return diffs.length ? `Reduced protocol: ${diffs.join(', ')}; compare orderings and shapes, not absolute values.` : "Paper 001's protocol.";
}

function streamReport(s: StreamSummary, results: StreamSeedResult[]): string {
  const c = s.config;
  const r0 = results[0]!;
  return [
    `# Stream learning (paper 001, Fig. 5a): ${c.label}`,
    '',
    `Binarized MLP 784-${c.hidden}-${c.hidden}-10 (sign activations, batch norm without affine parameters, Adam lr ${c.lr}, batch ${c.batch}); ${c.allAtOnce ? `all ${r0.dataset.train} images at once for ${c.epochs} epoch(s)` : `${r0.points.length} subsets of ${c.subsetSize} images learnt one after another, ${c.epochs} epoch(s) each`}; test images ${r0.dataset.test}.`,
    `Arrays: ${r0.arrays.join('; ')}.`,
    `Data: ${r0.dataset.source}; ${r0.dataset.split}.`,
    '',
    `| seed | final test accuracy (%) | sign flips per layer |`,
    '|---|---|---|',
    ...results.map((r) => `| ${r.seed} | ${(100 * r.finalAccuracy).toFixed(2)} | ${r.flips.join(' / ')} |`),
    '',
    `Test accuracy after each ${r0.axis} (mean over seeds, %): ${s.perPointMean.map((a) => (100 * a).toFixed(1)).join(', ')}.`,
    '',
    `**dwtwin: ${(100 * s.finalAccuracy.mean).toFixed(2)} ± ${(100 * s.finalAccuracy.std).toFixed(2)} %** (${s.seeds.length} seed(s)). Paper: ${streamPaperContext(c)}.`,
    '',
    reducedNote(c),
    '',
  ].join('\n');
}

/** Several configurations on one plot (dwtwin sweep stream): mean accuracy per subset, one line each. */
export async function writeStreamComparison(outDir: string, points: { name: string; summary: StreamSummary; axis: 'subset' | 'epoch' }[]): Promise<void> {
  const stream = points.filter((p) => p.axis === 'subset');
  const series: Series[] = stream.map((p) => ({ name: p.name, x: p.summary.perPointMean.map((_, i) => i + 1), y: p.summary.perPointMean.map((a) => 100 * a) }));
  const base = points.filter((p) => p.axis === 'epoch');
  await writeSvg(
    join(outDir, 'accuracy-vs-subset.svg'),
    lineChart({
      title: 'Stream Fashion-MNIST: test accuracy after each subset (paper 001 Fig. 5a)',
      xLabel: 'subsets learnt',
      yLabel: 'test accuracy (%)',
      integerX: true,
      series,
      references: [
        ...base.map((p) => ({ name: `${p.name} (last epoch)`, y: 100 * p.summary.finalAccuracy.mean })),
        { name: 'paper: trapezoid ~86 %', y: 86 },
        { name: 'paper: linear ~83 %', y: 83 },
      ],
    }),
  );
  const rows = points.map((p) => `| ${p.name} | ${p.axis === 'epoch' ? 'all at once' : 'stream'} | ${(100 * p.summary.finalAccuracy.mean).toFixed(2)} ± ${(100 * p.summary.finalAccuracy.std).toFixed(2)} | ${streamPaperContext(p.summary.config)} |`);
  writeJsonAtomic(join(outDir, 'sweep.json'), { sweep: 'stream', points: points.map((p) => ({ name: p.name, mode: p.axis === 'epoch' ? 'all-at-once' : 'stream', mean: p.summary.finalAccuracy.mean, std: p.summary.finalAccuracy.std, perSubsetMean: p.summary.perPointMean })) });
  writeFileAtomic(
    join(outDir, 'report.md'),
    ['# Stream learning: device types (paper 001, Fig. 5a)', '', '| synapse | training | dwtwin final test accuracy (%) | paper |', '|---|---|---|---|', ...rows, '', reducedNote(points[0]!.summary.config), ''].join('\n'),
  );
}
