// `dwtwin sweep notches --synapse stt-300k,sot-300k --notches 8,16,32,64,128,continuous ...`: the notch-count sweep
// of paper 000 (Fig. 5e), every point trained with the same options; accuracy-versus-notches SVG, JSON and report.
import { join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { writeFileAtomic, writeJsonAtomic } from '../../base/atomic-file.ts';
import { InputError } from '../../base/errors.ts';
import { lineChart, writeSvg } from '../../base/plot.ts';
import { defaultWorkerCount } from '../../base/workers.ts';
import { paperContext, runJobs, summarize, writeReport } from '../../tasks/mlp/run.ts';
import { list, oneOf, positiveInt, seed } from '../args.ts';
import { mlpConfigFromArgs, type TrainArgs } from './train.ts';

export const sweepCommand: CommandModule = {
  command: 'sweep <what>',
  describe: 'Sweep a device parameter over MLP training runs (what: notches)',
  builder: (y) =>
    y
      .positional('what', { type: 'string', describe: 'notches' })
      .option('synapse', { type: 'string', default: 'stt-300k,sot-300k', describe: 'comma-separated synapse presets' })
      .option('notches', { type: 'string', default: '8,16,32,64,128,continuous', describe: 'comma-separated notch counts or "continuous"' })
      .option('dataset', { type: 'string', default: 'fashion-mnist' })
      .option('epochs', { type: 'number', default: 20 })
      .option('seeds', { type: 'number', default: 1 })
      .option('seed', { type: 'number', default: 1 })
      .option('limit', { type: 'number', default: 0 })
      .option('test-limit', { type: 'number', default: 0 })
      .option('lr', { type: 'number', default: 0.05 })
      .option('variants', { type: 'number', default: 1 })
      .option('tables', { type: 'string', describe: 'directory of CrossSim tables instead of the generated ones' })
      .option('carry', { type: 'boolean', describe: 'periodic carry (notched points only)' })
      .option('row-slots', { type: 'number', default: 8 })
      .option('col-levels', { type: 'number', default: 8 })
      .option('idx', { type: 'string' })
      .option('workers', { type: 'number', default: defaultWorkerCount() })
      .option('out', { type: 'string', default: 'out/sweep-notches' }),
  handler: async (argv) => {
    oneOf('what', argv.what, ['notches'] as const);
    const synapses = list(argv.synapse);
    const notches = list(argv.notches);
    if (!synapses.length || !notches.length) throw new InputError('--synapse and --notches: expected non-empty comma-separated lists');
    const first = seed('seed', argv.seed);
    const seeds = Array.from({ length: positiveInt('seeds', argv.seeds) }, (_, i) => first + i);
    // Validate every point before training any of them.
    const points = synapses.flatMap((synapse) => notches.map((n) => ({ synapse, notches: n, cfg: mlpConfigFromArgs({ ...(argv as unknown as TrainArgs), synapse, notches: n }) })));
    const out = resolve(String(argv.out));
    // Fig. 5e plots the best test accuracy of the epochs; the last epoch's is kept beside it.
    const rows: { synapse: string; notches: string; mean: number; std: number; finalMean: number }[] = [];
    // Every (point, seed) is one job in one worker pool, so points run in parallel too.
    const jobs = points.flatMap((p) => seeds.map((seed) => ({ cfg: p.cfg, seed, outDir: join(out, `${p.synapse}-${p.notches}`) })));
    const results = await runJobs(jobs, { workers: positiveInt('workers', argv.workers), label: 'sweep notches' });
    for (const [i, p] of points.entries()) {
      const dir = join(out, `${p.synapse}-${p.notches}`);
      const s = await summarize(p.cfg, seeds, results.slice(i * seeds.length, (i + 1) * seeds.length), dir);
      writeReport(dir, s);
      rows.push({ synapse: p.synapse, notches: p.notches, mean: s.bestAccuracy.mean, std: s.bestAccuracy.std, finalMean: s.finalAccuracy.mean });
      process.stdout.write(`${p.synapse} ${p.notches}: best epoch ${(100 * s.bestAccuracy.mean).toFixed(2)} %, last ${(100 * s.finalAccuracy.mean).toFixed(2)} % (${paperContext(p.cfg)})\n`);
    }
    writeJsonAtomic(join(out, 'sweep.json'), { seeds, points: rows });
    const numeric = (n: string) => (n === 'continuous' ? 1024 : Number(n));
    await writeSvg(
      join(out, 'accuracy-vs-notches.svg'),
      lineChart({
        title: 'Best-epoch test accuracy vs notches per device (continuous plotted at 1024)',
        xLabel: 'notches per device',
        yLabel: 'best-epoch test accuracy (%)',
        xScale: 'log',
        series: synapses.map((s) => {
          const r = rows.filter((x) => x.synapse === s);
          return { name: s, x: r.map((x) => numeric(x.notches)), y: r.map((x) => 100 * x.mean) };
        }),
      }),
    );
    writeFileAtomic(
      join(out, 'report.md'),
      ['# Notch sweep', '', '| synapse | notches | dwtwin best-epoch test accuracy (%) | last epoch (%) |', '|---|---|---|---|', ...rows.map((r) => `| ${r.synapse} | ${r.notches} | ${(100 * r.mean).toFixed(2)} ± ${(100 * r.std).toFixed(2)} | ${(100 * r.finalMean).toFixed(2)} |`), '', 'Paper 000 Fig. 5e (Fashion-MNIST, 32 notches, same learning rate): SOT 72 %, STT 10 %.', ''].join('\n'),
    );
    process.stdout.write(`sweep: ${join(out, 'accuracy-vs-notches.svg')}, sweep.json, report.md\n`);
  },
};
