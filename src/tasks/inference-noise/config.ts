// The configuration of one inference-under-write-noise run (JSON-able: crosses into workers and result files).
import type { MlpConfig } from '../mlp/config.ts';

export interface NoiseLevel {
  /** Name in reports: "none", "measured", "measured min", "measured max", "10x measured", or the sigma. */
  name: string;
  /** Write-noise sigma, siemens. */
  sigma: number;
}

export interface InferenceNoiseConfig {
  task: 'inference-noise';
  /** The network trained in floating point first (paper 000's MLP with ideal synapses). */
  network: MlpConfig;
  /** Signed weight bits; 2^(bits-1) notches per device. */
  bits: number[];
  noise: NoiseLevel[];
  /** Independent writes (noise draws) per (bits, noise) point. */
  trials: number;
  gMin: number;
  gMax: number;
}
