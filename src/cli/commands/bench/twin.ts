// `dwtwin bench twin [--synapse P] [--notches N] [--carry] [--limit N]`: one training epoch on the tile twin and one
// on the float device level, same configuration and data; prints both times and the ratio twin / device (target
// <= 1: integer tables should not be slower than floats). Times include each level's test-set evaluation.
import type { CommandModule } from 'yargs';
import { loadDataset } from '../../../data/datasets.ts';
import { trainSeed } from '../../../tasks/mlp/train.ts';
import { positiveInt } from '../../args.ts';
import { mlpConfigFromArgs } from '../train.ts';

export const benchTwinCommand: CommandModule = {
  command: 'twin',
  describe: 'One epoch of MLP training on the tile twin vs the float device level: times and ratio',
  builder: (y) =>
    y
      .option('dataset', { type: 'string', default: 'fashion-mnist' })
      .option('synapse', { type: 'string', default: 'sot-300k' })
      .option('notches', { type: 'string', default: '32' })
      .option('carry', { type: 'boolean' })
      .option('limit', { type: 'number', default: 2000, describe: 'training images in the epoch' })
      .option('variants', { type: 'number', default: 20 })
      .option('repeats', { type: 'number', default: 3, describe: 'timed runs per level (the best is printed)' }),
  handler: async (argv) => {
    const limit = positiveInt('limit', argv.limit);
    const repeats = positiveInt('repeats', argv.repeats);
    const common = { dataset: argv.dataset, synapse: argv.synapse, notches: String(argv.notches), carry: argv.carry, variants: positiveInt('variants', argv.variants), epochs: 1, limit, 'test-limit': 100, lr: 0.02, 'row-slots': 8, 'col-levels': 8 };
    const device = mlpConfigFromArgs({ ...common, level: 'device' });
    const twin = mlpConfigFromArgs({ ...common, level: 'twin' });
    const data = loadDataset(String(argv.dataset), { limit, testLimit: 100 });
    const warm = loadDataset(String(argv.dataset), { limit: 200, testLimit: 100 });
    const time = async (cfg: typeof device) => {
      await trainSeed({ ...cfg, limit: 200 }, 1, undefined, undefined, warm); // JIT, tables, tfjs
      let best = Infinity;
      let cpu = Infinity;
      for (let r = 0; r < repeats; r++) {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        await trainSeed(cfg, 1, undefined, undefined, data);
        best = Math.min(best, (performance.now() - t0) / 1000);
        cpu = Math.min(cpu, process.cpuUsage(c0).user / 1e6);
      }
      return { best, cpu };
    };
    const d = await time(device);
    const t = await time(twin);
    process.stdout.write(`one epoch of ${limit} ${argv.dataset} images, 785-300-10, ${device.synapse}, ${common.variants} variant(s), best of ${repeats}:\n`);
    process.stdout.write(`  float device level: ${d.best.toFixed(2)} s wall, ${d.cpu.toFixed(2)} s cpu (${((1000 * d.best) / limit).toFixed(2)} ms/image)\n`);
    process.stdout.write(`  tile twin:          ${t.best.toFixed(2)} s wall, ${t.cpu.toFixed(2)} s cpu (${((1000 * t.best) / limit).toFixed(2)} ms/image)\n`);
    process.stdout.write(`  ratio twin/device: ${(t.best / d.best).toFixed(2)} wall, ${(t.cpu / d.cpu).toFixed(2)} cpu (target <= 1)\n`);
  },
};
