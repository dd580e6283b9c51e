// One seed of the inference-noise task: train paper 000's MLP in floating point (ideal arrays), then write its
// weights to DW-MTJ devices (accel/written-array.ts) at every (bits, noise) point, `trials` times with independent
// write noise, and measure test accuracy through the same evaluation as training (tfjs).
import { draw32 } from '../../base/rng.ts';
import { WrittenArray, notchesForBits } from '../../accel/written-array.ts';
import { loadDataset } from '../../data/datasets.ts';
import { evaluate, trainArrays, type SeedResult } from '../mlp/train.ts';
import { mean, std, type SeedHooks } from '../seed-jobs.ts';
import type { InferenceNoiseConfig } from './config.ts';

/** RNG stream of the write noise: draw32(seed, WRITE_STREAM, point index) keys one write of both arrays. */
const WRITE_STREAM = 400;

export interface NoisePoint {
  bits: number;
  notches: number;
  noise: string;
  sigma: number;
  /** Test accuracy of each trial (independent write). */
  accuracy: number[];
  mean: number;
  std: number;
}

export interface InferenceNoiseSeedResult {
  seed: number;
  config: InferenceNoiseConfig;
  dataset: { source: string; split: string; train: number; test: number };
  /** The floating-point network's test accuracy (training's last epoch). */
  floatAccuracy: number;
  training: SeedResult['epochs'];
  points: NoisePoint[];
  finalAccuracy: number;
}

export async function inferenceNoiseSeed(cfg: InferenceNoiseConfig, seed: number, hooks: SeedHooks = {}): Promise<InferenceNoiseSeedResult> {
  const net = cfg.network;
  const data = loadDataset(net.dataset, { idxDir: net.idxDir, limit: net.limit || undefined, testLimit: net.testLimit || undefined });
  const { result, arrays } = await trainArrays(net, seed, hooks.status ? (e) => hooks.status!(`float epoch ${e.epoch}: ${(100 * e.testAccuracy).toFixed(2)} %`) : undefined, hooks.units, data);
  const weights = arrays.map((a) => a.readWeights());
  const points: NoisePoint[] = [];
  let p = 0;
  for (const bits of cfg.bits) {
    for (const level of cfg.noise) {
      const accuracy: number[] = [];
      for (let trial = 0; trial < cfg.trials; trial++, p++) {
        const key = draw32(seed, WRITE_STREAM, p);
        const written = arrays.map((a, l) => {
          const w = new WrittenArray(a.rows, a.cols, { bits, gMin: cfg.gMin, gMax: cfg.gMax, sigma: level.sigma, seed: draw32(key, l, 0) });
          w.program(weights[l]!);
          return w;
        });
        accuracy.push(await evaluate(written[0]!, written[1]!, data.test));
      }
      points.push({ bits, notches: notchesForBits(bits), noise: level.name, sigma: level.sigma, accuracy, mean: mean(accuracy), std: std(accuracy) });
    }
    hooks.status?.(`${notchesForBits(bits)} notches: ${points.slice(-cfg.noise.length).map((q) => `${q.noise} ${(100 * q.mean).toFixed(2)} %`).join(', ')}`);
  }
  return {
    seed,
    config: cfg,
    dataset: { source: data.source, split: data.split, train: data.train.n, test: data.test.n },
    floatAccuracy: result.finalAccuracy,
    training: result.epochs,
    points,
    finalAccuracy: result.finalAccuracy,
  };
}
