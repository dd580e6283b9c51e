// `dwtwin fuzz --designs N --cycles M --seed S [--chunk K]`: random designs, TypeScript simulation against Verilator
// (or iverilog), bit for bit. Designs go side by side into bundles of --chunk designs, one Verilator build per
// bundle: one build checks many designs, and a campaign of 10,000 designs stays within memory and compiler limits.
import type { CommandModule } from 'yargs';
import { CheckFailed, InputError } from '../../base/errors.ts';
import { progress } from '../../base/progress.ts';
import { crossCheck, hex, IVERILOG_MAX_STIMULUS_WORDS, type Mismatch } from '../../kernel/cosim/lockstep.ts';
import { designOfPort, fuzzBundle } from '../../kernel/fuzz/random-design.ts';
import { elaborate } from '../../kernel/index.ts';
import { nonNegativeInt, oneOf, positiveInt, RNG_STEPS, seed } from '../args.ts';

/** Designs per bundle by default: 200 build in ~15 s; much larger bundles strain the C++ compiler's memory. */
export const DEFAULT_FUZZ_CHUNK = 500;

export interface FuzzOutcome {
  designs: number;
  failing: number[];
  line: string;
  /** Verilator (or iverilog) builds: one per bundle. */
  bundles: number;
}

export async function runFuzz(opts: { designs: number; cycles: number; seed: number; against: 'verilator' | 'iverilog'; only?: number; chunk?: number; log?: (l: string) => void }): Promise<FuzzOutcome> {
  const chunk = opts.chunk ?? DEFAULT_FUZZ_CHUNK;
  const total = opts.only !== undefined ? 1 : opts.designs;
  const bundles = Math.ceil(total / chunk);
  const bar = progress('fuzz', bundles * opts.cycles);
  const failing: number[] = [];
  let first: Mismatch | undefined;
  try {
    for (let b = 0; b < bundles; b++) {
      // Indices are made per bundle: --designs 10^9 must not allocate them all.
      const lo = b * chunk;
      const indices = opts.only !== undefined ? [opts.only] : Array.from({ length: Math.min(chunk, total - lo) }, (_, i) => lo + i);
      if (bundles > 1) opts.log?.(`fuzz: bundle ${b + 1}/${bundles}: designs ${indices[0]}..${indices[indices.length - 1]}`);
      const design = elaborate(fuzzBundle(opts.seed, indices), {});
      let done = 0;
      const res = await crossCheck(design, {
        cycles: opts.cycles,
        seed: opts.seed,
        against: opts.against,
        log: opts.log,
        onProgress: (d) => {
          bar.tick(d - done);
          done = d;
        },
      });
      const bad = new Set([...res.byPort.keys()].map(designOfPort));
      failing.push(...bad);
      first ??= res.first;
      // A verdict per bundle: a long campaign stopped part way still says what it checked.
      if (bundles > 1) opts.log?.(`fuzz: bundle ${b + 1}/${bundles}: ${bad.size === 0 ? `bit-exact (${indices.length} designs)` : `${bad.size} of ${indices.length} designs mismatch`}; ${lo + indices.length} of ${total} designs checked`);
    }
  } finally {
    bar.done();
  }
  failing.sort((a, b) => a - b);
  if (failing.length === 0) return { designs: total, failing, bundles, line: `bit-exact: ${total} designs, 0 mismatches` };
  const f = first!;
  const line =
    `MISMATCH in ${failing.length} of ${total} designs (${failing.slice(0, 10).join(', ')}${failing.length > 10 ? ', ...' : ''}); ` +
    `first at cycle ${f.cycle}, design ${designOfPort(f.port)}, port ${f.port}: expected ${hex(f.expected)} (TypeScript) got ${hex(f.got)}\n` +
    `replay: dwtwin fuzz --designs 1 --only ${designOfPort(f.port)} --cycles ${f.cycle + 1} --seed ${opts.seed} --against ${opts.against}`;
  return { designs: total, failing, bundles, line };
}

export const fuzzCommand: CommandModule = {
  command: 'fuzz',
  describe: 'Cross-check random designs (all operators, widths 1..64, registers, memories, hierarchy) bit for bit',
  builder: (y) =>
    y
      .option('designs', { type: 'number', default: 200 })
      .option('cycles', { type: 'number', default: 1000 })
      .option('seed', { type: 'number', default: 1 })
      .option('against', { type: 'string', default: 'verilator', describe: 'verilator | iverilog' })
      .option('chunk', { type: 'number', default: DEFAULT_FUZZ_CHUNK, describe: 'designs per Verilator build (bundle)' })
      .option('only', { type: 'number', describe: 'check only this design index (replays a failure)' }),
  handler: async (argv) => {
    // A design is a function of (seed, index) through the 32-bit RNG: indices beyond 2^32 would repeat designs.
    const designs = positiveInt('designs', argv.designs, RNG_STEPS);
    const cycles = positiveInt('cycles', argv.cycles, RNG_STEPS);
    const chunk = positiveInt('chunk', argv.chunk, 10_000);
    const against = oneOf('against', argv.against, ['verilator', 'iverilog'] as const);
    const only = argv.only === undefined ? undefined : nonNegativeInt('only', argv.only, RNG_STEPS - 1);
    // iverilog reads each bundle's whole stimulus at once; a bundle has up to 4 inputs of up to 64 bits per design.
    const maxWords = Math.min(chunk, only !== undefined ? 1 : designs) * 8 * cycles;
    if (against === 'iverilog' && maxWords > IVERILOG_MAX_STIMULUS_WORDS) throw new InputError(`--cycles: ${cycles} cycles of bundles of ${Math.min(chunk, designs)} designs are too long for iverilog (it reads the whole stimulus at once); lower --cycles or --chunk, or use --against verilator`);
    const t0 = performance.now();
    const out = await runFuzz({ designs, cycles, chunk, seed: seed('seed', argv.seed), against, only, log: (l) => process.stderr.write(l + '\n') });
    if (out.failing.length) throw new CheckFailed(out.line);
    process.stdout.write(`${out.line} (${cycles} cycles each, ${out.bundles} build(s) of up to ${chunk} designs, ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  },
};
