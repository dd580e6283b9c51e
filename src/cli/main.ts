// dwtwin command line. Each verb lives in its own file under ./commands and is listed in ./commands/index.ts.
// Every failure goes through ./error-boundary.ts: one line, exit 2 for bad input, 1 for failures, 130/143 on signals.
// Verbs check their options (./args.ts) and output locations before any work starts.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { EXIT } from '../base/errors.ts';
import { signalExitCode, stopRequested } from '../base/interrupt.ts';
import { commands } from './commands/index.ts';
import { exitWithFailure, installErrorBoundary } from './error-boundary.ts';

installErrorBoundary();

const cli = yargs(hideBin(process.argv))
  .scriptName('dwtwin')
  .usage('$0 <command> [options]\n\nDigital twin of magnetic domain-wall neuromorphic hardware.')
  .epilogue('Exit codes: 0 success, 1 failure (check failed, write failed, internal error), 2 bad input, 130 SIGINT, 143 SIGTERM. DWTWIN_DEBUG=1 prints stacks.')
  .command(commands)
  .demandCommand(1, 'Give a command; see --help.')
  .strict()
  .recommendCommands()
  .help()
  .alias('h', 'help')
  .version()
  .wrap(Math.min(110, process.stdout.columns ?? 110))
  .fail((msg, err) => {
    if (err) exitWithFailure(err);
    process.stderr.write(`dwtwin: ${msg}\nRun 'dwtwin --help' for usage.\n`);
    process.exit(EXIT.badInput);
  });

try {
  await cli.parseAsync();
} catch (e) {
  exitWithFailure(e);
}
// The command is done: exit now, so that a handle some library leaves open (a timer, a pipe) cannot keep
// dwtwin alive after its work (stdout and stderr writes to files and pipes are synchronous here).
const stoppedBy = stopRequested();
process.exit(stoppedBy ? signalExitCode(stoppedBy) : (process.exitCode ?? EXIT.ok));
