// `dwtwin device fgen --preset sigmoid|staircase`: paper 004's MTJ function generators; JSON + SVG of the
// staircase / sigmoid vs input current, levels, fitted sigmoid and energy per switch beside the paper's numbers.
import type { CommandModule } from 'yargs';
import { CheckFailed } from '../../../base/errors.ts';
import { fgenPresetNames, fgenReport } from '../../../devices/fgen/index.ts';
import { oneOf, outputDir, seed } from '../../args.ts';

export const fgenCommand: CommandModule = {
  command: 'fgen',
  describe: 'MTJ function generator (paper 004): linear staircase synapse or sigmoid activation generator',
  builder: (y) =>
    y
      .option('preset', { type: 'string', default: 'sigmoid', describe: `generator (${fgenPresetNames.join(', ')})` })
      .option('out', { type: 'string', default: 'out/device/fgen', describe: 'output directory' })
      .option('seed', { type: 'string', default: '1', describe: 'random seed' }),
  handler: async (argv) => {
    const a = argv as Record<string, unknown>;
    const preset = oneOf('preset', a.preset, fgenPresetNames);
    const { text, failures } = await fgenReport(preset, { seed: seed('seed', a.seed), outDir: outputDir('out', a.out) });
    process.stdout.write(text);
    if (failures.length) throw new CheckFailed(`fidelity target missed: ${failures.join('; ')}`);
  },
};
