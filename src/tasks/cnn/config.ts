// Configuration of one quantized-CNN run (paper 002): JSON-able (worker threads, result files).
import type { QuantizedCrossbarSpec } from '../../accel/quantized-crossbar.ts';

export const cnnDatasets = ['fashion-mnist', 'cifar10'] as const;
export type CnnDataset = (typeof cnnDatasets)[number];

/**
 * Paper 002's VGG-8 has 6 convolutions (2 x 2 max-pool after each pair) and 2 fully connected layers, 125 epochs on
 * CIFAR-10. Ours for two CPU cores: 2 convolutions (3 x 3, 'same', each followed by 2 x 2 max-pool) and 2 fully
 * connected layers, the channel counts below, on images average-pooled 2 x 2 (Fashion-MNIST 14 x 14, CIFAR-10
 * 16 x 16): the unrolled patches of a 28 x 28 input cost seconds per batch on a loaded 2-core machine.
 */
export const CNN_DEFAULTS = { channels: [8, 16], fc: 64, side: { 'fashion-mnist': 14, cifar10: 16 }, epochs: 3, batch: 50, lr: 0.01, updateBits: 8 } as const;

/** Paper 002's reported accuracies (CIFAR-10). */
export const CNN_PAPER = {
  inference: 90.4,
  adc: [
    { bits: 10, accuracy: 90.9 },
    { bits: 8, accuracy: 90.4 },
    { bits: 6, accuracy: 86.0 },
    { bits: 4, accuracy: 10.0 },
  ],
  variation: [
    { sigma: 0, accuracy: 90.4 },
    { sigma: 10, accuracy: 89.4 },
    { sigma: 20, accuracy: 88.6 },
    { sigma: 30, accuracy: 86.6 },
    { sigma: 40, accuracy: 85.7 },
    { sigma: 50, accuracy: 80.4 },
  ],
} as const;

export interface CnnConfig {
  task: 'cnn';
  dataset: CnnDataset;
  /** Directory of the official IDX files (fashion-mnist) or CIFAR-10 binary batches (cifar10). */
  dataDir?: string;
  limit: number;
  testLimit: number;
  /** Image side after average pooling (the dataset's native side divided by an integer). */
  side: number;
  epochs: number;
  batch: number;
  lr: number;
  channels: number[];
  fc: number;
  array: QuantizedCrossbarSpec;
  label: string;
}
