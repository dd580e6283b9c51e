// dwtwin command line. Each verb lives in its own file under ./commands and is listed in ./commands/index.ts.
// User errors (bad arguments, bad files, missing tools) print one clear message and exit with code 2.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { isUserFacing } from '../base/errors.ts';
import { commands } from './commands/index.ts';

function report(e: unknown): never {
  if (isUserFacing(e)) {
    process.stderr.write(`dwtwin: ${e.message}\n`);
    process.exit(e.exitCode);
  }
  throw e;
}

const cli = yargs(hideBin(process.argv))
  .scriptName('dwtwin')
  .usage('$0 <command> [options]\n\nDigital twin of magnetic domain-wall neuromorphic hardware.')
  .command(commands)
  .demandCommand(1, 'Give a command; see --help.')
  .strict()
  .recommendCommands()
  .help()
  .alias('h', 'help')
  .version()
  .wrap(Math.min(110, process.stdout.columns ?? 110))
  .fail((msg, err) => {
    if (err) report(err);
    process.stderr.write(`dwtwin: ${msg}\nRun 'dwtwin --help' for usage.\n`);
    process.exit(2);
  });

try {
  await cli.parseAsync();
} catch (e) {
  report(e);
}
