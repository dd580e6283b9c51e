// The MLP of paper 000: 785 x 300 and 301 x 10 synapse arrays (bias rows included), sigmoid hidden layer, softmax
// output, cross-entropy, on-chip SGD with batch 1: every sample's update is an outer product applied by the arrays
// with the hardware's pulse encoding (W = G+ - G-, both halves move inside the array).
// The per-sample digital periphery (310 activations, backprop.ts) runs in plain typed arrays; the test-set
// evaluation runs the same math batched in TensorFlow.js on the weights read out of the arrays.
import { breathe } from '../../base/progress.ts';
import { Rng } from '../../base/rng.ts';
import { createArray } from '../../accel/create-array.ts';
import type { SynapseArray } from '../../accel/types.ts';
import { TileArray } from '../../accel/tile-array.ts';
import { CheckedLevel } from '../../accel/tile-level.ts';
import { loadDataset, type Dataset } from '../../data/datasets.ts';
import type { LabelledImages } from '../../data/idx.ts';
import type { SeedHooks } from '../seed-jobs.ts';
import { loadTf } from '../tf-backend.ts';
import type { MlpConfig } from './config.ts';
import { backpropSample, forwardSample, sampleBuffers } from './backprop.ts';
import { learningRate } from './schedule.ts';

export interface EpochResult {
  epoch: number;
  lr: number;
  testAccuracy: number;
  trainLoss: number;
}

export interface SeedResult {
  seed: number;
  config: MlpConfig;
  dataset: { source: string; split: string; train: number; test: number };
  arrays: string[];
  epochs: EpochResult[];
  finalAccuracy: number;
  devicePulses: number;
  /** Of those, pulses below the device's depinning threshold (the wall could not leave its notch). */
  subThresholdPulses: number;
  /**
   * Tile levels: sha256 of every device state at the end (READ_STATES of both arrays), ROM reloads, the commands
   * both tiles answered and the sum of the compute cycles they reported (the tile cycles the run cost; identical on
   * every level), checks.
   */
  tile?: { level: string; stateSha256: string; romLoads: number; foldedMax: number; operations: number; reportedCycles: number; checkedOperations?: number };
}

const PIX = 784;

function initWeights(rows: number, cols: number, rng: Rng): Float32Array {
  const a = Math.sqrt(6 / (rows + cols));
  return Float32Array.from({ length: rows * cols }, () => (rng.uniform() * 2 - 1) * a);
}

/** Test accuracy with tfjs: softmax(sigmoid([X 1] W1) ++ 1) W2), argmax. */
export async function evaluate(l1: SynapseArray, l2: SynapseArray, data: LabelledImages): Promise<number> {
  const { tf } = await loadTf();
  const hidden = l1.cols;
  const w1 = l1.readWeights();
  const w2 = l2.readWeights();
  const correct = tf.tidy(() => {
    const x = tf.tensor2d(Float32Array.from(data.images, (v) => v / 255), [data.n, PIX]);
    const xe = tf.concat([x, tf.ones([data.n, 1])], 1);
    const h = tf.sigmoid(tf.matMul(xe, tf.tensor2d(w1, [PIX + 1, hidden])));
    const he = tf.concat([h, tf.ones([data.n, 1])], 1);
    const p = tf.softmax(tf.matMul(he, tf.tensor2d(w2, [hidden + 1, 10])));
    return tf.equal(tf.argMax(p, 1), tf.tensor1d(Int32Array.from(data.labels), 'int32')).sum();
  });
  const n = (await correct.data())[0]!;
  correct.dispose();
  return n / data.n;
}

/** trainSeed with the seed-task hooks (each epoch's accuracy as status, images as units). */
export function trainMlpSeed(cfg: MlpConfig, seed: number, hooks: SeedHooks): Promise<SeedResult> {
  return trainSeed(cfg, seed, hooks.status ? (e) => hooks.status!(`epoch ${e.epoch}: ${(100 * e.testAccuracy).toFixed(2)} %`) : undefined, hooks.units);
}

/** Test accuracy of two tile arrays through the twin's integer forward (DAC, integer sums, ADC) on their states. */
export function evaluateTiles(l1: TileArray, l2: TileArray, data: LabelledImages): number {
  const e1 = l1.twinCopy();
  const e2 = l2.twinCopy();
  const H = l1.cols;
  const x = new Float32Array(PIX + 1);
  const h = new Float32Array(H + 1);
  const z = new Float32Array(l2.cols);
  let correct = 0;
  for (let n = 0; n < data.n; n++) {
    for (let i = 0; i < PIX; i++) x[i] = data.images[n * PIX + i]! / 255;
    x[PIX] = 1;
    e1.forward(x, 1, h);
    for (let j = 0; j < H; j++) h[j] = 1 / (1 + Math.exp(-h[j]!));
    h[H] = 1;
    e2.forward(h, 1, z);
    let best = 0;
    for (let k = 1; k < z.length; k++) if (z[k]! > z[best]!) best = k;
    if (best === data.labels[n]) correct++;
  }
  return correct / data.n;
}

export async function trainSeed(cfg: MlpConfig, seed: number, onEpoch?: (e: EpochResult, samplesDone: number) => void, onSamples?: (n: number) => void, dataset?: Dataset): Promise<SeedResult> {
  return (await trainArrays(cfg, seed, onEpoch, onSamples, dataset)).result;
}

/** trainSeed, also handing back the two trained arrays (the inference-noise task writes their weights to devices). */
export async function trainArrays(cfg: MlpConfig, seed: number, onEpoch?: (e: EpochResult, samplesDone: number) => void, onSamples?: (n: number) => void, dataset?: Dataset): Promise<{ result: SeedResult; arrays: [SynapseArray, SynapseArray] }> {
  const data = dataset ?? loadDataset(cfg.dataset, { idxDir: cfg.idxDir, limit: cfg.limit || undefined, testLimit: cfg.testLimit || undefined });
  const H = cfg.hidden;
  const spec = cfg.array.kind === 'tile' ? { ...cfg.array, replay: `${cfg.array.replay} --seed ${seed}` } : cfg.array;
  const l1 = await createArray(spec, PIX + 1, H, (seed * 2 + 1) >>> 0);
  const l2 = await createArray(spec, H + 1, 10, (seed * 2 + 2) >>> 0);
  l1.program(initWeights(PIX + 1, H, new Rng(seed, 1)));
  l2.program(initWeights(H + 1, 10, new Rng(seed, 2)));

  const b = sampleBuffers(PIX, H, 10);
  const x = b.x;
  const order = Array.from({ length: data.train.n }, (_, i) => i);
  const epochs: EpochResult[] = [];
  for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
    const lr = learningRate(cfg.alpha, epoch);
    new Rng(seed, 100 + epoch).shuffle(order);
    let loss = 0;
    // Progress and the signal handler's turn every 256 images, or every half second on a slow level (a tile over
    // the serial link): yielding changes nothing in the computation.
    let reported = 0;
    let lastYield = Date.now();
    for (let s = 0; s < order.length; s++) {
      const idx = order[s]!;
      const img = data.train.images.subarray(idx * PIX, (idx + 1) * PIX);
      for (let i = 0; i < PIX; i++) x[i] = img[i]! / 255;
      x[PIX] = 1;
      const label = data.train.labels[idx]!;
      loss += forwardSample(l1, l2, b, label);
      backpropSample(l2, b);
      l2.update(b.h, b.d2, lr);
      l1.update(x, b.d1, lr);
      if ((s & 255) === 255 || Date.now() - lastYield > 500) {
        onSamples?.(s + 1 - reported);
        reported = s + 1;
        await breathe();
        lastYield = Date.now();
      }
    }
    onSamples?.(order.length - reported);
    const acc = l1 instanceof TileArray && l2 instanceof TileArray ? evaluateTiles(l1, l2, data.test) : await evaluate(l1, l2, data.test);
    const e = { epoch, lr, testAccuracy: acc, trainLoss: loss / order.length };
    epochs.push(e);
    onEpoch?.(e, epoch * order.length);
  }
  const result: SeedResult = {
    seed,
    config: cfg,
    dataset: { source: data.source, split: data.split, train: data.train.n, test: data.test.n },
    arrays: [l1.label, l2.label],
    epochs,
    finalAccuracy: epochs[epochs.length - 1]?.testAccuracy ?? NaN,
    devicePulses: l1.stats().pulses + l2.stats().pulses,
    subThresholdPulses: l1.stats().subThreshold + l2.stats().subThreshold,
    ...(l1 instanceof TileArray && l2 instanceof TileArray ? { tile: tileSummary(l1, l2) } : {}),
  };
  return { result, arrays: [l1, l2] };
}

function tileSummary(l1: TileArray, l2: TileArray): NonNullable<SeedResult['tile']> {
  const checked = l1.level instanceof CheckedLevel && l2.level instanceof CheckedLevel ? { checkedOperations: l1.level.operations + l2.level.operations } : {};
  const stateSha256 = TileArray.stateHash([l1, l2]);
  const counts = { operations: l1.operations + l2.operations, reportedCycles: l1.reportedCycles + l2.reportedCycles };
  const r = { level: l1.level.name, stateSha256, romLoads: l1.romLoads + l2.romLoads, foldedMax: Math.max(l1.foldedMax, l2.foldedMax), ...counts, ...checked };
  l1.level.close?.();
  l2.level.close?.();
  return r;
}
