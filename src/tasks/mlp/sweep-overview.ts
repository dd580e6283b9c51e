// The overview of a sweep over one MLP option: sweep.json, accuracy-vs-<what>.svg (best epoch, as Fig. 5e) and
// report.md, from each point's summary. Written by `dwtwin sweep` after its points and by `dwtwin report --plan`
// after the same points ran as separate jobs (the same bytes).
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../../base/atomic-file.ts';
import { lineChart, writeSvg } from '../../base/plot.ts';
import type { RunSummary } from './run.ts';

export const sweepAxes: Record<string, { title: string; x: (v: string) => number }> = {
  notches: { title: 'notches per device (continuous plotted at 1024)', x: (v) => (v === 'continuous' ? 1024 : Number(v)) },
  lr: { title: 'initial learning rate α', x: (v) => Number(v) },
};

export interface SweepRow {
  synapse: string;
  value: string;
  mean: number;
  std: number;
  finalMean: number;
}

/** Fig. 5e plots the best test accuracy of the epochs; the last epoch's is kept beside it. */
export const sweepRow = (synapse: string, value: string, s: RunSummary): SweepRow => ({ synapse, value, mean: s.bestAccuracy.mean, std: s.bestAccuracy.std, finalMean: s.finalAccuracy.mean });

/** Write the overview files into `out`; returns the plot's path. */
export async function writeSweepOverview(out: string, what: string, seeds: number[], synapses: string[], rows: SweepRow[]): Promise<string> {
  const axis = sweepAxes[what];
  if (!axis) throw new Error(`writeSweepOverview: unknown sweep ${what}`);
  writeJsonAtomic(join(out, 'sweep.json'), { sweep: what, seeds, points: rows.map(({ value, ...r }) => ({ ...r, [what]: value })) });
  const plot = join(out, `accuracy-vs-${what}.svg`);
  await writeSvg(
    plot,
    lineChart({
      title: `Best-epoch test accuracy vs ${axis.title}`,
      xLabel: axis.title,
      yLabel: 'best-epoch test accuracy (%)',
      xScale: 'log',
      series: synapses.map((s) => {
        const r = rows.filter((x) => x.synapse === s);
        return { name: s, x: r.map((x) => axis.x(x.value)), y: r.map((x) => 100 * x.mean) };
      }),
    }),
  );
  writeFileAtomic(
    join(out, 'report.md'),
    [
      `# Sweep over ${what}`,
      '',
      `| synapse | ${what} | dwtwin best-epoch test accuracy (%) | last epoch (%) |`,
      '|---|---|---|---|',
      ...rows.map((r) => `| ${r.synapse} | ${r.value} | ${(100 * r.mean).toFixed(2)} ± ${(100 * r.std).toFixed(2)} | ${(100 * r.finalMean).toFixed(2)} |`),
      '',
      'Paper 000 Fig. 5e (Fashion-MNIST, 32 notches, same learning rate): SOT 72 %, STT 10 %; STT at a larger learning rate learns (dashed curve).',
      '',
    ].join('\n'),
  );
  return plot;
}
