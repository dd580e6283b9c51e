// `dwtwin protocol-doc [--out host/PROTOCOL.md]`: write the protocol document generated from src/link/protocol.ts.
import type { CommandModule } from 'yargs';
import { writeFileAtomic } from '../../../base/atomic-file.ts';
import { protocolDoc } from '../../../link/protocol-doc.ts';
import { outputFile } from '../../args.ts';

export const protocolDocCommand: CommandModule = {
  command: 'protocol-doc',
  describe: 'Write host/PROTOCOL.md, generated from the protocol definition',
  builder: (y) => y.option('out', { type: 'string', default: 'host/PROTOCOL.md' }),
  handler: (argv) => {
    const out = outputFile('out', argv.out); // checked before work, like every other output (exit 2)
    writeFileAtomic(out, protocolDoc());
    process.stdout.write(`wrote ${argv.out}\n`);
  },
};
