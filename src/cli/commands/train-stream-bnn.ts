// `dwtwin train --task stream-bnn` and `dwtwin sweep stream`: paper 001's stream learning with metaplastic
// binarized synapses. train runs one synapse configuration; the sweep runs several (and the all-at-once baselines)
// in one worker pool and draws them on one plot, as Fig. 5a.
import { join, resolve } from 'node:path';
import type { Options } from 'yargs';
import { InputError } from '../../base/errors.ts';
import { datasetNames, type DatasetName } from '../../data/datasets.ts';
import { runSeedJobs } from '../../tasks/seed-jobs.ts';
import { STREAM_PAPER, streamSynapseNames, streamSynapses, type StreamBnnConfig, type StreamSynapse } from '../../tasks/stream-bnn/config.ts';
import { reducedNote, streamBnnTask, streamPaperContext, summarizeStream, writeStreamComparison } from '../../tasks/stream-bnn/run.ts';
import { loadTf } from '../../tasks/tf-backend.ts';
import { list, nonNegativeInt, oneOf, positiveInt, seed } from '../args.ts';

/** Options only stream-bnn reads (train's common options are declared by train itself). */
export const streamBnnOptions: Record<string, Options> = {
  subsets: { type: 'number', describe: `stream-bnn: subsets learnt one after another (default ${STREAM_PAPER.subsets})` },
  'subset-size': { type: 'number', describe: `stream-bnn: images per subset (default ${STREAM_PAPER.subsetSize})` },
  hidden: { type: 'number', describe: `stream-bnn: units per hidden layer (default ${STREAM_PAPER.hidden})` },
  batch: { type: 'number', describe: `stream-bnn: batch size (default ${STREAM_PAPER.batch})` },
  levels: { type: 'number', describe: `stream-bnn: notches of the metaplastic weight, stochastic rounding; 0 = continuous (default ${STREAM_PAPER.levels}; linear-32 has 32)` },
  'all-at-once': { type: 'boolean', describe: 'stream-bnn: the baseline, all the stream\'s images at once for --epochs epochs' },
};

type Args = Record<string, unknown>;

function positiveNumber(name: string, v: unknown): number {
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) throw new InputError(`--${name}: expected a positive number (got ${JSON.stringify(v)})`);
  return n;
}

export function streamBnnConfigFromArgs(a: Args): StreamBnnConfig {
  const dataset = oneOf('dataset', a.dataset ?? 'fashion-mnist', datasetNames) as DatasetName;
  const synapse = oneOf('synapse', a.synapse ?? 'trapezoid', streamSynapseNames) as StreamSynapse;
  const s = streamSynapses[synapse];
  const fixed = 'levels' in s ? s.levels : undefined;
  if (fixed !== undefined && a.levels !== undefined && Number(a.levels) !== fixed) throw new InputError(`--levels: synapse ${synapse} has ${fixed} levels (got ${JSON.stringify(a.levels)})`);
  const levels = fixed ?? nonNegativeInt('levels', a.levels ?? STREAM_PAPER.levels);
  if (levels === 1) throw new InputError('--levels: expected 0 (continuous) or at least 2 levels (got 1)');
  for (const k of ['carry', 'tables'] as const) if (a[k] !== undefined && a[k] !== false) throw new InputError(`--${k}: applies to --task mlp only (stream-bnn's device is set by --synapse and --levels)`);
  if (a.level !== undefined && a.level !== 'device') throw new InputError(`--level: stream-bnn runs on the device level only so far (got ${JSON.stringify(a.level)})`);
  const allAtOnce = Boolean(a['all-at-once']);
  const cfg: StreamBnnConfig = {
    task: 'stream-bnn',
    dataset,
    idxDir: a.idx === undefined ? undefined : resolve(String(a.idx)),
    limit: nonNegativeInt('limit', a.limit ?? 0),
    testLimit: nonNegativeInt('test-limit', a['test-limit'] ?? 0),
    subsets: positiveInt('subsets', a.subsets ?? STREAM_PAPER.subsets),
    subsetSize: positiveInt('subset-size', a['subset-size'] ?? STREAM_PAPER.subsetSize),
    epochs: positiveInt('epochs', a.epochs ?? STREAM_PAPER.epochs),
    allAtOnce,
    hidden: positiveInt('hidden', a.hidden ?? STREAM_PAPER.hidden),
    batch: positiveInt('batch', a.batch ?? STREAM_PAPER.batch),
    lr: positiveNumber('lr', a.lr ?? STREAM_PAPER.lr),
    synapse,
    array: { kind: 'metaplastic', w1: s.w1, w2: s.w2, delta: s.delta, levels, binarized: s.binarized },
    label: `${s.describe}${'levels' in s ? '' : levels ? `, ${levels} levels` : ', continuous'}${allAtOnce ? ', all data at once' : ''}`,
  };
  return cfg;
}

function seedsOf(a: Args): number[] {
  const first = seed('seed', a.seed ?? 1);
  return Array.from({ length: positiveInt('seeds', a.seeds ?? 1) }, (_, i) => first + i);
}

const tagOf = (c: StreamBnnConfig) => `${c.synapse}${'levels' in streamSynapses[c.synapse] ? '' : `-l${c.array.levels}`}${c.allAtOnce ? '-all' : ''}`;

export async function trainStreamBnn(a: Args): Promise<void> {
  const cfg = streamBnnConfigFromArgs(a);
  const seeds = seedsOf(a);
  const out = resolve(String(a.out ?? `out/train/stream-bnn-${tagOf(cfg)}`));
  const t0 = Date.now();
  const results = await runSeedJobs(streamBnnTask, seeds.map((s) => ({ cfg, seed: s, outDir: out })), { workers: positiveInt('workers', a.workers), label: `stream-bnn ${tagOf(cfg)}` });
  const s = await summarizeStream(cfg, results, out);
  process.stdout.write(`${cfg.label} on ${cfg.dataset}: final test accuracy ${(100 * s.finalAccuracy.mean).toFixed(2)} % ± ${(100 * s.finalAccuracy.std).toFixed(2)} (${seeds.length} seed(s))\n`);
  process.stdout.write(`  ${streamPaperContext(cfg)}\n  ${reducedNote(cfg)}\n`);
  process.stdout.write(`  tfjs backend: ${(await loadTf()).backend}\n`);
  process.stdout.write(`  results: ${out}/{seed-*.json,summary.json,accuracy-per-${results[0]!.axis}.svg,report.md} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
}

/**
 * `dwtwin sweep stream --synapse trapezoid,linear,linear-d3 [--baseline]`: a synapse may carry its own level count
 * (`trapezoid:8`); --baseline adds each synapse's all-at-once run. Every point is validated before any trains.
 */
export async function sweepStream(a: Args): Promise<void> {
  const specs = list(a.synapse ?? 'trapezoid,linear,linear-d3');
  if (!specs.length) throw new InputError('--synapse: expected a non-empty comma-separated list');
  const points = specs.flatMap((spec) => {
    const [syn, lv, extra] = spec.split(':');
    if (extra !== undefined) throw new InputError(`--synapse: expected NAME or NAME:LEVELS (got ${JSON.stringify(spec)})`);
    const base = { ...a, synapse: syn, levels: lv ?? a.levels };
    const stream = streamBnnConfigFromArgs({ ...base, 'all-at-once': false });
    return a.baseline ? [stream, streamBnnConfigFromArgs({ ...base, 'all-at-once': true })] : [stream];
  });
  const seeds = seedsOf(a);
  const out = resolve(String(a.out ?? 'out/sweep-stream'));
  const jobs = points.flatMap((cfg) => seeds.map((s) => ({ cfg, seed: s, outDir: join(out, tagOf(cfg)) })));
  const results = await runSeedJobs(streamBnnTask, jobs, { workers: positiveInt('workers', a.workers), label: 'sweep stream' });
  const done = [];
  for (const [i, cfg] of points.entries()) {
    const rs = results.slice(i * seeds.length, (i + 1) * seeds.length);
    const summary = await summarizeStream(cfg, rs, join(out, tagOf(cfg)));
    done.push({ name: tagOf(cfg), summary, axis: rs[0]!.axis });
    process.stdout.write(`${tagOf(cfg)}: final ${(100 * summary.finalAccuracy.mean).toFixed(2)} % ± ${(100 * summary.finalAccuracy.std).toFixed(2)} (${streamPaperContext(cfg)})\n`);
  }
  await writeStreamComparison(out, done);
  process.stdout.write(`sweep: ${join(out, 'accuracy-vs-subset.svg')}, sweep.json, report.md\n`);
}
