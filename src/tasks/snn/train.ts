// One seed of paper 003's SNN: Poisson-coded Fashion-MNIST (or MNIST), batches of `batch` images for `steps` time
// steps, surrogate-gradient BPTT, Adam; test accuracy after every epoch. Every random decision is a counter-based
// draw keyed by (seed, purpose, epoch, batch, image), never by worker or order.
import { draw32, Rng } from '../../base/rng.ts';
import { breathe } from '../../base/progress.ts';
import { loadDataset, type Dataset } from '../../data/datasets.ts';
import type { LabelledImages } from '../../data/idx.ts';
import type { SeedHooks } from '../seed-jobs.ts';
import { loadMatMul } from '../tf-matmul.ts';
import type { SnnConfig } from './config.ts';
import { PIXELS, SpikingMlp } from './network.ts';
import { poissonEncode } from './poisson.ts';

// RNG streams of one seed (src/base/rng.ts): init uses 10..30 (network.ts).
const SHUFFLE_STREAM = 100;
const POISSON_STREAM = 200;
const NOISE_STREAM = 300;
/** Epoch index of the test set's keys (training epochs are 1..E; calibration passes CALIBRATION_BATCH + epoch). */
const TEST_EPOCH = 0;
const CALIBRATION_BATCH = 0x8000;
/** Training images whose batch statistics become batch norm's inference statistics after each epoch. */
export const CALIBRATION_IMAGES = 500;

export interface SnnEpoch {
  epoch: number;
  testAccuracy: number;
  trainLoss: number;
  trainAccuracy: number;
  /** Mean spikes per hidden neuron per image over the epoch's training batches. */
  spikesPerNeuron: number;
}

export interface SnnSeedResult {
  seed: number;
  config: SnnConfig;
  dataset: { source: string; split: string; train: number; test: number };
  neurons: string[];
  epochs: SnnEpoch[];
  finalAccuracy: number;
}

const noiseSeeds = (seed: number, layers: number, epoch: number, batch: number) =>
  Array.from({ length: layers }, (_, l) => draw32(seed, NOISE_STREAM + l, epoch * 0x10000 + batch));

export async function evaluateSnn(net: SpikingMlp, data: LabelledImages, seed: number): Promise<number> {
  const { steps, batch, spikeProbability } = net.cfg;
  const key = draw32(seed, POISSON_STREAM, TEST_EPOCH);
  let correct = 0;
  const s0 = new Float32Array(steps * batch * PIXELS);
  for (let start = 0, k = 0; start < data.n; start += batch, k++) {
    const B = Math.min(batch, data.n - start);
    const idx = Array.from({ length: B }, (_, b) => start + b);
    poissonEncode(data.images, idx, steps, spikeProbability, key, s0);
    const { logits } = await net.forward(s0.subarray(0, steps * B * PIXELS), B, noiseSeeds(seed, net.layers.length, TEST_EPOCH, k), 'eval');
    for (let b = 0; b < B; b++) {
      let arg = 0;
      for (let c = 1; c < 10; c++) if (logits[b * 10 + c]! > logits[b * 10 + arg]!) arg = c;
      if (arg === data.labels[start + b]) correct++;
    }
    await breathe();
  }
  return correct / data.n;
}

/** Batch norm's inference statistics from the first CALIBRATION_IMAGES training images under the epoch's weights. */
async function calibrate(net: SpikingMlp, data: LabelledImages, seed: number, epoch: number, s0: Float32Array): Promise<void> {
  const { steps, batch, spikeProbability } = net.cfg;
  const key = draw32(seed, POISSON_STREAM, CALIBRATION_BATCH + epoch);
  for (const l of net.layers) l.beginCalibration();
  const n = Math.min(data.n, CALIBRATION_IMAGES);
  for (let start = 0, k = 0; start < n; start += batch, k++) {
    const B = Math.min(batch, n - start);
    poissonEncode(data.images, Array.from({ length: B }, (_, b) => start + b), steps, spikeProbability, key, s0);
    await net.forward(s0.subarray(0, steps * B * PIXELS), B, noiseSeeds(seed, net.layers.length, CALIBRATION_BATCH + epoch, k), 'calibrate');
    await breathe();
  }
  for (const l of net.layers) l.endCalibration();
}

export async function trainSnnSeed(cfg: SnnConfig, seed: number, hooks: SeedHooks = {}, dataset?: Dataset): Promise<SnnSeedResult> {
  const data = dataset ?? loadDataset(cfg.dataset, { idxDir: cfg.idxDir, limit: cfg.limit || undefined, testLimit: cfg.testLimit || undefined });
  const net = new SpikingMlp(cfg, seed, await loadMatMul());
  const { steps, batch, spikeProbability } = cfg;
  const n = data.train.n;
  const order = Array.from({ length: n }, (_, i) => i);
  const s0 = new Float32Array(steps * batch * PIXELS);
  const neuronsPerImage = cfg.hidden.reduce((a, b) => a + b, 0);
  const epochs: SnnEpoch[] = [];
  for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
    new Rng(seed, SHUFFLE_STREAM + epoch).shuffle(order);
    const key = draw32(seed, POISSON_STREAM, epoch);
    let loss = 0;
    let correct = 0;
    let spikes = 0;
    let batches = 0;
    for (let start = 0, k = 0; start < n; start += batch, k++) {
      const idx = order.slice(start, start + batch);
      const B = idx.length;
      poissonEncode(data.train.images, idx, steps, spikeProbability, key, s0);
      const labels = idx.map((i) => data.train.labels[i]!);
      const r = await net.trainBatch(s0.subarray(0, steps * B * PIXELS), labels, noiseSeeds(seed, cfg.hidden.length, epoch, k));
      loss += r.loss * B;
      correct += r.correct;
      spikes += r.spikes;
      batches++;
      hooks.units?.(B);
      await breathe();
    }
    await calibrate(net, data.train, seed, epoch, s0);
    const testAccuracy = await evaluateSnn(net, data.test, seed);
    const e: SnnEpoch = { epoch, testAccuracy, trainLoss: loss / n, trainAccuracy: correct / n, spikesPerNeuron: spikes / (n * neuronsPerImage) };
    epochs.push(e);
    hooks.status?.(`epoch ${epoch}: ${(100 * testAccuracy).toFixed(2)} % (train loss ${e.trainLoss.toFixed(3)}, ${e.spikesPerNeuron.toFixed(2)} spikes/neuron)`);
    void batches;
  }
  return {
    seed,
    config: cfg,
    dataset: { source: data.source, split: data.split, train: data.train.n, test: data.test.n },
    neurons: net.labels(),
    epochs,
    finalAccuracy: epochs[epochs.length - 1]?.testAccuracy ?? NaN,
  };
}
