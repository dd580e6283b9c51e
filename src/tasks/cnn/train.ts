// One seed of the quantized CNN (paper 002): on-chip training through the crossbars for `epochs` epochs, the test
// accuracy (inference through the same crossbars) after each.
import { QuantizedCrossbar } from '../../accel/quantized-crossbar.ts';
import { breathe } from '../../base/progress.ts';
import { Rng } from '../../base/rng.ts';
import { readCifar10, type ImageSet } from '../../data/cifar10.ts';
import { loadDataset } from '../../data/datasets.ts';
import type { SeedHooks } from '../seed-jobs.ts';
import { loadTf } from '../tf-backend.ts';
import type { CnnConfig } from './config.ts';
import { CnnNetwork, layerSizes, type CnnShape } from './network.ts';

export interface CnnEpoch {
  epoch: number;
  testAccuracy: number;
  trainLoss: number;
}

export interface CnnSeedResult {
  seed: number;
  config: CnnConfig;
  dataset: { source: string; train: number; test: number };
  arrays: string[];
  epochs: CnnEpoch[];
  finalAccuracy: number;
  /** Crossbar activity over the run: sub-array reads, ADC conversions, serial ADC steps, device state changes. */
  activity: { subArrayReads: number; conversions: number; adcSteps: number; stateChanges: number };
}

interface CnnData {
  shape: Pick<CnnShape, 'side' | 'channels'>;
  train: ImageSet;
  test: ImageSet;
  source: string;
}

const prefix = (s: ImageSet, n: number, px: number): ImageSet => (n && n < s.n ? { images: s.images.subarray(0, n * px), labels: s.labels.subarray(0, n), n } : s);

/** Average-pool HWC byte images by an integer factor (rounded to the nearest byte): side -> side / f. */
export function downsample(s: ImageSet, side: number, channels: number, f: number): ImageSet {
  if (f === 1) return s;
  const o = side / f;
  const images = new Uint8Array(s.n * o * o * channels);
  for (let n = 0; n < s.n; n++)
    for (let y = 0; y < o; y++)
      for (let x = 0; x < o; x++)
        for (let c = 0; c < channels; c++) {
          let sum = 0;
          for (let dy = 0; dy < f; dy++) for (let dx = 0; dx < f; dx++) sum += s.images[((n * side + y * f + dy) * side + x * f + dx) * channels + c]!;
          images[((n * o + y) * o + x) * channels + c] = Math.round(sum / (f * f));
        }
  return { images, labels: s.labels, n: s.n };
}

/** Native image side of each dataset. */
export const NATIVE_SIDE = { 'fashion-mnist': 28, cifar10: 32 } as const;

export function loadCnnData(cfg: CnnConfig): CnnData {
  const f = NATIVE_SIDE[cfg.dataset] / cfg.side;
  const pooled = f > 1 ? `, average-pooled ${f} x ${f} to ${cfg.side} x ${cfg.side}` : '';
  if (cfg.dataset === 'cifar10') {
    const { train, test } = readCifar10(cfg.dataDir!);
    const px = 32 * 32 * 3;
    const shrink = (s: ImageSet) => downsample(s, 32, 3, f);
    return { shape: { side: cfg.side, channels: 3 }, train: shrink(prefix(train, cfg.limit, px)), test: shrink(prefix(test, cfg.testLimit, px)), source: `CIFAR-10 binary batches (official order)${pooled}` };
  }
  const d = loadDataset('fashion-mnist', { idxDir: cfg.dataDir, limit: cfg.limit || undefined, testLimit: cfg.testLimit || undefined });
  const shrink = (s: ImageSet) => downsample(s, 28, 1, f);
  return { shape: { side: cfg.side, channels: 1 }, train: shrink(d.train), test: shrink(d.test), source: `${d.source}; ${d.split}${pooled}` };
}

export function cnnSteps(cfg: CnnConfig): number {
  return cfg.epochs * Math.ceil(loadCnnData(cfg).train.n / cfg.batch);
}

export async function trainCnnSeed(cfg: CnnConfig, seed: number, hooks: SeedHooks = {}): Promise<CnnSeedResult> {
  const { tf } = await loadTf();
  const data = loadCnnData(cfg);
  const shape: CnnShape = { ...data.shape, conv: cfg.channels, fc: cfg.fc, classes: 10 };
  const arrays = layerSizes(shape).map(([rows, cols], l) => {
    const a = new QuantizedCrossbar(rows, cols, cfg.array, (seed * 8 + l + 1) >>> 0);
    // He-style uniform start, stochastically rounded onto the states by program().
    const r = new Rng(seed, l + 1);
    const lim = Math.sqrt(6 / rows);
    a.program(Float32Array.from({ length: rows * cols }, () => (r.uniform() * 2 - 1) * lim));
    return a;
  });
  const net = new CnnNetwork(tf, shape, arrays, cfg.array.geometry, cfg.lr);
  const px = shape.side * shape.side * shape.channels;
  const x = new Float32Array(cfg.batch * px);
  const y = new Int32Array(cfg.batch);
  const order = Array.from({ length: data.train.n }, (_, i) => i);
  const epochs: CnnEpoch[] = [];
  for (let e = 1; e <= cfg.epochs; e++) {
    new Rng(seed, 100 + e).shuffle(order);
    let loss = 0;
    let batches = 0;
    for (let s = 0; s < order.length; s += cfg.batch) {
      const b = Math.min(cfg.batch, order.length - s);
      for (let k = 0; k < b; k++) {
        const idx = order[s + k]!;
        const img = data.train.images.subarray(idx * px, (idx + 1) * px);
        for (let i = 0; i < px; i++) x[k * px + i] = img[i]! / 255;
        y[k] = data.train.labels[idx]!;
      }
      loss += net.step(b === cfg.batch ? x : x.subarray(0, b * px), b === cfg.batch ? y : y.subarray(0, b), b);
      batches++;
      hooks.units?.(1);
      if ((batches & 3) === 0) await breathe();
    }
    const acc = net.evaluate(data.test.images, data.test.labels, data.test.n);
    epochs.push({ epoch: e, testAccuracy: acc, trainLoss: loss / batches });
    hooks.status?.(`epoch ${e}: ${(100 * acc).toFixed(2)} %`);
  }
  net.dispose();
  const sum = (f: (a: QuantizedCrossbar) => number) => arrays.reduce((t, a) => t + f(a), 0);
  return {
    seed,
    config: cfg,
    dataset: { source: data.source, train: data.train.n, test: data.test.n },
    arrays: arrays.map((a) => `${a.rows} x ${a.cols} ${a.label}`),
    epochs,
    finalAccuracy: epochs[epochs.length - 1]!.testAccuracy,
    activity: { subArrayReads: sum((a) => a.reads.subArrayReads), conversions: sum((a) => a.reads.conversions), adcSteps: sum((a) => a.reads.adcSteps), stateChanges: sum((a) => a.stats().pulses) },
  };
}
