// `dwtwin train --task mlp ...`: on-chip training of paper 000's MLP with ideal or DW-MTJ synapse arrays.
import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import type { ArraySpec } from '../../accel/create-array.ts';
import { MAX_TABLE_VARIANTS, NOTCH_RANGE } from '../../accel/device-array.ts';
import { tableDirVariants } from '../../accel/table-source.ts';
import { tileBitsDefaults } from '../../accel/tile-array.ts';
import { isSerialLevel, isTileLevelBuilt, serialLevelForms, tileLevelNames, type TileLevelName } from '../../accel/tile-level.ts';
import { InputError } from '../../base/errors.ts';
import { defaultWorkerCount, MAX_WORKERS } from '../../base/workers.ts';
import { datasetNames, type DatasetName } from '../../data/datasets.ts';
import { synapsePresetNames } from '../../devices/synapse/presets.ts';
import { DEFAULT_ALPHA, type MlpConfig } from '../../tasks/mlp/config.ts';
import { paperContext, runSeeds, writeReport } from '../../tasks/mlp/run.ts';
import { loadTf } from '../../tasks/tf-backend.ts';
import { streamSynapseNames } from '../../tasks/stream-bnn/config.ts';
import { inputDir, intInRange, nonNegativeInt, oneOf, outputDir, positiveInt, positiveNumber, RNG_STEPS, seed, text } from '../args.ts';
import { checkTaskOptions, trainTaskNames, trainTaskOptions, trainTasks } from './train-tasks.ts';
import { optionArgv } from '../plan/job-argv.ts';
import { writeRunPlan } from '../plan/make-plan.ts';
import { streamBnnConfigFromArgs } from './train-stream-bnn.ts';

/**
 * For --plan: check a task's options before any job is written, and give its default output directory (a task
 * without an entry is planned after checkTaskOptions alone and needs --out). The jobs themselves are generic:
 * this command's own argv for one seed.
 */
const planChecks: Record<string, (argv: Record<string, unknown>) => string | undefined> = {
  mlp: (a) => mlpDefaultOut(mlpConfigFromArgs(a as unknown as TrainArgs), a),
  'stream-bnn': (a) => void streamBnnConfigFromArgs(a),
};

export const synapseChoices = ['ideal', ...synapsePresetNames] as const;
/** The mlp task's synapse when --synapse is not given. */
const DEFAULT_MLP_SYNAPSE = 'sot-300k';

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
  level?: unknown;
  check?: unknown;
  'prob-bits'?: unknown;
  'move-span'?: unknown;
  'level-bits'?: unknown;
  'dac-bits'?: unknown;
  'adc-bits'?: unknown;
  'adc-range'?: unknown;
  stretch?: unknown;
  lanes?: unknown;
  'tile-update'?: unknown;
}

export const levelChoices = ['ideal', 'device', ...tileLevelNames] as const;

/** A positive integer option within [lo, hi] (undefined: the default). */
function bitsOption(name: string, v: unknown, lo: number, hi: number, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < lo || n > hi) throw new InputError(`--${name}: expected an integer in [${lo}, ${hi}] (got ${JSON.stringify(v)})`);
  return n;
}

/** Validate train options into a run configuration (every bad value or combination is an InputError). */
export function mlpConfigFromArgs(a: TrainArgs): MlpConfig {
  oneOf('task', a.task ?? 'mlp', ['mlp'] as const);
  const dataset = oneOf('dataset', a.dataset ?? 'fashion-mnist', datasetNames) as DatasetName;
  const level = a.level === undefined ? undefined : typeof a.level === 'string' && isSerialLevel(a.level) ? (a.level as TileLevelName) : oneOf('level', a.level, levelChoices);
  const synapse = level === 'ideal' ? 'ideal' : oneOf('synapse', a.synapse ?? DEFAULT_MLP_SYNAPSE, synapseChoices);
  if (level && level !== 'ideal' && synapse === 'ideal') throw new InputError(`--level ${level}: needs a device --synapse (ideal synapses have no device level)`);
  const check = a.check === undefined ? undefined : oneOf('check', a.check, ['twin'] as const);
  if (level !== undefined && isSerialLevel(level) && level === 'serial:') throw new InputError('--level serial:: expected serial:verilator, serial:cycle or serial:PATH[@BAUD]');
  const onTile = level === 'twin' || level === 'cycle' || level === 'verilator' || (level !== undefined && isSerialLevel(level));
  if (onTile && !isTileLevelBuilt(level as TileLevelName)) throw new InputError(`--level ${level}: not built yet (the tile core's ${level} level registers in src/accel/tile-level.ts)`);
  if (check && !onTile) throw new InputError(`--check twin: compares a tile level's responses; give --level twin|cycle|verilator|serial:...`);
  const notchesText = text('notches', a.notches ?? '32');
  let notches: number | 'continuous' = 'continuous';
  if (notchesText !== 'continuous') {
    // The device state is a one-byte notch index (src/accel/device-array.ts).
    const n = Number(notchesText);
    if (notchesText.trim() === '' || !Number.isInteger(n) || n < NOTCH_RANGE.min) throw new InputError(`--notches: expected at least ${NOTCH_RANGE.min} levels or "continuous" (got ${JSON.stringify(notchesText)})`);
    notches = intInRange('notches', n, NOTCH_RANGE.min, NOTCH_RANGE.max, 'a notch count');
  }
  const lr = positiveNumber('lr', a.lr ?? DEFAULT_ALPHA);
  const carry = Boolean(a.carry);
  const tables = a.tables === undefined ? undefined : inputDir('tables', a.tables);
  if (carry && notches === 'continuous') throw new InputError('--carry needs notched devices: give --notches N (periodic carry moves whole notches)');
  if (synapse === 'ideal' && (tables || carry)) throw new InputError(`--synapse ideal: ${tables ? '--tables' : '--carry'} applies to device synapses only`);
  const encoding = { rowSlots: nonNegativeInt('row-slots', a['row-slots']), colLevels: nonNegativeInt('col-levels', a['col-levels']), stochastic: false };
  // Each device's variant index is one byte (src/accel/device-array.ts).
  const variants = positiveInt('variants', a.variants, MAX_TABLE_VARIANTS);
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
    if (onTile) {
      if (notches === 'continuous') throw new InputError(`--level ${level}: the tile's devices are notched; give --notches N (2..256)`);
      if (notches > 256) throw new InputError('--notches: the tile holds at most 256 notches');
      if (variants > 32) throw new InputError(`--variants: the tile holds at most 32 device variants (got ${variants})`);
      if (encoding.rowSlots < 1 || encoding.rowSlots > 127 || encoding.colLevels < 1 || encoding.colLevels > 127) throw new InputError('--row-slots / --col-levels: the tile needs 1..127 of each');
      const d = tileBitsDefaults;
      const bits = {
        lanes: bitsOption('lanes', a.lanes, 1, 64, d.lanes),
        probBits: bitsOption('prob-bits', a['prob-bits'], 1, 16, d.probBits),
        moveSpan: bitsOption('move-span', a['move-span'], 1, 8, d.moveSpan),
        levelBits: bitsOption('level-bits', a['level-bits'], 1, 16, d.levelBits),
        dacBits: bitsOption('dac-bits', a['dac-bits'], 2, 16, d.dacBits),
        adcBits: bitsOption('adc-bits', a['adc-bits'], 2, 16, d.adcBits),
        adcShare: d.adcShare,
        // 'serial' is the absent field: it keeps the tile's parameter hash (and its cached builds) as they were.
        ...(a['tile-update'] !== undefined && oneOf('tile-update', a['tile-update'], ['serial', 'pipelined'] as const) === 'pipelined' ? { update: 'pipelined' as const } : {}),
      };
      const adcRange = a['adc-range'] === undefined ? 16 : Number(a['adc-range']);
      if (!(adcRange > 0) || !Number.isFinite(adcRange)) throw new InputError(`--adc-range: expected a positive number (got ${JSON.stringify(a['adc-range'])})`);
      const stretch = a.stretch === undefined ? 1000 : positiveInt('stretch', a.stretch);
      const dev = array as Extract<ArraySpec, { kind: 'device' }>;
      const replay = [
        'dwtwin train --task mlp', `--dataset ${dataset}`, `--synapse ${synapse}`, `--notches ${notches}`, carry ? '--carry' : '', tables ? `--tables ${tables}` : '', `--variants ${variants}`,
        `--epochs ${a.epochs ?? 20}`, `--limit ${a.limit ?? 0}`, `--test-limit ${a['test-limit'] ?? 0}`, `--lr ${lr}`, `--row-slots ${encoding.rowSlots}`, `--col-levels ${encoding.colLevels}`,
        `--level ${level}`, check ? '--check twin' : '', `--prob-bits ${bits.probBits} --move-span ${bits.moveSpan} --level-bits ${bits.levelBits} --dac-bits ${bits.dacBits} --adc-bits ${bits.adcBits} --lanes ${bits.lanes}${bits.update ? ` --tile-update ${bits.update}` : ''} --adc-range ${adcRange} --stretch ${stretch}`,
      ].filter(Boolean).join(' ');
      array = { kind: 'tile', level: level as TileLevelName, check: check === 'twin', replay, tables: dev.tables, notches, carry, carryEvery: dev.carryEvery, wMax: dev.wMax, encoding, bits, adcRange, stretch };
      label = `${label}, tile ${level}${check ? ' (checked against the twin)' : ''}, P${bits.probBits} K${bits.moveSpan} G${bits.levelBits} D${bits.dacBits} A${bits.adcBits}`;
    }
  }
  return {
    dataset,
    idxDir: a.idx === undefined ? undefined : inputDir('idx', a.idx),
    limit: nonNegativeInt('limit', a.limit),
    testLimit: nonNegativeInt('test-limit', a['test-limit']),
    epochs: positiveInt('epochs', a.epochs ?? 20),
    alpha: lr,
    hidden: 300,
    array,
    synapse: label,
  };
}

const mlpTag = (cfg: MlpConfig, a: Record<string, unknown>) =>
  `${cfg.dataset}-${cfg.array.kind === 'ideal' ? 'ideal' : String(a.synapse ?? DEFAULT_MLP_SYNAPSE)}-${cfg.array.kind === 'ideal' ? 'float' : cfg.array.notches}${a.carry ? '-carry' : ''}${cfg.array.kind === 'tile' ? `-${cfg.array.level.replace(/[^A-Za-z0-9._-]+/g, '_')}` : ''}`;
const mlpDefaultOut = (cfg: MlpConfig, a: Record<string, unknown>) => `out/train/${mlpTag(cfg, a)}`;

/** `train ... --plan FILE`: one job per seed, each this command for that seed alone (any task). */
function planTrain(task: string, argv: Record<string, unknown>): void {
  const defaultOut = planChecks[task]?.(argv);
  if (argv.out === undefined && defaultOut === undefined) throw new InputError(`--plan: give --out DIR for --task ${task} (the directory its jobs write their seed files to)`);
  const out = resolve(String(argv.out ?? defaultOut));
  const first = seed('seed', argv.seed);
  const seeds = Array.from({ length: positiveInt('seeds', argv.seeds) }, (_, i) => first + i);
  const single = (s: number) => optionArgv(['train'], argv, { set: { seed: s, seeds: 1, workers: 1, out } });
  writeRunPlan(resolve(String(argv.plan)), seeds.map((s) => ({ argv: single(s), outDir: out, seed: s })), { runs: [{ dir: out, seeds }] });
}

/** --seed, --seeds and --workers of train and sweep: every seed stays a 32-bit RNG seed. */
export function seedsAndWorkers(a: { seed?: unknown; seeds?: unknown; workers?: unknown }): { seeds: number[]; workers: number } {
  const first = seed('seed', a.seed);
  const n = positiveInt('seeds', a.seeds, RNG_STEPS - first);
  return { seeds: Array.from({ length: n }, (_, i) => first + i), workers: positiveInt('workers', a.workers, MAX_WORKERS) };
}

export const trainCommand: CommandModule = {
  command: 'train',
  describe: 'Train paper 000\'s 784-300-10 MLP on-chip with ideal or DW-MTJ synapse arrays',
  builder: (y) =>
    y
      .option('task', { type: 'string', default: 'mlp', describe: `network task: mlp (paper 000's MLP), ${Object.entries(trainTasks).map(([n, t]) => `${n} (${t.describe})`).join(', ')}` })
      .option('dataset', { type: 'string', default: 'fashion-mnist', describe: datasetNames.join(' | ') })
      .option('synapse', { type: 'string', describe: `mlp: ${synapseChoices.join(' | ')} (default sot-300k); stream-bnn: ${streamSynapseNames.join(' | ')} (default trapezoid); cnn: quantized-5 | ideal (default quantized-5)` })
      .option('notches', { type: 'string', default: '32', describe: 'levels per device, or "continuous"' })
      .option('carry', { type: 'boolean', describe: 'periodic carry: a high and a low device per half' })
      .option('tables', { type: 'string', describe: 'directory of CrossSim tables (dG_increasing<N>.txt[.gz] + dG_decreasing<N>...)' })
      .option('variants', { type: 'number', default: 20, describe: 'device-to-device table variants assigned at random (paper 000: 20; a --tables directory gives at most the pairs it holds)' })
      .option('epochs', { type: 'number', describe: 'epochs (mlp: default 20; stream-bnn: per subset, default 30; snn: default 10; inference-noise: of the float network, default 5; cnn: default 3)' })
      .option('seeds', { type: 'number', default: 1, describe: 'number of seeds (run in worker threads)' })
      .option('seed', { type: 'number', default: 1, describe: 'first seed' })
      .option('limit', { type: 'number', default: 0, describe: 'training images (0 = all)' })
      .option('test-limit', { type: 'number', default: 0, describe: 'test images (0 = all)' })
      .option('lr', { type: 'number', describe: `learning rate (mlp: α with the schedule α, α/2 after epoch 3, ..., default ${DEFAULT_ALPHA}, REPRODUCTION.md's setting; stream-bnn: Adam's, default 0.005; snn: Adam's, default 0.001; inference-noise: the float MLP's α)` })
      .option('row-slots', { type: 'number', default: 8, describe: 'time slots of the row (input) pulses' })
      .option('col-levels', { type: 'number', default: 8, describe: 'voltage levels of the column (error) pulses' })
      .option('level', { type: 'string', describe: `accelerator level: mlp ${[...levelChoices, ...serialLevelForms].join(' | ')} (default: ideal for --synapse ideal, else device); snn: the neuron array's (device)` })
      .option('check', { type: 'string', describe: 'twin: compare every response of a tile level with the twin, stop at the first divergence' })
      .option('prob-bits', { type: 'number', describe: `tile: P, bits of the transition probabilities (default ${tileBitsDefaults.probBits})` })
      .option('move-span', { type: 'number', describe: `tile: K, thresholds per transition entry (default ${tileBitsDefaults.moveSpan})` })
      .option('level-bits', { type: 'number', describe: `tile: G, conductance code bits (default ${tileBitsDefaults.levelBits})` })
      .option('dac-bits', { type: 'number', describe: `tile: D, input code bits (default ${tileBitsDefaults.dacBits})` })
      .option('adc-bits', { type: 'number', describe: `tile: A, output code bits (default ${tileBitsDefaults.adcBits}); cnn: ADC bits per 8 columns, 0 = exact reads (default 8)` })
      .option('adc-range', { type: 'number', describe: 'tile: forward ADC full scale in weight x input units (default 16)' })
      .option('stretch', { type: 'number', describe: 'tile: updates per pulse-unit stretch (transition ROM re-derived; default 1000)' })
      .option('lanes', { type: 'number', describe: `tile: lanes (default ${tileBitsDefaults.lanes}; cycles only)` })
      .option('tile-update', { type: 'string', describe: "tile: UPDATE's pair-step, serial (the board's: 8 cycles) | pipelined (1 cycle; same states and accuracies, fewer cycles) (default serial)" })
      .option('idx', { type: 'string', describe: 'directory with the official IDX files instead of the embedded data' })
      .option('workers', { type: 'number', default: defaultWorkerCount() })
      .option('out', { type: 'string', describe: 'output directory (default out/train/<run>)' })
      .options(trainTaskOptions())
      .option('plan', { type: 'string', describe: 'write the jobs (one per seed) to this JSON plan instead of training (run it with dwtwin cluster submit or GNU parallel)' }),
  handler: async (argv) => {
    const task = oneOf('task', argv.task, trainTaskNames);
    checkTaskOptions(task, argv);
    if (argv.plan !== undefined) return planTrain(task, argv);
    if (task !== 'mlp') return trainTasks[task]!.run(argv);
    const cfg = mlpConfigFromArgs(argv as unknown as TrainArgs);
    const { seeds, workers } = seedsAndWorkers(argv as Record<string, unknown>);
    const n = seeds.length;
    const tag = mlpTag(cfg, argv);
    const out = outputDir('out', argv.out ?? mlpDefaultOut(cfg, argv));
    const t0 = Date.now();
    const s = await runSeeds(cfg, seeds, out, { workers, label: tag });
    writeReport(out, s);
    process.stdout.write(`${cfg.synapse} on ${cfg.dataset}: test accuracy ${(100 * s.finalAccuracy.mean).toFixed(2)} % ± ${(100 * s.finalAccuracy.std).toFixed(2)}, best epoch ${(100 * s.bestAccuracy.mean).toFixed(2)} % (${n} seed(s), ${cfg.epochs} epoch(s))\n`);
    process.stdout.write(`  ${paperContext(cfg)}\n`);
    for (const r of s.results) {
      if (!r.tile) continue;
      const checked = r.tile.checkedOperations === undefined ? '' : `, --check twin: ${r.tile.checkedOperations} operations, 0 mismatches`;
      process.stdout.write(`  seed ${r.seed}: tile ${r.tile.level}, ${r.tile.operations} tile commands, ${r.tile.reportedCycles} reported tile cycles, final states sha256 ${r.tile.stateSha256}${checked}\n`);
    }
    // Terminal only: the backend may differ between machines, the result files must not.
    process.stdout.write(`  tfjs backend: ${(await loadTf()).backend}\n`);
    process.stdout.write(`  results: ${out}/{seed-*.json,summary.json,accuracy-per-epoch.svg,report.md} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  },
};
