// The network tasks of `dwtwin train --task NAME` besides paper 000's MLP (train.ts): each brings its own options
// (declared on `train`, so --help lists them and yargs' strict mode accepts them) and its handler. An option of one
// task given to another is refused (exit 2). Add a line here when you add a task.
import type { Options } from 'yargs';
import { InputError } from '../../base/errors.ts';
import { cnnOptions, trainCnn } from './train-cnn.ts';
import { inferenceNoiseTrain } from './train-inference-noise.ts';
import { streamBnnOptions, trainStreamBnn } from './train-stream-bnn.ts';
import { snnTrain } from './train-snn.ts';

export interface TrainTaskCli {
  describe: string;
  /** Task-specific options; no yargs defaults (the task applies them), so a stray one can be detected. */
  options: Record<string, Options>;
  run(argv: Record<string, unknown>): Promise<void>;
}

export const trainTasks: Record<string, TrainTaskCli> = {
  'stream-bnn': { describe: "paper 001's stream learning with metaplastic binarized networks", options: streamBnnOptions, run: trainStreamBnn },
  snn: snnTrain,
  'inference-noise': inferenceNoiseTrain,
  cnn: { describe: "paper 002's quantized CNN on 5-state synapses through tiled crossbar reads with ADCs", options: cnnOptions, run: trainCnn },
};

export const trainTaskNames = ['mlp', ...Object.keys(trainTasks)] as const;

/**
 * Every task's own options, for the `train` builder. A name shared by two tasks (--hidden, --batch) is declared once,
 * with both descriptions, as a string when their types differ (each task parses its own value).
 */
export function trainTaskOptions(): Record<string, Options> {
  const all: Record<string, Options> = {};
  for (const t of Object.values(trainTasks)) {
    for (const [name, o] of Object.entries(t.options)) {
      const had = all[name];
      all[name] = had ? { ...had, type: had.type === o.type ? o.type : 'string', describe: `${had.describe}; ${o.describe}` } : o;
    }
  }
  return all;
}

/** Refuse options that belong only to other tasks than `task`. */
export function checkTaskOptions(task: string, argv: Record<string, unknown>): void {
  const own = new Set(Object.keys(trainTasks[task]?.options ?? {}));
  for (const [name, t] of Object.entries(trainTasks)) {
    if (name === task) continue;
    for (const opt of Object.keys(t.options)) if (!own.has(opt) && argv[opt] !== undefined) throw new InputError(`--${opt}: applies to --task ${name}, not --task ${task}`);
  }
}
