// `dwtwin train --task snn --neuron dw|dw-deterministic|lif[,...]`: paper 003's spiking MLP (Fig. 5d) with the
// two-DW neurons served by the accelerator's NeuronArray; several neuron models in one run share one worker pool
// and get a comparison report.
import { resolve } from 'node:path';
import { neuronLevels, neuronModels, type NeuronLevel, type NeuronModel } from '../../accel/neuron-types.ts';
import { InputError } from '../../base/errors.ts';
import { defaultWorkerCount } from '../../base/workers.ts';
import { datasetNames, type DatasetName } from '../../data/datasets.ts';
import type { SnnConfig } from '../../tasks/snn/config.ts';
import { paper003Snn, runSnn } from '../../tasks/snn/run.ts';
import { loadTf } from '../../tasks/tf-backend.ts';
import { list, nonNegativeInt, oneOf, positiveInt, seed } from '../args.ts';
import type { TrainTaskCli } from './train-tasks.ts';

/** Paper 003's protocol; the defaults. */
export const SNN_DEFAULTS = { epochs: 10, lr: 0.001, batch: 100, steps: 400, hidden: '100,100', spikeProbability: 0.1 };

function number(name: string, v: unknown, lo: number, hi: number): number {
  const x = Number(v);
  if (!Number.isFinite(x) || x <= lo || x > hi) throw new InputError(`--${name}: expected a number in (${lo}, ${hi}] (got ${JSON.stringify(v)})`);
  return x;
}

export function snnConfigsFromArgs(a: Record<string, unknown>): SnnConfig[] {
  const models = list(a.neuron ?? 'dw');
  if (!models.length) throw new InputError(`--neuron: expected one or more of ${neuronModels.join(', ')}`);
  for (const m of models) oneOf('neuron', m, neuronModels);
  if (new Set(models).size !== models.length) throw new InputError(`--neuron: ${JSON.stringify(a.neuron)} names a model twice`);
  const level = oneOf('level', a.level ?? 'device', neuronLevels) as NeuronLevel;
  const hidden = list(a.hidden ?? SNN_DEFAULTS.hidden).map((h) => positiveInt('hidden', h));
  if (!hidden.length || hidden.some((h) => h > 4096)) throw new InputError(`--hidden: expected 1 or more layer sizes in 1..4096 (got ${JSON.stringify(a.hidden)})`);
  const steps = positiveInt('steps', a.steps ?? SNN_DEFAULTS.steps);
  if (steps > 4000) throw new InputError(`--steps: expected at most 4000 time steps (got ${steps})`);
  const common = {
    task: 'snn' as const,
    dataset: oneOf('dataset', a.dataset ?? 'fashion-mnist', datasetNames) as DatasetName,
    idxDir: a.idx === undefined ? undefined : resolve(String(a.idx)),
    limit: nonNegativeInt('limit', a.limit ?? 0),
    testLimit: nonNegativeInt('test-limit', a['test-limit'] ?? 0),
    epochs: positiveInt('epochs', a.epochs ?? SNN_DEFAULTS.epochs),
    lr: number('lr', a.lr ?? SNN_DEFAULTS.lr, 0, 1),
    batch: positiveInt('batch', a.batch ?? SNN_DEFAULTS.batch),
    steps,
    hidden,
    spikeProbability: number('spike-probability', a['spike-probability'] ?? SNN_DEFAULTS.spikeProbability, 0, 1),
  };
  return models.map((m) => {
    const model = m as NeuronModel;
    return { ...common, neurons: { level, model }, label: `${paper003Snn[model].name} neurons` };
  });
}

export const snnTrain: TrainTaskCli = {
  describe: "paper 003's spiking MLP with DW-MTJ or LIF neurons",
  options: {
    neuron: { type: 'string', describe: `snn: ${neuronModels.join(' | ')}, or a comma list compared in one run (default dw)` },
    steps: { type: 'number', describe: `snn: time steps of 0.1 ns per image (default ${SNN_DEFAULTS.steps} = paper 003's 40 ns)` },
    batch: { type: 'number', describe: `snn: images per batch (default ${SNN_DEFAULTS.batch})` },
    hidden: { type: 'string', describe: `snn: hidden layer sizes (default ${SNN_DEFAULTS.hidden})` },
    'spike-probability': { type: 'number', describe: `snn: Poisson spike probability per step of a white pixel (default ${SNN_DEFAULTS.spikeProbability} = 1 GHz x 0.1 ns)` },
  },
  async run(argv) {
    const cfgs = snnConfigsFromArgs(argv);
    const first = seed('seed', argv.seed);
    const n = positiveInt('seeds', argv.seeds ?? 1);
    const seeds = Array.from({ length: n }, (_, i) => first + i);
    const models = cfgs.map((c) => c.neurons.model).join('+');
    const tag = `snn-${cfgs[0]!.dataset}-${models}`;
    const out = resolve(String(argv.out ?? `out/train/${tag}`));
    const t0 = Date.now();
    const ss = await runSnn(cfgs, seeds, out, { workers: positiveInt('workers', argv.workers ?? defaultWorkerCount()), label: tag });
    for (const s of ss) {
      const p = paper003Snn[s.config.neurons.model];
      process.stdout.write(`${s.config.label} on ${s.config.dataset}: test accuracy ${(100 * s.finalAccuracy.mean).toFixed(2)} % ± ${(100 * s.finalAccuracy.std).toFixed(2)}, spread over the first 3 epochs ${(100 * s.spreadFirst3).toFixed(2)} % (${n} seed(s), ${s.config.epochs} epoch(s)); paper 003: ${p.accuracy} ± ${p.accuracyStd} %, spread ${p.spread3} %\n`);
    }
    process.stdout.write(`  tfjs backend: ${(await loadTf()).backend}\n`);
    process.stdout.write(`  results: ${out}/{${cfgs.length > 1 ? 'comparison.json,<neuron>/…,' : 'seed-*.json,summary.json,'}accuracy-per-epoch.svg,report.md} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  },
};
