// `dwtwin sweep notches|lr --synapse stt-300k,sot-300k ...`: MLP training runs over one swept option, every point
// trained with the same other options. `notches` is paper 000's Fig. 5e; `lr` shows the other half of Fig. 5e's
// story (STT at a larger learning rate, the dashed curve): whether a notched device learns depends on how the
// requests compare with its depinning threshold. Accuracy-versus-parameter SVG, JSON and report.
import { join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { InputError } from '../../base/errors.ts';
import { defaultWorkerCount } from '../../base/workers.ts';
import { DEFAULT_ALPHA } from '../../tasks/mlp/config.ts';
import { paperContext, runJobs, summarize, writeReport } from '../../tasks/mlp/run.ts';
import { sweepRow, writeSweepOverview, type SweepRow } from '../../tasks/mlp/sweep-overview.ts';
import { list, oneOf, outputDir } from '../args.ts';
import { optionArgv } from '../plan/job-argv.ts';
import { writeRunPlan } from '../plan/make-plan.ts';
import { mlpConfigFromArgs, seedsAndWorkers, type TrainArgs } from './train.ts';
import { cnnSweepOptions, sweepCnn } from './train-cnn.ts';
import { streamBnnOptions, sweepStream } from './train-stream-bnn.ts';

/** Sweeps of the other tasks (their own modules). */
const otherSweeps: Record<string, (argv: Record<string, unknown>) => Promise<void>> = { stream: sweepStream, adc: sweepCnn('adc'), variation: sweepCnn('variation') };

const sweeps = {
  notches: {
    dir: (synapse: string, v: string) => `${synapse}-${v}`,
    other: 'lr',
    defaults: { notches: '8,16,32,64,128,continuous', lr: String(DEFAULT_ALPHA) },
  },
  lr: {
    dir: (synapse: string, v: string) => `${synapse}-lr${v}`,
    other: 'notches',
    defaults: { notches: '32', lr: '0.005,0.01,0.02,0.05' },
  },
} as const;
type SweepName = keyof typeof sweeps;

export const sweepCommand: CommandModule = {
  command: 'sweep <what>',
  describe: 'Sweep MLP training runs over notch counts (Fig. 5e) or learning rates',
  builder: (y) =>
    y
      .positional('what', { type: 'string', describe: `notches | lr (mlp) | ${Object.keys(otherSweeps).join(' | ')}` })
      .option('synapse', { type: 'string', describe: 'comma-separated synapse presets (mlp: default stt-300k,sot-300k; stream: trapezoid,linear,linear-d3, NAME:LEVELS allowed)' })
      .option('notches', { type: 'string', describe: 'notch counts or "continuous" (sweep notches: a list, default 8,16,32,64,128,continuous; sweep lr: one value, default 32)' })
      .option('dataset', { type: 'string', default: 'fashion-mnist' })
      .option('epochs', { type: 'number', describe: 'epochs (mlp: default 20; stream: per subset, default 30)' })
      .option('seeds', { type: 'number', default: 1 })
      .option('seed', { type: 'number', default: 1 })
      .option('limit', { type: 'number', default: 0 })
      .option('test-limit', { type: 'number', default: 0 })
      .option('lr', { type: 'string', describe: `learning rate α (sweep lr: a list, default 0.005,0.01,0.02,0.05; sweep notches: one value, default ${DEFAULT_ALPHA})` })
      .option('variants', { type: 'number', default: 20, describe: 'device-to-device table variants (paper 000: 20)' })
      .option('tables', { type: 'string', describe: 'directory of CrossSim tables instead of the generated ones' })
      .option('carry', { type: 'boolean', describe: 'periodic carry (notched points only)' })
      .option('row-slots', { type: 'number', default: 8 })
      .option('col-levels', { type: 'number', default: 8 })
      .option('idx', { type: 'string' })
      .option('workers', { type: 'number', default: defaultWorkerCount() })
      .option('out', { type: 'string', describe: 'output directory (default out/sweep-<what>)' })
      .options(streamBnnOptions)
      .options(cnnSweepOptions)
      .option('baseline', { type: 'boolean', describe: 'stream: add each synapse\'s all-at-once run' })
      .option('plan', { type: 'string', describe: 'write the jobs (one per point and seed) to this JSON plan instead of training (run it with dwtwin cluster submit or GNU parallel)' }),
  handler: async (argv) => {
    const other = Object.hasOwn(otherSweeps, String(argv.what)) ? otherSweeps[String(argv.what)] : undefined;
    if (other && argv.plan !== undefined) throw new InputError(`--plan: sweep ${String(argv.what)} does not write plans yet; plan its points one by one with dwtwin train --task ... --plan FILE`);
    if (other) return other(argv as Record<string, unknown>);
    const what: SweepName = oneOf('what', argv.what, [...Object.keys(sweeps), ...Object.keys(otherSweeps)] as SweepName[]);
    const sw = sweeps[what];
    const opt = (name: 'notches' | 'lr') => String(argv[name] ?? sw.defaults[name]);
    const synapses = list(argv.synapse ?? 'stt-300k,sot-300k');
    const values = list(opt(what));
    if (!synapses.length || !values.length) throw new InputError(`--synapse and --${what}: expected non-empty comma-separated lists`);
    if (list(opt(sw.other)).length !== 1) throw new InputError(`--${sw.other}: sweep ${what} takes one value (got ${JSON.stringify(opt(sw.other))}); sweep it with dwtwin sweep ${sw.other}`);
    const { seeds, workers } = seedsAndWorkers(argv as Record<string, unknown>);
    // Validate every point before training any of them.
    const points = synapses.flatMap((synapse) => values.map((value) => ({ synapse, value, dir: sw.dir(synapse, value), cfg: mlpConfigFromArgs({ ...(argv as unknown as TrainArgs), synapse, [sw.other]: opt(sw.other), [what]: value }) })));
    const out = outputDir('out', argv.out ?? `out/sweep-${what}`);
    // Fig. 5e plots the best test accuracy of the epochs; the last epoch's is kept beside it.
    const rows: SweepRow[] = [];
    // Every (point, seed) is one job in one worker pool, so points run in parallel too.
    const jobs = points.flatMap((p) => seeds.map((seed) => ({ cfg: p.cfg, seed, outDir: join(out, p.dir) })));
    if (argv.plan !== undefined) {
      // Each job is the single-seed `dwtwin train` of its point: the sweep's options with the point's values.
      const single = (p: (typeof points)[number], seed: number) =>
        optionArgv(['train'], argv, { drop: ['what'], set: { synapse: p.synapse, [what]: p.value, [sw.other]: opt(sw.other), seed, seeds: 1, workers: 1, out: join(out, p.dir) } });
      writeRunPlan(
        resolve(String(argv.plan)),
        points.flatMap((p) => seeds.map((seed) => ({ argv: single(p, seed), outDir: join(out, p.dir), seed }))),
        { runs: points.map((p) => ({ dir: join(out, p.dir), seeds })), sweep: { what, out, seeds, points: points.map((p) => ({ synapse: p.synapse, value: p.value, dir: join(out, p.dir) })) } },
      );
      return;
    }
    const results = await runJobs(jobs, { workers, label: `sweep ${what}` });
    for (const [i, p] of points.entries()) {
      const dir = join(out, p.dir);
      const s = await summarize(p.cfg, seeds, results.slice(i * seeds.length, (i + 1) * seeds.length), dir);
      writeReport(dir, s);
      rows.push(sweepRow(p.synapse, p.value, s));
      process.stdout.write(`${p.synapse} ${what} ${p.value}: best epoch ${(100 * s.bestAccuracy.mean).toFixed(2)} %, last ${(100 * s.finalAccuracy.mean).toFixed(2)} % (${paperContext(p.cfg)})\n`);
    }
    const plot = await writeSweepOverview(out, what, seeds, synapses, rows);
    process.stdout.write(`sweep: ${plot}, sweep.json, report.md\n`);
  },
};
