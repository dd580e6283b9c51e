// `dwtwin cosim --core NAME --cycles N --seed S [--against verilator|iverilog]`: lockstep cross-check.
import type { CommandModule } from 'yargs';
import { CheckFailed } from '../../base/errors.ts';
import { progress } from '../../base/progress.ts';
import { coreNames, elaborateCore, streamStimulus } from '../../cores/registry.ts';
import { crossCheck, describeResult } from '../../kernel/cosim/lockstep.ts';
import { oneOf, positiveInt, seed } from '../args.ts';
import { runTsSim } from './kernel-run.ts';

export const cosimCommand: CommandModule = {
  command: 'cosim',
  describe: 'Run the TypeScript simulation and a Verilog simulator in lockstep, comparing every output every cycle',
  builder: (y) =>
    y
      .option('core', { type: 'string', demandOption: true, describe: `core name (${coreNames().join(', ')})` })
      .option('cycles', { type: 'number', demandOption: true })
      .option('seed', { type: 'number', demandOption: true })
      .option('against', { type: 'string', default: 'verilator', describe: 'verilator | iverilog' })
      .option('params', { type: 'string', describe: 'JSON file overriding the core parameters' })
      .option('vcd', { type: 'string', describe: 'also write a VCD of the TypeScript simulation (replays)' })
      .option('verilator-vcd', { type: 'string', describe: "also write Verilator's own VCD of the run (trace build)" }),
  handler: async (argv) => {
    const cycles = positiveInt('cycles', argv.cycles);
    const s = seed('seed', argv.seed);
    const against = oneOf('against', argv.against, ['verilator', 'iverilog'] as const);
    const core = String(argv.core);
    const { design, core: entry, params: coreParams } = elaborateCore(core, argv.params as string | undefined);
    // Command-port cores get meaningful command traffic (closed loop on the TypeScript side's cmd_ready).
    const stream = streamStimulus(entry, coreParams, s);
    const bar = progress('cosim', cycles);
    let done = 0;
    const res = await crossCheck(design, {
      cycles,
      seed: s,
      against,
      stream,
      verilatorVcd: argv['verilator-vcd'] as string | undefined,
      log: (l) => process.stderr.write(l + '\n'),
      onProgress: (d) => {
        bar.tick(d - done);
        done = d;
      },
    });
    bar.done();
    if (res.wordsSent !== undefined) process.stderr.write(`stream stimulus: ${res.wordsSent} command words accepted by the core's command port\n`);
    if (argv.vcd) runTsSim(design, cycles, s, String(argv.vcd));
    const line = describeResult(res);
    if (res.mismatches === 0) {
      process.stdout.write(line + '\n');
      return;
    }
    const params = argv.params ? ` --params ${argv.params}` : '';
    const replay = `dwtwin cosim --core ${core}${params} --cycles ${res.first!.cycle + 1} --seed ${s} --against ${against} --vcd replay.vcd`;
    throw new CheckFailed(`${line}\nreplay: ${replay}`);
  },
};
