// The configuration of one SNN training run (JSON-able: it crosses into worker threads and into result files).
import type { NeuronArraySpec } from '../../accel/neuron-types.ts';
import type { DatasetName } from '../../data/datasets.ts';

export interface SnnConfig {
  task: 'snn';
  dataset: DatasetName;
  idxDir?: string;
  /** Training images (first N of the training split); 0 = all. */
  limit: number;
  /** Test images; 0 = all. */
  testLimit: number;
  epochs: number;
  /** Adam learning rate (paper 003: 0.001). */
  lr: number;
  /** Images per batch (paper 003: 100). */
  batch: number;
  /** Time steps per image (paper 003: 40 ns sampling at the neuron's 0.1 ns step = 400). */
  steps: number;
  /** Hidden layer sizes (paper 003's code: 100, 100). */
  hidden: number[];
  /** Poisson input: spike probability per step of a white pixel (f_max dt; paper 003: 1 GHz x 0.1 ns = 0.1). */
  spikeProbability: number;
  neurons: NeuronArraySpec;
  /** Human-readable neuron description for reports. */
  label: string;
}
