// `dwtwin target verilator [--core C] [--params F] [--byte-level]`: build the link top with the pty harness, print
// the pty path, serve until SIGINT/SIGTERM.
import type { CommandModule } from 'yargs';
import { buildPtyTarget, startPtyTarget } from '../../../link/verilator-target.ts';
import { oneOf } from '../../args.ts';
import { configFrom, linkOptions } from './common.ts';

export const targetCommand: CommandModule = {
  command: 'target <kind>',
  describe: 'Serve a link target on a pseudo-terminal (kind: verilator) until stopped',
  builder: (y) => linkOptions(y.positional('kind', { type: 'string', describe: 'verilator' })).option('byte-level', { type: 'boolean', default: false, describe: 'bytes straight into the FIFOs (no UART timing)' }),
  handler: async (argv) => {
    oneOf('kind', argv.kind, ['verilator'] as const);
    const cfg = configFrom(argv as Record<string, unknown>);
    const build = await buildPtyTarget(cfg, { log: (l) => process.stderr.write(l + '\n') });
    const level = argv['byte-level'] ? 'byte' : 'bit';
    const t = await startPtyTarget(build, level, cfg.link.clocksPerBit);
    process.stdout.write(`pty: ${t.path}\n`);
    process.stderr.write(`serving ${cfg.core} (${level} level, ${cfg.link.clocksPerBit} clocks per bit); Ctrl-C stops\n`);
    await new Promise<void>((resolve) => {
      const stop = () => void t.stop().then(() => resolve());
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      t.child.once('exit', () => resolve());
    });
  },
};
