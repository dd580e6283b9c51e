// `dwtwin bench sim [--core mac16] [--cycles N]`: TypeScript simulation versus the Verilator build of the same
// core on the same stimulus, cycles per second for each and their ratio. Anchors (REFERENCES.md): Hardcaml's
// cycle simulator runs ~65x slower than Verilator, its generated-C back-end ~4.7x. Target: TS/Verilator >= 0.2.
import type { CommandModule } from 'yargs';
import { streamStimulus } from '../../../cores/registry.ts';
import { coreNames, elaborateCore } from '../../../link/all-cores.ts';
import { StreamDriver } from '../../../kernel/cosim/stream-stimulus.ts';
import { benchVerilator, buildVerilator } from '../../../kernel/backends/verilator.ts';
import { harnessSpec } from '../../../kernel/cosim/lockstep.ts';
import { makeStimulus } from '../../../kernel/cosim/stimulus.ts';
import { compileSim, packedWords } from '../../../kernel/index.ts';
import { positiveInt, text } from '../../args.ts';

/** Stimulus and outputs of the whole run are held in memory at once: at most this many bytes. */
const BENCH_MAX_BYTES = 2 ** 30;

export const benchSimCommand: CommandModule = {
  command: 'sim',
  describe: 'TypeScript simulation vs Verilator on the same stimulus: cycles/s and ratio',
  builder: (y) =>
    y
      .option('core', { type: 'string', default: 'mac16', describe: `core (${coreNames().join(', ')})` })
      .option('params', { type: 'string', describe: 'JSON file overriding the core parameters' })
      .option('cycles', { type: 'number', default: 200_000, describe: 'stimulus length (run several times)' })
      .option('reps', { type: 'number', default: 5, describe: 'repetitions; the best is reported' }),
  handler: (argv) => {
    const { design, core, params } = elaborateCore(text('core', argv.core), argv.params === undefined ? undefined : text('params', argv.params));
    const wordsPerCycle = packedWords(design.inputs) + packedWords(design.outputs);
    const cycles = positiveInt('cycles', argv.cycles, Math.floor(BENCH_MAX_BYTES / (4 * wordsPerCycle)));
    const reps = positiveInt('reps', argv.reps, 1000);
    // Command-port cores: the closed-loop command traffic of cosim, recorded once and replayed on both sides (an
    // open random stimulus would only ever be answered with "unknown opcode").
    const stream = streamStimulus(core, params, 1);
    const stim = stream ? new StreamDriver(design.inputs, design.outputs, stream, 1).runBatch(compileSim(design), 0, cycles).stim : makeStimulus(design.inputs, 1, 0, cycles);
    const out = new Uint32Array(cycles * packedWords(design.outputs));

    const sim = compileSim(design);
    sim.runBatch(Math.min(cycles, 20_000), stim, out); // warm up the JIT
    let tsBest = Infinity;
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      sim.runBatch(cycles, stim, out);
      tsBest = Math.min(tsBest, (performance.now() - t0) / 1000);
    }

    const build = buildVerilator(harnessSpec(design), { optimize: true, log: (l) => process.stderr.write(l + '\n') });
    let vBest = Infinity;
    for (let r = 0; r < reps; r++) vBest = Math.min(vBest, benchVerilator(build, stim, 1).seconds);

    const ts = cycles / tsBest;
    const v = cycles / vBest;
    const f = (x: number) => `${(x / 1e6).toFixed(2)} M cycles/s`;
    process.stdout.write(`core ${design.top.verilogName}, ${cycles} cycles of seeded ${stream ? 'command traffic' : 'stimulus'}, best of ${reps}\n`);
    process.stdout.write(`TypeScript simulation: ${f(ts)}\n`);
    process.stdout.write(`Verilator (-O3, OPT_FAST=-O2): ${f(v)}\n`);
    process.stdout.write(`ratio TS/Verilator: ${(ts / v).toFixed(3)} (target >= 0.2; Hardcaml cyclesim ~0.015, Hardcaml C back-end ~0.21)\n`);
  },
};
