// `dwtwin sim --core NAME --cycles N [--seed S] [--vcd FILE]`: the TypeScript simulation on seeded random stimulus.
import type { CommandModule } from 'yargs';
import { coreNames, elaborateCore } from '../../cores/registry.ts';
import { positiveInt, seed } from '../args.ts';
import { runTsSim } from './kernel-run.ts';

export const simCommand: CommandModule = {
  command: 'sim',
  describe: 'Simulate a core in TypeScript on seeded random stimulus (optionally dumping a VCD)',
  builder: (y) =>
    y
      .option('core', { type: 'string', demandOption: true, describe: `core name (${coreNames().join(', ')})` })
      .option('cycles', { type: 'number', demandOption: true, describe: 'cycles to simulate' })
      .option('seed', { type: 'number', default: 1, describe: 'stimulus seed' })
      .option('params', { type: 'string', describe: 'JSON file overriding the core parameters' })
      .option('vcd', { type: 'string', describe: 'write a VCD waveform here (GTKWave)' }),
  handler: (argv) => {
    const cycles = positiveInt('cycles', argv.cycles);
    const s = seed('seed', argv.seed);
    const { design } = elaborateCore(String(argv.core), argv.params as string | undefined);
    const r = runTsSim(design, cycles, s, argv.vcd as string | undefined);
    process.stdout.write(`sim ${design.top.verilogName}: ${cycles} cycles, seed ${s}, ${Math.round(cycles / r.seconds)} cycles/s\n`);
    process.stdout.write(`outputs sha256: ${r.outputHash}\n`);
    if (argv.vcd) process.stdout.write(`wrote ${argv.vcd}\n`);
  },
};
