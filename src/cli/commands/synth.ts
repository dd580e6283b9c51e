// `dwtwin synth --core NAME [--params F] --family ice40|ecp5|xc7 [--clock-mhz 12] [--out DIR]`: yosys cell counts
// (LUT, FF, BRAM, DSP) as JSON and a table; for iCE40 also nextpnr-ice40 place-and-route on the UP5K (SG48) with
// utilisation and Fmax against the clock.
import { join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { writeFileAtomic, writeJsonAtomic } from '../../base/atomic-file.ts';
import { coreNames, elaborateCore } from '../../link/all-cores.ts';
import { elaborate, emitVerilog } from '../../kernel/index.ts';
import { FAMILIES } from '../../kernel/synth/families.ts';
import { pinWrapper } from '../../kernel/synth/pin-wrapper.ts';
import { synthReport, synthTable } from '../../kernel/synth/run-synth.ts';
import { InputError } from '../../base/errors.ts';
import { oneOf } from '../args.ts';

export const synthCommand: CommandModule = {
  command: 'synth',
  describe: 'Synthesize a core with yosys (LUT/FF/BRAM/DSP counts); on ice40 also place-and-route and Fmax (UP5K)',
  builder: (y) =>
    y
      .option('core', { type: 'string', demandOption: true, describe: `core name (${coreNames().join(', ')})` })
      .option('params', { type: 'string', describe: 'JSON file overriding the core parameters' })
      .option('family', { type: 'string', demandOption: true, describe: FAMILIES.join(' | ') })
      .option('clock-mhz', { type: 'number', default: 12, describe: 'clock to meet (ice40 place-and-route)' })
      .option('pnr', { type: 'boolean', default: true, describe: 'ice40: place and route (--no-pnr skips it)' })
      .option('out', { type: 'string', describe: 'directory for synth.json and synth.md' }),
  handler: async (argv) => {
    const family = oneOf('family', argv.family, FAMILIES);
    const mhz = Number(argv['clock-mhz']);
    if (!Number.isFinite(mhz) || mhz <= 0) throw new InputError(`--clock-mhz: expected a positive number (got ${JSON.stringify(argv['clock-mhz'])})`);
    const { core, params, design } = elaborateCore(String(argv.core), argv.params as string | undefined);
    const verilog = emitVerilog(design);
    const wrapped = family === 'ice40' && argv.pnr !== false ? emitVerilog(elaborate(pinWrapper(core.def, params, design.inputs, design.outputs), {})) : undefined;
    process.stderr.write(`synth: ${verilog.top} for ${family}${wrapped ? ' + place-and-route' : ''} ...\n`);
    const report = await synthReport(verilog, family, { wrapped, clockMhz: mhz });
    const table = synthTable(report);
    process.stdout.write(table + '\n');
    if (argv.out) {
      const dir = resolve(String(argv.out));
      writeJsonAtomic(join(dir, 'synth.json'), { core: core.name, params, ...report });
      writeFileAtomic(join(dir, 'synth.md'), table + '\n');
      process.stdout.write(`wrote synth.json and synth.md to ${dir}\n`);
    }
  },
};
