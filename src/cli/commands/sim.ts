// `dwtwin sim --core NAME --cycles N [--seed S] [--vcd FILE]`: the TypeScript simulation on seeded random stimulus.
import type { CommandModule } from 'yargs';
import { coreNames, elaborateCore } from '../../link/all-cores.ts';
import { outputFile, positiveInt, RNG_STEPS, seed, text } from '../args.ts';
import { checkVcdCycles, runTsSim } from './kernel-run.ts';

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
    // The stimulus of cycle c is draw32(seed, port, c): beyond 2^32 cycles it would repeat.
    const cycles = positiveInt('cycles', argv.cycles, RNG_STEPS);
    const s = seed('seed', argv.seed);
    const { design } = elaborateCore(text('core', argv.core), argv.params === undefined ? undefined : text('params', argv.params));
    const vcd = argv.vcd === undefined ? undefined : outputFile('vcd', argv.vcd);
    if (vcd) checkVcdCycles('vcd', design, cycles);
    const r = runTsSim(design, cycles, s, vcd);
    process.stdout.write(`sim ${design.top.verilogName}: ${cycles} cycles, seed ${s}, ${Math.round(cycles / r.seconds)} cycles/s\n`);
    process.stdout.write(`outputs sha256: ${r.outputHash}\n`);
    if (argv.vcd) process.stdout.write(`wrote ${argv.vcd}\n`);
  },
};
