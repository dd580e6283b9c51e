// `dwtwin train --task inference-noise`: paper 001's Fig. 6 on a network our CPUs train — paper 000's MLP trained
// in floating point, its N-bit signed weights written to two DW-MTJ devices each with write noise, accuracy against
// notches per device at several noise levels.
import { resolve } from 'node:path';
import { PAPER001_WRITE } from '../../accel/written-array.ts';
import { InputError } from '../../base/errors.ts';
import { defaultWorkerCount } from '../../base/workers.ts';
import { datasetNames, type DatasetName } from '../../data/datasets.ts';
import type { InferenceNoiseConfig, NoiseLevel } from '../../tasks/inference-noise/config.ts';
import { runInferenceNoise } from '../../tasks/inference-noise/run.ts';
import { DEFAULT_ALPHA } from '../../tasks/mlp/config.ts';
import { loadTf } from '../../tasks/tf-backend.ts';
import { list, nonNegativeInt, oneOf, positiveInt, seed } from '../args.ts';
import type { TrainTaskCli } from './train-tasks.ts';

export const INFERENCE_NOISE_DEFAULTS = { bits: '2,3,4,5,6,7,8', noise: 'none,measured-min,measured,measured-max,10x', trials: 3, epochs: 5 };
const MAX_BITS = 12;

/** Named levels of paper 001 (uS): the measured sigma, its measured range and 10x. */
const namedNoise: Record<string, number> = {
  none: 0,
  'measured-min': PAPER001_WRITE.sigmaRange[0],
  measured: PAPER001_WRITE.sigma,
  'measured-max': PAPER001_WRITE.sigmaRange[1],
  '10x': 10 * PAPER001_WRITE.sigma,
};

function noiseLevel(text: string): NoiseLevel {
  if (text in namedNoise) return { name: text, sigma: namedNoise[text]! };
  const us = Number(text);
  const range = (PAPER001_WRITE.gMax - PAPER001_WRITE.gMin) * 1e6;
  if (!Number.isFinite(us) || us < 0 || us > range) throw new InputError(`--noise: expected ${Object.keys(namedNoise).join(', ')} or a sigma in uS in [0, ${range.toFixed(0)}] (got ${JSON.stringify(text)})`);
  return { name: `${us} uS`, sigma: us * 1e-6 };
}

export function inferenceNoiseConfigFromArgs(a: Record<string, unknown>): InferenceNoiseConfig {
  const bits = list(a.bits ?? INFERENCE_NOISE_DEFAULTS.bits).map((b) => {
    const n = Number(b);
    if (!Number.isInteger(n) || n < 2 || n > MAX_BITS) throw new InputError(`--bits: expected integers in 2..${MAX_BITS} (2^(N-1) notches per device; got ${JSON.stringify(b)})`);
    return n;
  });
  if (!bits.length) throw new InputError('--bits: expected a list of weight bit counts');
  const noise = list(a.noise ?? INFERENCE_NOISE_DEFAULTS.noise).map(noiseLevel);
  if (!noise.length) throw new InputError('--noise: expected a list of noise levels');
  if (new Set(noise.map((l) => l.sigma)).size !== noise.length) throw new InputError('--noise: the same sigma is given twice');
  const lr = Number(a.lr ?? DEFAULT_ALPHA);
  if (!(lr > 0) || !Number.isFinite(lr)) throw new InputError(`--lr: expected a positive number (got ${JSON.stringify(a.lr)})`);
  const dataset = oneOf('dataset', a.dataset ?? 'fashion-mnist', datasetNames) as DatasetName;
  return {
    task: 'inference-noise',
    network: {
      dataset,
      idxDir: a.idx === undefined ? undefined : resolve(String(a.idx)),
      limit: nonNegativeInt('limit', a.limit ?? 0),
      testLimit: nonNegativeInt('test-limit', a['test-limit'] ?? 0),
      epochs: positiveInt('epochs', a.epochs ?? INFERENCE_NOISE_DEFAULTS.epochs),
      alpha: lr,
      hidden: 300,
      array: { kind: 'ideal', encoding: { rowSlots: 0, colLevels: 0, stochastic: false } },
      synapse: 'ideal floating-point synapses',
    },
    bits: [...new Set(bits)].sort((x, y) => x - y),
    noise,
    trials: positiveInt('trials', a.trials ?? INFERENCE_NOISE_DEFAULTS.trials),
    gMin: PAPER001_WRITE.gMin,
    gMax: PAPER001_WRITE.gMax,
  };
}

export const inferenceNoiseTrain: TrainTaskCli = {
  describe: "paper 001's inference with write noise (the MLP's weights written to two devices each)",
  options: {
    bits: { type: 'string', describe: `inference-noise: signed weight bits N, 2^(N-1) notches per device (default ${INFERENCE_NOISE_DEFAULTS.bits})` },
    noise: { type: 'string', describe: `inference-noise: write-noise levels, names (${Object.keys(namedNoise).join(', ')}) or sigmas in uS (default ${INFERENCE_NOISE_DEFAULTS.noise})` },
    trials: { type: 'number', describe: `inference-noise: independent writes per point (default ${INFERENCE_NOISE_DEFAULTS.trials})` },
  },
  async run(argv) {
    const cfg = inferenceNoiseConfigFromArgs(argv);
    const first = seed('seed', argv.seed);
    const n = positiveInt('seeds', argv.seeds ?? 1);
    const seeds = Array.from({ length: n }, (_, i) => first + i);
    const tag = `inference-noise-${cfg.network.dataset}`;
    const out = resolve(String(argv.out ?? `out/train/${tag}`));
    const t0 = Date.now();
    const s = await runInferenceNoise(cfg, seeds, out, { workers: positiveInt('workers', argv.workers ?? defaultWorkerCount()), label: tag });
    process.stdout.write(`float MLP on ${cfg.network.dataset}: ${(100 * s.floatAccuracy.mean).toFixed(2)} % (${n} seed(s)); written to devices (mean over seeds and ${cfg.trials} write(s)):\n`);
    for (const lv of cfg.noise) process.stdout.write(`  ${lv.name.padEnd(13)} ${s.points.filter((p) => p.noise === lv.name).map((p) => `${p.notches}: ${(100 * p.mean).toFixed(2)}`).join('  ')}\n`);
    process.stdout.write(`  fewest notches within 1 point of float without noise: ${s.notchesWithin1Point ?? 'none'} (paper 001, ResNet-56 on CIFAR-100: >= 16)\n`);
    process.stdout.write(`  tfjs backend: ${(await loadTf()).backend}\n`);
    process.stdout.write(`  results: ${out}/{seed-*.json,summary.json,accuracy-vs-notches.svg,report.md} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  },
};
