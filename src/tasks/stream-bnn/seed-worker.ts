// Worker thread entry: one stream-learning seed per call (tfjs gets its own wasm backend in each worker).
import { exposeSeedTask } from '../seed-jobs.ts';
import { trainStreamSeed } from './train.ts';

exposeSeedTask(trainStreamSeed);
