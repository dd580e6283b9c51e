// Worker thread entry: one training seed per call (tfjs gets its own wasm backend in each worker). Progress comes
// back through comlink proxies of the parent's callbacks (samples every 256 images, each epoch's accuracy).
import { exposeWorker } from '../../base/workers.ts';
import type { MlpConfig } from './config.ts';
import { trainSeed, type EpochResult } from './train.ts';

const api = {
  train: (cfg: MlpConfig, seed: number, onEpoch?: (e: EpochResult) => void, onSamples?: (n: number) => void) =>
    trainSeed(cfg, seed, onEpoch ? (e) => void onEpoch(e) : undefined, onSamples ? (n) => void onSamples(n) : undefined),
};
export type SeedWorkerApi = typeof api;
exposeWorker(api);
