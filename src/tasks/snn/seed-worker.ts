// Worker thread entry: one SNN training seed per call (tfjs gets its own wasm backend in each worker).
import { exposeSeedTask } from '../seed-jobs.ts';
import { trainSnnSeed } from './train.ts';

exposeSeedTask((cfg, seed, hooks) => trainSnnSeed(cfg as Parameters<typeof trainSnnSeed>[0], seed, hooks));
