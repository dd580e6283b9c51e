// `dwtwin demo`: the main job the README's first command runs.
import type { CommandModule } from 'yargs';

export const demoCommand: CommandModule = {
  command: 'demo',
  describe: 'Run the main demonstration job',
  handler: async () => {
    process.stdout.write('dwtwin demo: nothing to run yet\n');
  },
};
