// `dwtwin train --task cnn`, `dwtwin sweep adc --bits 4,6,8,10` and `dwtwin sweep variation --sigma 0,...,50`:
// paper 002's quantized CNN on 5-state DW synapses through tiled crossbar reads.
import { join, resolve } from 'node:path';
import type { Options } from 'yargs';
import { PAPER002_GEOMETRY } from '../../accel/crossbar-read.ts';
import { InputError } from '../../base/errors.ts';
import { CNN_DEFAULTS, cnnDatasets, type CnnConfig, type CnnDataset } from '../../tasks/cnn/config.ts';
import { cnnPaperContext, cnnTask, summarizeCnn, writeCnnSweep } from '../../tasks/cnn/run.ts';
import { NATIVE_SIDE } from '../../tasks/cnn/train.ts';
import { runSeedJobs } from '../../tasks/seed-jobs.ts';
import { loadTf } from '../../tasks/tf-backend.ts';
import { list, nonNegativeInt, oneOf, positiveInt, seed } from '../args.ts';

export const cnnSynapses = ['quantized-5', 'ideal'] as const;

/** Options only the cnn task reads (--adc-bits is one of train's own, shared with the tile level). */
export const cnnOptions: Record<string, Options> = {
  batch: { type: 'number', describe: `cnn: batch size (default ${CNN_DEFAULTS.batch})` },
  cifar: { type: 'string', describe: 'cnn: directory with the official CIFAR-10 binary batches (data_batch_1..5.bin, test_batch.bin); default Fashion-MNIST' },
  'input-bits': { type: 'number', describe: `cnn: input (DAC) bits, applied bit-serially with shift-and-add; 0 = analog (default ${PAPER002_GEOMETRY.inputBits})` },
  sigma: { type: 'string', describe: 'cnn: device-to-device conductance variation in % (default 0); sweep variation: a list' },
  channels: { type: 'string', describe: `cnn: channels of the convolutions (default ${CNN_DEFAULTS.channels.join(',')})` },
  fc: { type: 'number', describe: `cnn: units of the first fully connected layer (default ${CNN_DEFAULTS.fc})` },
  side: { type: 'number', describe: 'cnn: image side after average pooling (default Fashion-MNIST 14, CIFAR-10 16; the native side is allowed)' },
  'update-bits': { type: 'number', describe: `cnn: B of the update's clip range [-1 + s, 1 - s], s = 2^(1-B) (default ${CNN_DEFAULTS.updateBits})` },
};

/** The sweeps' options: the task's, its ADC resolution, and the list of ADC resolutions to sweep. */
export const cnnSweepOptions: Record<string, Options> = {
  ...cnnOptions,
  'adc-bits': { type: 'number', describe: `cnn: ADC bits per 8 columns, 0 = exact reads (default ${PAPER002_GEOMETRY.adcBits})` },
  bits: { type: 'string', describe: 'sweep adc: ADC bits to sweep (default 4,6,8,10)' },
};

type Args = Record<string, unknown>;

function boundedInt(name: string, v: unknown, lo: number, hi: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < lo || n > hi) throw new InputError(`--${name}: expected an integer in [${lo}, ${hi}] (got ${JSON.stringify(v)})`);
  return n;
}

function sigmaPercent(name: string, v: unknown): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 100 || String(v).trim() === '') throw new InputError(`--${name}: expected a conductance variation in % within [0, 100] (got ${JSON.stringify(v)})`);
  return n;
}

export function cnnConfigFromArgs(a: Args): CnnConfig {
  const synapse = oneOf('synapse', a.synapse ?? 'quantized-5', cnnSynapses);
  const dataset: CnnDataset = a.cifar !== undefined ? 'cifar10' : (oneOf('dataset', a.dataset ?? 'fashion-mnist', ['fashion-mnist'] as const) as CnnDataset);
  if (a.cifar !== undefined && a.idx !== undefined) throw new InputError('--cifar and --idx: give one data directory');
  if (!cnnDatasets.includes(dataset)) throw new InputError(`--dataset: expected ${cnnDatasets.join(' or ')}`);
  for (const k of ['carry', 'tables'] as const) if (a[k] !== undefined && a[k] !== false) throw new InputError(`--${k}: applies to --task mlp only`);
  if (a.level !== undefined && a.level !== 'device') throw new InputError(`--level: cnn runs on the device level only so far (got ${JSON.stringify(a.level)}; the crossbar read's typed-array definition in accel/crossbar-read.ts is what a twin level would serve)`);
  const native = NATIVE_SIDE[dataset];
  const side = positiveInt('side', a.side ?? CNN_DEFAULTS.side[dataset]);
  if (native % side !== 0) throw new InputError(`--side: expected a divisor of ${native} (the ${dataset} image side; got ${side})`);
  const channels = list(a.channels ?? CNN_DEFAULTS.channels.join(',')).map((c) => positiveInt('channels', c));
  if (!channels.length) throw new InputError('--channels: expected a comma-separated list of channel counts');
  if (side >> channels.length < 1) throw new InputError(`--channels: ${channels.length} convolutions with 2 x 2 pooling need images of at least ${2 ** channels.length} pixels a side (--side ${side})`);
  const adcBits = boundedInt('adc-bits', a['adc-bits'] ?? PAPER002_GEOMETRY.adcBits, 0, 16);
  if (adcBits === 1) throw new InputError('--adc-bits: expected 0 (exact) or 2 to 16 bits (got 1)');
  const inputBits = boundedInt('input-bits', a['input-bits'] ?? PAPER002_GEOMETRY.inputBits, 0, 8);
  const sigma = sigmaPercent('sigma', a.sigma ?? 0);
  if (synapse === 'ideal' && sigma) throw new InputError('--sigma: conductance variation applies to --synapse quantized-5 only');
  const geometry = { ...PAPER002_GEOMETRY, adcBits, inputBits };
  const cfg: CnnConfig = {
    task: 'cnn',
    dataset,
    dataDir: a.cifar !== undefined ? resolve(String(a.cifar)) : a.idx !== undefined ? resolve(String(a.idx)) : undefined,
    limit: nonNegativeInt('limit', a.limit ?? 0),
    testLimit: nonNegativeInt('test-limit', a['test-limit'] ?? 0),
    side,
    epochs: positiveInt('epochs', a.epochs ?? CNN_DEFAULTS.epochs),
    batch: positiveInt('batch', a.batch ?? CNN_DEFAULTS.batch),
    lr: (() => {
      const n = Number(a.lr ?? CNN_DEFAULTS.lr);
      if (!(n > 0) || !Number.isFinite(n)) throw new InputError(`--lr: expected a positive number (got ${JSON.stringify(a.lr)})`);
      return n;
    })(),
    channels,
    fc: positiveInt('fc', a.fc ?? CNN_DEFAULTS.fc),
    array: { kind: synapse, geometry, sigma: sigma / 100, updateBits: positiveInt('update-bits', a['update-bits'] ?? CNN_DEFAULTS.updateBits) },
    label: `${synapse === 'ideal' ? 'ideal weights' : `quantized-5${sigma ? `, ${sigma} % variation` : ''}`}, ${adcBits ? `${adcBits}-bit ADC` : 'exact reads'}, ${inputBits ? `${inputBits}-bit inputs` : 'analog inputs'}`,
  };
  if (dataset === 'cifar10') cnnDataCheck(cfg);
  return cfg;
}

/** Read (and so check) the CIFAR directory before any training starts: a bad file is one line, exit 2. */
function cnnDataCheck(cfg: CnnConfig): void {
  cnnTask.units(cfg);
}

function seedsOf(a: Args): number[] {
  const first = seed('seed', a.seed ?? 1);
  return Array.from({ length: positiveInt('seeds', a.seeds ?? 1) }, (_, i) => first + i);
}

const tagOf = (c: CnnConfig) => `${c.array.kind}-adc${c.array.geometry.adcBits}-sigma${Math.round(100 * c.array.sigma)}`;

export async function trainCnn(a: Args): Promise<void> {
  const cfg = cnnConfigFromArgs(a);
  const seeds = seedsOf(a);
  const out = resolve(String(a.out ?? `out/train/cnn-${cfg.dataset}-${tagOf(cfg)}`));
  const t0 = Date.now();
  const results = await runSeedJobs(cnnTask, seeds.map((s) => ({ cfg, seed: s, outDir: out })), { workers: positiveInt('workers', a.workers), label: `cnn ${tagOf(cfg)}` });
  const s = await summarizeCnn(cfg, results, out);
  process.stdout.write(`cnn ${cfg.label} on ${cfg.dataset}: test accuracy ${(100 * s.finalAccuracy.mean).toFixed(2)} % ± ${(100 * s.finalAccuracy.std).toFixed(2)} (${seeds.length} seed(s), ${cfg.epochs} epoch(s))\n`);
  process.stdout.write(`  ${cnnPaperContext(cfg)}\n  tfjs backend: ${(await loadTf()).backend}\n`);
  process.stdout.write(`  results: ${out}/{seed-*.json,summary.json,accuracy-per-epoch.svg,report.md} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
}

/** `dwtwin sweep adc|variation`: every point validated first, all (point, seed) jobs in one pool. */
export function sweepCnn(what: 'adc' | 'variation') {
  return async (a: Args): Promise<void> => {
    const values = what === 'adc' ? list(a.bits ?? '4,6,8,10').map((v) => boundedInt('bits', v, 2, 16)) : list(a.sigma ?? '0,10,20,30,40,50').map((v) => sigmaPercent('sigma', v));
    if (!values.length) throw new InputError(`--${what === 'adc' ? 'bits' : 'sigma'}: expected a non-empty comma-separated list`);
    if (what === 'adc' && a['adc-bits'] !== undefined) throw new InputError('--adc-bits: sweep adc sweeps it; give the list with --bits');
    const points = values.map((v) => ({ value: v, cfg: cnnConfigFromArgs(what === 'adc' ? { ...a, 'adc-bits': v } : { ...a, sigma: v }) }));
    const seeds = seedsOf(a);
    const out = resolve(String(a.out ?? `out/sweep-${what}`));
    const dir = (v: number) => join(out, what === 'adc' ? `adc-${v}` : `sigma-${v}`);
    const jobs = points.flatMap((p) => seeds.map((s) => ({ cfg: p.cfg, seed: s, outDir: dir(p.value) })));
    const results = await runSeedJobs(cnnTask, jobs, { workers: positiveInt('workers', a.workers), label: `sweep ${what}` });
    const rows = [];
    for (const [i, p] of points.entries()) {
      const summary = await summarizeCnn(p.cfg, results.slice(i * seeds.length, (i + 1) * seeds.length), dir(p.value));
      rows.push({ value: p.value, summary });
      process.stdout.write(`${what} ${p.value}: ${(100 * summary.finalAccuracy.mean).toFixed(2)} % ± ${(100 * summary.finalAccuracy.std).toFixed(2)} (${cnnPaperContext(p.cfg)})\n`);
    }
    await writeCnnSweep(out, what, rows);
    process.stdout.write(`sweep: ${join(out, `accuracy-vs-${what}.svg`)}, sweep.json, report.md\n`);
  };
}
