// `dwtwin cosim --core NAME --cycles N --seed S [--against verilator|iverilog]`: lockstep cross-check.
import type { CommandModule } from 'yargs';
import { CheckFailed, InputError } from '../../base/errors.ts';
import { progress } from '../../base/progress.ts';
import { streamStimulus } from '../../cores/registry.ts';
import { coreNames, elaborateCore } from '../../link/all-cores.ts';
import { crossCheck, describeResult, IVERILOG_MAX_STIMULUS_WORDS } from '../../kernel/cosim/lockstep.ts';
import { packedWords } from '../../kernel/index.ts';
import { oneOf, outputFile, positiveInt, RNG_STEPS, seed, text } from '../args.ts';
import { checkVcdCycles, runTsSim } from './kernel-run.ts';

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
    // The stimulus of cycle c is draw32(seed, port, c): beyond 2^32 cycles it would repeat.
    const cycles = positiveInt('cycles', argv.cycles, RNG_STEPS);
    const s = seed('seed', argv.seed);
    const against = oneOf('against', argv.against, ['verilator', 'iverilog'] as const);
    const core = text('core', argv.core);
    const { design, core: entry, params: coreParams } = elaborateCore(core, argv.params === undefined ? undefined : text('params', argv.params));
    const vcd = argv.vcd === undefined ? undefined : outputFile('vcd', argv.vcd);
    if (vcd) checkVcdCycles('vcd', design, cycles);
    const verilatorVcd = argv['verilator-vcd'] === undefined ? undefined : outputFile('verilator-vcd', argv['verilator-vcd']);
    if (verilatorVcd && against !== 'verilator') throw new InputError('--verilator-vcd: only with --against verilator');
    const maxIverilog = Math.floor(IVERILOG_MAX_STIMULUS_WORDS / Math.max(1, packedWords(design.inputs)));
    if (against === 'iverilog' && cycles > maxIverilog) throw new InputError(`--cycles: at most ${maxIverilog} cycles of ${core} against iverilog (it reads the whole stimulus at once); use --against verilator, which streams`);
    // Command-port cores get meaningful command traffic (closed loop on the TypeScript side's cmd_ready).
    const stream = streamStimulus(entry, coreParams, s);
    const t0 = performance.now();
    const bar = progress('cosim', cycles);
    let done = 0;
    const res = await crossCheck(design, {
      cycles,
      seed: s,
      against,
      stream,
      verilatorVcd,
      log: (l) => process.stderr.write(l + '\n'),
      onProgress: (d) => {
        bar.tick(d - done);
        done = d;
      },
    });
    bar.done();
    if (res.wordsSent !== undefined) process.stderr.write(`stream stimulus: ${res.wordsSent} command words accepted by the core's command port\n`);
    if (vcd) runTsSim(design, cycles, s, vcd);
    // Cycles, time and rate: with a long --cycles this is the soak test of a core (README, "Reliability").
    const seconds = (performance.now() - t0) / 1000;
    const line = `${describeResult(res)} (${core}, seed ${s}, against ${against}, ${seconds.toFixed(1)} s, ${Math.round(cycles / seconds)} cycles/s)`;
    if (res.mismatches === 0) {
      process.stdout.write(line + '\n');
      return;
    }
    const params = argv.params ? ` --params ${argv.params}` : '';
    const replay = `dwtwin cosim --core ${core}${params} --cycles ${res.first!.cycle + 1} --seed ${s} --against ${against} --vcd replay.vcd`;
    throw new CheckFailed(`${line}\nreplay: ${replay}`);
  },
};
