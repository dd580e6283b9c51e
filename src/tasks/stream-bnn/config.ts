// Configuration of one stream-learning run (paper 001, Fig. 5a): JSON-able, it crosses into worker threads and
// into result files. The synapse presets are the paper's three device types plus its non-binarized comparison.
import type { MetaplasticSpec } from '../../accel/metaplastic-array.ts';
import type { DatasetName } from '../../data/datasets.ts';
import { linearMeta, trapezoidMeta } from '../../devices/shaped/metaplasticity.ts';

export const streamSynapses = {
  /** Trapezoid 1:4 with the asymmetry delta 3: the measured device (f_meta from its width profile). */
  trapezoid: { ...trapezoidMeta, binarized: true, describe: 'trapezoid 1:4, delta 3' },
  /** Straight track, symmetric updates. */
  linear: { ...linearMeta, binarized: true, describe: 'linear 1:1, delta 1' },
  /** Straight track with the trapezoid's asymmetry (controls for delta alone). */
  'linear-d3': { ...linearMeta, delta: 3, binarized: true, describe: 'linear 1:1, delta 3' },
  /** Non-binarized linear synapse with 32 levels (Fig. 5b/d): the network reads W_H itself. */
  'linear-32': { ...linearMeta, binarized: false, levels: 32, describe: 'non-binarized linear, 32 levels' },
} as const;
export type StreamSynapse = keyof typeof streamSynapses;
export const streamSynapseNames = Object.keys(streamSynapses) as StreamSynapse[];

/** Paper 001's protocol (Methods): 60 subsets of 1,000 images, 30 epochs each, batch 100, Adam 0.005, 784-512-512-10. */
export const STREAM_PAPER = { subsets: 60, subsetSize: 1000, epochs: 30, batch: 100, lr: 0.005, hidden: 512, levels: 4, seeds: 5 } as const;

export interface StreamBnnConfig {
  task: 'stream-bnn';
  dataset: DatasetName;
  idxDir?: string;
  /** Training images used (the first N of the training split); 0 = all. */
  limit: number;
  testLimit: number;
  /** The stream: `subsets` consecutive subsets of `subsetSize` images (the last may be shorter). */
  subsets: number;
  subsetSize: number;
  /** Epochs per subset (or over all the data with allAtOnce). */
  epochs: number;
  /** The baseline: all the stream's images at once, for `epochs` epochs. */
  allAtOnce: boolean;
  hidden: number;
  batch: number;
  lr: number;
  synapse: StreamSynapse;
  array: MetaplasticSpec;
  /** Human-readable description for reports. */
  label: string;
}
