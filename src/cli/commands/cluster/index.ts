// `dwtwin cluster submit|status`: running a plan's jobs on a SLURM cluster.
import type { CommandModule } from 'yargs';
import { statusCommand } from './status.ts';
import { submitCommand } from './submit.ts';

export const clusterCommand: CommandModule = {
  command: 'cluster <verb>',
  describe: 'Run a plan (train|sweep --plan) on a SLURM cluster: submit, status, resume',
  builder: (y) => y.command([submitCommand, statusCommand]).demandCommand(1, 'Give a cluster verb; see dwtwin cluster --help.'),
  handler: () => {},
};
