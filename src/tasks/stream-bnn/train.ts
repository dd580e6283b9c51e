// One seed of stream learning (paper 001, Fig. 5a): the training images cut into consecutive subsets, each learnt
// for `epochs` epochs before the next arrives, the test accuracy measured after each subset — or, as the baseline,
// all of them at once for `epochs` epochs (accuracy after each epoch). All randomness is keyed by the seed.
import { MetaplasticArray } from '../../accel/metaplastic-array.ts';
import { breathe } from '../../base/progress.ts';
import { Rng } from '../../base/rng.ts';
import { loadDataset } from '../../data/datasets.ts';
import type { SeedHooks } from '../seed-jobs.ts';
import { loadTf } from '../tf-backend.ts';
import type { StreamBnnConfig } from './config.ts';
import { BnnNetwork } from './network.ts';

const PIX = 784;
const CLASSES = 10;

export interface StreamPoint {
  /** Subsets learnt so far (stream) or epochs done (all at once). */
  index: number;
  testAccuracy: number;
  trainLoss: number;
}

export interface StreamSeedResult {
  seed: number;
  config: StreamBnnConfig;
  dataset: { source: string; split: string; train: number; test: number };
  arrays: string[];
  /** What `points` counts: 'subset' (stream) or 'epoch' (all at once). */
  axis: 'subset' | 'epoch';
  points: StreamPoint[];
  finalAccuracy: number;
  /** Sign changes of the read-out weights over the run, per layer (what a binarized network sees change). */
  flips: number[];
}

const loadFor = (cfg: StreamBnnConfig) => loadDataset(cfg.dataset, { idxDir: cfg.idxDir, limit: cfg.limit || undefined, testLimit: cfg.testLimit || undefined });

/** The subsets as [start, end) ranges of the training split (the split order is already a seeded shuffle). */
export function subsetRanges(cfg: StreamBnnConfig, n: number): [number, number][] {
  const out: [number, number][] = [];
  for (let s = 0; s < cfg.subsets && s * cfg.subsetSize < n; s++) out.push([s * cfg.subsetSize, Math.min(n, (s + 1) * cfg.subsetSize)]);
  return out;
}

/** Optimizer steps of one seed (the progress bar's units). */
export function streamSteps(cfg: StreamBnnConfig): number {
  const ranges = subsetRanges(cfg, loadFor(cfg).train.n);
  const total = ranges.reduce((a, [s, e]) => a + e - s, 0);
  if (cfg.allAtOnce) return cfg.epochs * Math.ceil(total / cfg.batch);
  return ranges.reduce((a, [s, e]) => a + cfg.epochs * Math.ceil((e - s) / cfg.batch), 0);
}

function initWeights(rows: number, cols: number, rng: Rng): Float32Array {
  // PyTorch's nn.Linear initialisation (Laborieux et al.'s starting point): U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
  const a = 1 / Math.sqrt(rows);
  return Float32Array.from({ length: rows * cols }, () => (rng.uniform() * 2 - 1) * a);
}

export async function trainStreamSeed(cfg: StreamBnnConfig, seed: number, hooks: SeedHooks = {}): Promise<StreamSeedResult> {
  const { tf } = await loadTf();
  const data = loadFor(cfg);
  const sizes = [PIX, cfg.hidden, cfg.hidden, CLASSES];
  const arrays = sizes.slice(0, -1).map((rows, l) => {
    const a = new MetaplasticArray(rows, sizes[l + 1]!, cfg.array, (seed * 4 + l + 1) >>> 0);
    a.program(initWeights(rows, sizes[l + 1]!, new Rng(seed, l + 1)));
    return a;
  });
  const net = new BnnNetwork(tf, arrays, cfg.lr);
  const ranges = subsetRanges(cfg, data.train.n);
  const x = new Float32Array(cfg.batch * PIX);
  const y = new Int32Array(cfg.batch);
  let stepNo = 0;

  /** `epochs` epochs over the images [start, end), reshuffled each epoch with a stream keyed by (phase, epoch). */
  const learn = async (start: number, end: number, epochs: number, phase: number, after?: (epoch: number, loss: number) => void) => {
    const order = Array.from({ length: end - start }, (_, i) => start + i);
    for (let e = 1; e <= epochs; e++) {
      new Rng(seed, 1000 + phase * 1024 + e).shuffle(order);
      let loss = 0;
      let batches = 0;
      for (let b = 0; b < order.length; b += cfg.batch) {
        const bs = Math.min(cfg.batch, order.length - b);
        for (let k = 0; k < bs; k++) {
          const idx = order[b + k]!;
          const img = data.train.images.subarray(idx * PIX, (idx + 1) * PIX);
          for (let i = 0; i < PIX; i++) x[k * PIX + i] = img[i]! / 255;
          y[k] = data.train.labels[idx]!;
        }
        loss += net.step(bs === cfg.batch ? x : x.subarray(0, bs * PIX), bs === cfg.batch ? y : y.subarray(0, bs), bs);
        batches++;
        stepNo++;
        hooks.units?.(1);
        if ((stepNo & 7) === 0) await breathe();
      }
      after?.(e, loss / batches);
    }
    return 0;
  };

  const points: StreamPoint[] = [];
  const test = () => net.evaluate(data.test.images, data.test.labels, data.test.n);
  if (cfg.allAtOnce) {
    const end = ranges[ranges.length - 1]![1];
    await learn(0, end, cfg.epochs, 0, (epoch, trainLoss) => {
      const p = { index: epoch, testAccuracy: test(), trainLoss };
      points.push(p);
      hooks.status?.(`epoch ${epoch}: ${(100 * p.testAccuracy).toFixed(2)} %`);
    });
  } else {
    for (const [s, [start, end]] of ranges.entries()) {
      let last = 0;
      await learn(start, end, cfg.epochs, s + 1, (_e, l) => (last = l));
      const p = { index: s + 1, testAccuracy: test(), trainLoss: last };
      points.push(p);
      hooks.status?.(`subset ${s + 1}/${ranges.length}: ${(100 * p.testAccuracy).toFixed(2)} %`);
    }
  }
  net.dispose();
  return {
    seed,
    config: cfg,
    dataset: { source: data.source, split: data.split, train: ranges[ranges.length - 1]![1], test: data.test.n },
    arrays: arrays.map((a) => `${a.rows} x ${a.cols} ${a.label}`),
    axis: cfg.allAtOnce ? 'epoch' : 'subset',
    points,
    finalAccuracy: points[points.length - 1]!.testAccuracy,
    flips: arrays.map((a) => a.flips),
  };
}
