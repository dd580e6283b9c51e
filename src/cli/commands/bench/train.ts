// `dwtwin bench train`: one epoch of the device-aware MLP (SOT 300 K, 32 notches) and one of the ideal MLP through
// the same code, same data, same pulse encoding; prints both times and the ratio (issue target: device <= 3x ideal).
import type { CommandModule } from 'yargs';
import { loadDataset } from '../../../data/datasets.ts';
import { trainSeed } from '../../../tasks/mlp/train.ts';
import { positiveInt } from '../../args.ts';
import { mlpConfigFromArgs } from '../train.ts';

export const benchTrainCommand: CommandModule = {
  command: 'train',
  describe: 'One epoch of device-aware (SOT, 32 notches) vs ideal MLP training: times and ratio',
  builder: (y) =>
    y
      .option('dataset', { type: 'string', default: 'fashion-mnist' })
      .option('limit', { type: 'number', default: 5000, describe: 'training images in the epoch' })
      .option('variants', { type: 'number', default: 20, describe: 'device-to-device table variants (as dwtwin train)' }),
  handler: async (argv) => {
    const limit = positiveInt('limit', argv.limit);
    // α = 0.05: the benchmark's own setting (its README figures were measured at it), not the training default.
    const common = { dataset: argv.dataset, notches: '32', variants: positiveInt('variants', argv.variants), epochs: 1, limit, 'test-limit': 100, lr: 0.05, 'row-slots': 8, 'col-levels': 8 };
    const data = loadDataset(String(argv.dataset), { limit, testLimit: 100 });
    const time = async (synapse: string) => {
      const cfg = mlpConfigFromArgs({ ...common, synapse });
      // Same pulse encoding for both: the only difference is the device.
      if (cfg.array.kind === 'ideal') cfg.array = { kind: 'ideal', encoding: { rowSlots: 8, colLevels: 8, stochastic: false } };
      await trainSeed({ ...cfg, limit: 200 }, 1, undefined, undefined, loadDataset(String(argv.dataset), { limit: 200, testLimit: 100 })); // warm up (JIT, tables, tfjs)
      const t0 = performance.now();
      const r = await trainSeed(cfg, 1, undefined, undefined, data);
      return { seconds: (performance.now() - t0) / 1000, pulses: r.devicePulses, below: r.subThresholdPulses };
    };
    const ideal = await time('ideal');
    const device = await time('sot-300k');
    process.stdout.write(`one epoch of ${limit} ${argv.dataset} images, batch 1, 785-300-10:\n`);
    process.stdout.write(`  ideal (pulse-encoded 8x8):   ${ideal.seconds.toFixed(2)} s (${((1000 * ideal.seconds) / limit).toFixed(2)} ms/image)\n`);
    process.stdout.write(`  SOT 300 K, 32 notches, ${common.variants} variant(s): ${device.seconds.toFixed(2)} s (${((1000 * device.seconds) / limit).toFixed(2)} ms/image, ${(device.pulses / limit / 1000).toFixed(0)} k device pulses/image, ${((100 * device.below) / device.pulses).toFixed(0)} % below the depinning threshold)\n`);
    process.stdout.write(`  ratio device/ideal: ${(device.seconds / ideal.seconds).toFixed(2)} (target <= 3)\n`);
  },
};
