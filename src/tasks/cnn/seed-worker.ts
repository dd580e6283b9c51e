// Worker thread entry: one quantized-CNN seed per call (tfjs gets its own wasm backend in each worker).
import { exposeSeedTask } from '../seed-jobs.ts';
import { trainCnnSeed } from './train.ts';

exposeSeedTask(trainCnnSeed);
