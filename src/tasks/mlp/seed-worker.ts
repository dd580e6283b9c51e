// Worker thread entry: one MLP training seed per call (tfjs gets its own wasm backend in each worker).
import { exposeSeedTask } from '../seed-jobs.ts';
import { trainMlpSeed } from './train.ts';

exposeSeedTask(trainMlpSeed);
