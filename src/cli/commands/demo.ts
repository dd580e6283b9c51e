// `dwtwin demo`: the main job the README's first command runs.
import type { CommandModule } from 'yargs';
import { runKernelDemo } from './kernel-demo.ts';

export const demoCommand: CommandModule = {
  command: 'demo',
  describe: 'Run the main demonstration job',
  builder: (y) => y.option('out', { type: 'string', default: 'out/demo', describe: 'output directory' }),
  handler: async (argv) => {
    await runKernelDemo(String(argv.out), (l) => process.stdout.write(l + '\n'));
  },
};
