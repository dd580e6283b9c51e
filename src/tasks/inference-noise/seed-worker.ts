// Worker thread entry: one inference-noise seed per call (training plus every write-noise point).
import { exposeSeedTask } from '../seed-jobs.ts';
import { inferenceNoiseSeed } from './evaluate.ts';

exposeSeedTask((cfg, seed, hooks) => inferenceNoiseSeed(cfg as Parameters<typeof inferenceNoiseSeed>[0], seed, hooks));
