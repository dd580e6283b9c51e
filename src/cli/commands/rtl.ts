// `dwtwin rtl --core NAME [--params FILE] --out DIR`: write the Verilog of a named core and its file list.
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { writeFileAtomic } from '../../base/atomic-file.ts';
import { coreNames, elaborateCore } from '../../link/all-cores.ts';
import { emitVerilog } from '../../kernel/index.ts';
import { outputDir, text } from '../args.ts';

export const rtlCommand: CommandModule = {
  command: 'rtl',
  describe: 'Write the Verilog of a named core (one file per module) and a file list (files.f)',
  builder: (y) =>
    y
      .option('core', { type: 'string', demandOption: true, describe: `core name (${coreNames().join(', ')})` })
      .option('params', { type: 'string', describe: 'JSON file overriding the core parameters' })
      .option('out', { type: 'string', demandOption: true, describe: 'output directory' }),
  handler: (argv) => {
    const { design } = elaborateCore(text('core', argv.core), argv.params === undefined ? undefined : text('params', argv.params));
    const dir = outputDir('out', argv.out);
    const v = emitVerilog(design);
    for (const f of v.files) writeFileAtomic(join(dir, f.name), f.text);
    // Children first, so tools that read the list in order see every module before its use.
    writeFileAtomic(join(dir, 'files.f'), v.files.map((f) => f.name).join('\n') + '\n');
    process.stdout.write(`wrote ${v.files.length} Verilog file(s) for top '${v.top}' and files.f to ${dir}\n`);
  },
};
