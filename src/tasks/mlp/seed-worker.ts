// Worker thread entry: one training seed per call (tfjs gets its own wasm backend in each worker).
import { exposeWorker } from '../../base/workers.ts';
import type { MlpConfig } from './config.ts';
import { trainSeed } from './train.ts';

const api = {
  train: (cfg: MlpConfig, seed: number) => trainSeed(cfg, seed),
};
export type SeedWorkerApi = typeof api;
exposeWorker(api);
