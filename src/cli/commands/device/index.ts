// `dwtwin device <verb>`: device-physics reports. One file per verb in this folder.
import type { CommandModule } from 'yargs';
import { fgenCommand } from './fgen.ts';
import { neuronCommand } from './neuron.ts';
import { rampCommand } from './ramp.ts';
import { lutCommand } from './lut.ts';
import { responseCommand } from './response.ts';
import { variantsCommand } from './variants.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const verbs: CommandModule<any, any>[] = [neuronCommand, fgenCommand, rampCommand, lutCommand, responseCommand, variantsCommand];

export const deviceCommand: CommandModule = {
  command: 'device <verb>',
  describe: 'Device physics: synapse ramps and ΔG tables, neuron, function generator',
  builder: (y) => y.command(verbs).demandCommand(1, 'Give a device verb; see dwtwin device --help.'),
  handler: () => {},
};
