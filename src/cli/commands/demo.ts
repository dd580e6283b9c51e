// `dwtwin demo`: the main job of the README's first command. A short on-chip training run on the embedded
// Fashion-MNIST with SOT 300 K 32-notch DW-MTJ synapses against the ideal baseline (paper 000), then the hardware
// kernel flow (mac16 emitted, simulated and cross-checked against Verilator bit for bit).
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { lineChart, writeSvg } from '../../base/plot.ts';
import { outputDir, positiveInt } from '../args.ts';
import { DEFAULT_ALPHA } from '../../tasks/mlp/config.ts';
import { runSeeds, writeReport } from '../../tasks/mlp/run.ts';
import { runKernelDemo } from './kernel-demo.ts';
import { mlpConfigFromArgs } from './train.ts';

export const demoCommand: CommandModule = {
  command: 'demo',
  describe: 'Main job: short SOT 32-notch vs ideal training on embedded Fashion-MNIST, then the kernel cross-check',
  builder: (y) =>
    y
      .option('out', { type: 'string', default: 'out/demo', describe: 'output directory' })
      .option('limit', { type: 'number', default: 4000, describe: 'training images' })
      .option('epochs', { type: 'number', default: 2 }),
  handler: async (argv) => {
    const epochs = positiveInt('epochs', argv.epochs);
    const limit = positiveInt('limit', argv.limit);
    const out = outputDir('out', argv.out);
    const say = (l: string) => process.stdout.write(l + '\n');
    const common = { dataset: 'fashion-mnist', notches: '32', variants: 20, epochs, limit, 'test-limit': 10000, lr: DEFAULT_ALPHA, 'row-slots': 8, 'col-levels': 8 };
    say(`demo: paper 000's MLP on embedded Fashion-MNIST, ${common.limit} training images, ${common.epochs} epochs, α = ${common.lr} (REPRODUCTION.md's Fig. 5e setting), 20 device variants, full 10,000-image test set`);
    const results: [string, number][] = [];
    const curves: { name: string; x: number[]; y: number[] }[] = [];
    for (const synapse of ['ideal', 'sot-300k']) {
      const cfg = mlpConfigFromArgs({ ...common, synapse });
      const dir = join(out, synapse);
      const s = await runSeeds(cfg, [1], dir, { workers: 1, label: synapse });
      writeReport(dir, s);
      results.push([cfg.synapse, s.finalAccuracy.mean]);
      const epochs = s.results[0]!.epochs;
      curves.push({ name: synapse === 'ideal' ? 'ideal (floating point)' : 'SOT 300 K, 32 notches, 20 variants', x: epochs.map((e) => e.epoch), y: epochs.map((e) => 100 * e.testAccuracy) });
      say(`demo: ${cfg.synapse}: ${(100 * s.finalAccuracy.mean).toFixed(2)} % test accuracy (report ${join(dir, 'report.md')}, plot ${join(dir, 'accuracy-per-epoch.svg')})`);
    }
    say(`demo: ideal ${(100 * results[0]![1]).toFixed(2)} % vs SOT 300 K 32 notches ${(100 * results[1]![1]).toFixed(2)} %`);
    say('demo: paper 000 (20 epochs, full training set): SOT 32 notches 72 % on Fashion-MNIST; this short run shows the trend, not the final value');
    // One picture of the main result: both curves and the paper's number they are measured against.
    const plot = join(out, 'accuracy.svg');
    await writeSvg(
      plot,
      lineChart({
        title: `Paper 000's MLP, embedded Fashion-MNIST (${common.limit} training images, α = ${common.lr})`,
        xLabel: 'epoch',
        yLabel: 'test accuracy (%)',
        series: curves,
        points: true,
        integerX: true,
        references: [{ name: 'paper 000 Fig. 5e: SOT 32 notches, full protocol', y: 72 }],
      }),
    );
    say(`demo: plot ${plot}`);
    await runKernelDemo(join(out, 'kernel'), say);
    say(`demo: done; everything is in ${out}`);
  },
};
