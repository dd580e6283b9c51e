// `dwtwin bench <what>`: benchmarks. Speed targets live here, never in timed tests. One file per benchmark.
import type { CommandModule } from 'yargs';
import { benchLinkCommand } from './link.ts';
import { benchSimCommand } from './sim.ts';
import { tablesBench } from './tables.ts';
import { benchTrainCommand } from './train.ts';
import { benchTwinCommand } from './twin.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const benches: CommandModule<any, any>[] = [benchLinkCommand, benchSimCommand, tablesBench, benchTrainCommand, benchTwinCommand];

export const benchCommand: CommandModule = {
  command: 'bench <what>',
  describe: 'Benchmarks (simulation speed, table generation, training)',
  builder: (y) => y.command(benches).demandCommand(1, 'Give a benchmark; see dwtwin bench --help.'),
  handler: () => {},
};
