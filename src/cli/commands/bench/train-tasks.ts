// `dwtwin bench train --task snn|inference-noise`: device-aware vs ideal time for the tasks beyond the MLP, same
// code and data. snn: one training epoch with DW-MTJ neurons (noisy and deterministic) vs the ideal LIF, all
// through the device-level NeuronArray. inference-noise: writing the trained MLP's weights to devices (N bits,
// measured write noise) and evaluating them vs evaluating the float weights.
import { WrittenArray, PAPER001_WRITE } from '../../../accel/written-array.ts';
import { loadDataset } from '../../../data/datasets.ts';
import { evaluate, trainArrays } from '../../../tasks/mlp/train.ts';
import { trainSnnSeed } from '../../../tasks/snn/train.ts';
import { positiveInt } from '../../args.ts';
import { inferenceNoiseConfigFromArgs } from '../train-inference-noise.ts';
import { snnConfigsFromArgs } from '../train-snn.ts';

const seconds = async (f: () => Promise<unknown>) => {
  const t0 = performance.now();
  await f();
  return (performance.now() - t0) / 1000;
};

export async function benchSnn(argv: Record<string, unknown>): Promise<void> {
  const limit = positiveInt('limit', argv.limit ?? 500);
  const steps = positiveInt('steps', argv.steps ?? 100);
  const [dw, det, lif] = snnConfigsFromArgs({ neuron: 'dw,dw-deterministic,lif', limit, 'test-limit': 100, epochs: 1, steps });
  const data = loadDataset(dw!.dataset, { limit, testLimit: 100 });
  const warm = loadDataset(dw!.dataset, { limit: 100, testLimit: 100 });
  const time = async (cfg: typeof dw) => {
    await trainSnnSeed({ ...cfg!, limit: 100 }, 1, {}, warm); // warm up (JIT, tfjs)
    return seconds(() => trainSnnSeed(cfg!, 1, {}, data));
  };
  const tLif = await time(lif);
  const tDw = await time(dw);
  const tDet = await time(det);
  process.stdout.write(`one epoch of ${limit} ${dw!.dataset} images, 784-${dw!.hidden.join('-')}-10, ${steps} steps, batch ${dw!.batch} (+ BN calibration and 100 test images):\n`);
  process.stdout.write(`  ideal LIF neurons:            ${tLif.toFixed(2)} s (${((1000 * tLif) / limit).toFixed(1)} ms/image)\n`);
  process.stdout.write(`  DW-MTJ neurons, sigma 0.3:    ${tDw.toFixed(2)} s (${((1000 * tDw) / limit).toFixed(1)} ms/image)\n`);
  process.stdout.write(`  DW-MTJ neurons, sigma 0:      ${tDet.toFixed(2)} s (${((1000 * tDet) / limit).toFixed(1)} ms/image)\n`);
  process.stdout.write(`  ratio device/ideal: ${(tDw / tLif).toFixed(2)} noisy, ${(tDet / tLif).toFixed(2)} deterministic (target <= 3)\n`);
}

export async function benchInferenceNoise(argv: Record<string, unknown>): Promise<void> {
  const limit = positiveInt('limit', argv.limit ?? 2000);
  const cfg = inferenceNoiseConfigFromArgs({ limit, 'test-limit': 0, epochs: 1, bits: '5', noise: 'measured' });
  const data = loadDataset(cfg.network.dataset, { limit, testLimit: undefined });
  const { arrays } = await trainArrays(cfg.network, 1, undefined, undefined, data);
  const weights = arrays.map((a) => a.readWeights());
  const reps = 5;
  await evaluate(arrays[0], arrays[1], data.test); // warm up
  const tIdeal = (await seconds(async () => { for (let i = 0; i < reps; i++) await evaluate(arrays[0], arrays[1], data.test); })) / reps;
  const tDev = (await seconds(async () => {
    for (let i = 0; i < reps; i++) {
      const w = arrays.map((a, l) => { const x = new WrittenArray(a.rows, a.cols, { bits: 5, gMin: cfg.gMin, gMax: cfg.gMax, sigma: PAPER001_WRITE.sigma, seed: i * 2 + l }); x.program(weights[l]!); return x; });
      await evaluate(w[0]!, w[1]!, data.test);
    }
  })) / reps;
  process.stdout.write(`inference on ${data.test.n} ${cfg.network.dataset} test images, 785-300-10 (mean of ${reps}):\n`);
  process.stdout.write(`  float weights:                                  ${(1000 * tIdeal).toFixed(0)} ms\n`);
  process.stdout.write(`  written to devices (5 bits, 16 notches, 2.53 uS): ${(1000 * tDev).toFixed(0)} ms (writing 2 x ${(weights[0]!.length + weights[1]!.length) / 1000}k devices, then the same evaluation)\n`);
  process.stdout.write(`  ratio device/ideal: ${(tDev / tIdeal).toFixed(2)} (target <= 3)\n`);
}
