// `dwtwin fuzz --designs N --cycles M --seed S`: random designs, TypeScript simulation against Verilator (or
// iverilog), bit for bit. All designs go side by side into one bundle, so one Verilator build checks them all.
import type { CommandModule } from 'yargs';
import { CheckFailed } from '../../base/errors.ts';
import { progress } from '../../base/progress.ts';
import { crossCheck, hex } from '../../kernel/cosim/lockstep.ts';
import { designOfPort, fuzzBundle } from '../../kernel/fuzz/random-design.ts';
import { elaborate } from '../../kernel/index.ts';
import { nonNegativeInt, oneOf, positiveInt, seed } from '../args.ts';

export interface FuzzOutcome {
  designs: number;
  failing: number[];
  line: string;
}

export async function runFuzz(opts: { designs: number; cycles: number; seed: number; against: 'verilator' | 'iverilog'; only?: number; log?: (l: string) => void }): Promise<FuzzOutcome> {
  const indices = opts.only !== undefined ? [opts.only] : Array.from({ length: opts.designs }, (_, i) => i);
  const design = elaborate(fuzzBundle(opts.seed, indices), {});
  const bar = progress('fuzz', opts.cycles);
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
  bar.done();
  const failing = [...new Set([...res.byPort.keys()].map(designOfPort))].sort((a, b) => a - b);
  if (failing.length === 0) return { designs: indices.length, failing, line: `bit-exact: ${indices.length} designs, 0 mismatches` };
  const f = res.first!;
  const line =
    `MISMATCH in ${failing.length} of ${indices.length} designs (${failing.slice(0, 10).join(', ')}${failing.length > 10 ? ', ...' : ''}); ` +
    `first at cycle ${f.cycle}, design ${designOfPort(f.port)}, port ${f.port}: expected ${hex(f.expected)} (TypeScript) got ${hex(f.got)}\n` +
    `replay: dwtwin fuzz --designs 1 --only ${designOfPort(f.port)} --cycles ${f.cycle + 1} --seed ${opts.seed} --against ${opts.against}`;
  return { designs: indices.length, failing, line };
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
      .option('only', { type: 'number', describe: 'check only this design index (replays a failure)' }),
  handler: async (argv) => {
    const out = await runFuzz({
      designs: positiveInt('designs', argv.designs),
      cycles: positiveInt('cycles', argv.cycles),
      seed: seed('seed', argv.seed),
      against: oneOf('against', argv.against, ['verilator', 'iverilog'] as const),
      only: argv.only === undefined ? undefined : nonNegativeInt('only', argv.only),
      log: (l) => process.stderr.write(l + '\n'),
    });
    if (out.failing.length) throw new CheckFailed(out.line);
    process.stdout.write(out.line + '\n');
  },
};
