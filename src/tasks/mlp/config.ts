// The configuration of one MLP training run (JSON-able: it crosses into worker threads and into result files).
import type { ArraySpec } from '../../accel/create-array.ts';
import type { DatasetName } from '../../data/datasets.ts';

/**
 * The default learning rate α of `dwtwin train`, `sweep notches` and `demo`: the setting of REPRODUCTION.md's
 * runs (Fig. 5e at 32 notches; paper 000 leaves α per device to tuning). Defined once here.
 */
export const DEFAULT_ALPHA = 0.02;

export interface MlpConfig {
  dataset: DatasetName;
  idxDir?: string;
  /** Training images used (first N of the training split); 0 = all. */
  limit: number;
  /** Test images used; 0 = all. */
  testLimit: number;
  epochs: number;
  alpha: number;
  hidden: number;
  array: ArraySpec;
  /** Human-readable synapse description for reports. */
  synapse: string;
}
