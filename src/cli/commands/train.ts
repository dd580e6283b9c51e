// `dwtwin train --task mlp ...`: on-chip training of paper 000's MLP with ideal or DW-MTJ synapse arrays.
import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import type { ArraySpec } from '../../accel/create-array.ts';
import { tableDirVariants } from '../../accel/table-source.ts';
import { InputError } from '../../base/errors.ts';
import { defaultWorkerCount } from '../../base/workers.ts';
import { datasetNames, type DatasetName } from '../../data/datasets.ts';
import { synapsePresetNames } from '../../devices/synapse/presets.ts';
import { DEFAULT_ALPHA, type MlpConfig } from '../../tasks/mlp/config.ts';
import { paperContext, runSeeds, writeReport } from '../../tasks/mlp/run.ts';
import { loadTf } from '../../tasks/tf-backend.ts';
import { streamSynapseNames } from '../../tasks/stream-bnn/config.ts';
import { nonNegativeInt, oneOf, positiveInt, seed } from '../args.ts';
import { streamBnnOptions, trainStreamBnn } from './train-stream-bnn.ts';

/** Tasks other than the MLP: each reads train's common options with its own defaults, and its own options. */
const otherTasks: Record<string, (argv: Record<string, unknown>) => Promise<void>> = { 'stream-bnn': trainStreamBnn };

export const synapseChoices = ['ideal', ...synapsePresetNames] as const;

export interface TrainArgs {
  task?: unknown;
  dataset: unknown;
  synapse: unknown;
  notches: unknown;
  carry?: unknown;
  tables?: unknown;
  variants: unknown;
  epochs: unknown;
  limit: unknown;
  'test-limit': unknown;
  lr: unknown;
  idx?: unknown;
  'row-slots': unknown;
  'col-levels': unknown;
}

/** Validate train options into a run configuration (every bad value or combination is an InputError). */
export function mlpConfigFromArgs(a: TrainArgs): MlpConfig {
  oneOf('task', a.task ?? 'mlp', ['mlp'] as const);
  const dataset = oneOf('dataset', a.dataset ?? 'fashion-mnist', datasetNames) as DatasetName;
  const synapse = oneOf('synapse', a.synapse ?? 'sot-300k', synapseChoices);
  const notchesText = String(a.notches);
  const notches = notchesText === 'continuous' ? 'continuous' : positiveInt('notches', a.notches);
  if (notches !== 'continuous' && notches < 2) throw new InputError('--notches: expected at least 2 levels or "continuous"');
  const lr = Number(a.lr ?? DEFAULT_ALPHA);
  if (!(lr > 0) || !Number.isFinite(lr)) throw new InputError(`--lr: expected a positive number (got ${JSON.stringify(a.lr)})`);
  const carry = Boolean(a.carry);
  const tables = a.tables === undefined ? undefined : String(a.tables);
  if (carry && notches === 'continuous') throw new InputError('--carry needs notched devices: give --notches N (periodic carry moves whole notches)');
  if (synapse === 'ideal' && (tables || carry)) throw new InputError(`--synapse ideal: ${tables ? '--tables' : '--carry'} applies to device synapses only`);
  const encoding = { rowSlots: nonNegativeInt('row-slots', a['row-slots']), colLevels: nonNegativeInt('col-levels', a['col-levels']), stochastic: false };
  const variants = positiveInt('variants', a.variants);
  let array: ArraySpec;
  let label: string;
  if (synapse === 'ideal') {
    array = { kind: 'ideal', encoding: { rowSlots: 0, colLevels: 0, stochastic: false } };
    label = 'ideal floating-point synapses';
  } else {
    array = {
      kind: 'device',
      // A directory's run records the variants it really used (CrossSim's hold 10), so its seeds combine with `report`.
      tables: tables ? { kind: 'dir', dir: resolve(tables), variants: tableDirVariants(resolve(tables), variants) } : { kind: 'preset', preset: synapse, seed: 1, variants },
      notches,
      carry,
      carryEvery: 1000,
      wMax: 1,
      encoding,
    };
    label = `${tables ? `tables from ${tables}` : synapse}, ${notches === 'continuous' ? 'continuous' : `${notches} notches`}${carry ? ' + periodic carry' : ''}`;
  }
  return {
    dataset,
    idxDir: a.idx === undefined ? undefined : resolve(String(a.idx)),
    limit: nonNegativeInt('limit', a.limit),
    testLimit: nonNegativeInt('test-limit', a['test-limit']),
    epochs: positiveInt('epochs', a.epochs ?? 20),
    alpha: lr,
    hidden: 300,
    array,
    synapse: label,
  };
}

export const trainCommand: CommandModule = {
  command: 'train',
  describe: 'Train paper 000\'s 784-300-10 MLP on-chip with ideal or DW-MTJ synapse arrays',
  builder: (y) =>
    y
      .option('task', { type: 'string', default: 'mlp', describe: `network task (${Object.keys(otherTasks).join(', ')}, mlp)` })
      .option('dataset', { type: 'string', default: 'fashion-mnist', describe: datasetNames.join(' | ') })
      .option('synapse', { type: 'string', describe: `mlp: ${synapseChoices.join(' | ')} (default sot-300k); stream-bnn: ${streamSynapseNames.join(' | ')} (default trapezoid)` })
      .option('notches', { type: 'string', default: '32', describe: 'levels per device, or "continuous"' })
      .option('carry', { type: 'boolean', describe: 'periodic carry: a high and a low device per half' })
      .option('tables', { type: 'string', describe: 'directory of CrossSim tables (dG_increasing<N>.txt[.gz] + dG_decreasing<N>...)' })
      .option('variants', { type: 'number', default: 20, describe: 'device-to-device table variants assigned at random (paper 000: 20; a --tables directory gives at most the pairs it holds)' })
      .option('epochs', { type: 'number', describe: 'epochs (mlp: default 20; stream-bnn: per subset, default 30)' })
      .option('seeds', { type: 'number', default: 1, describe: 'number of seeds (run in worker threads)' })
      .option('seed', { type: 'number', default: 1, describe: 'first seed' })
      .option('limit', { type: 'number', default: 0, describe: 'training images (0 = all)' })
      .option('test-limit', { type: 'number', default: 0, describe: 'test images (0 = all)' })
      .option('lr', { type: 'number', describe: `learning rate (mlp: α with the schedule α, α/2 after epoch 3, ..., default ${DEFAULT_ALPHA}, REPRODUCTION.md's setting; stream-bnn: Adam's, default 0.005)` })
      .option('row-slots', { type: 'number', default: 8, describe: 'time slots of the row (input) pulses' })
      .option('col-levels', { type: 'number', default: 8, describe: 'voltage levels of the column (error) pulses' })
      .option('idx', { type: 'string', describe: 'directory with the official IDX files instead of the embedded data' })
      .option('workers', { type: 'number', default: defaultWorkerCount() })
      .option('out', { type: 'string', describe: 'output directory (default out/train/<run>)' })
      .options(streamBnnOptions),
  handler: async (argv) => {
    const task = oneOf('task', argv.task, ['mlp', ...Object.keys(otherTasks)]);
    if (task !== 'mlp') return otherTasks[task]!(argv as Record<string, unknown>);
    const cfg = mlpConfigFromArgs(argv as unknown as TrainArgs);
    const first = seed('seed', argv.seed);
    const n = positiveInt('seeds', argv.seeds);
    const seeds = Array.from({ length: n }, (_, i) => first + i);
    const tag = `${cfg.dataset}-${String(argv.synapse)}-${cfg.array.kind === 'device' ? cfg.array.notches : 'float'}${argv.carry ? '-carry' : ''}`;
    const out = resolve(String(argv.out ?? `out/train/${tag}`));
    const t0 = Date.now();
    const s = await runSeeds(cfg, seeds, out, { workers: positiveInt('workers', argv.workers), label: tag });
    writeReport(out, s);
    process.stdout.write(`${cfg.synapse} on ${cfg.dataset}: test accuracy ${(100 * s.finalAccuracy.mean).toFixed(2)} % ± ${(100 * s.finalAccuracy.std).toFixed(2)}, best epoch ${(100 * s.bestAccuracy.mean).toFixed(2)} % (${n} seed(s), ${cfg.epochs} epoch(s))\n`);
    process.stdout.write(`  ${paperContext(cfg)}\n`);
    // Terminal only: the backend may differ between machines, the result files must not.
    process.stdout.write(`  tfjs backend: ${(await loadTf()).backend}\n`);
    process.stdout.write(`  results: ${out}/{seed-*.json,summary.json,accuracy-per-epoch.svg,report.md} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  },
};
