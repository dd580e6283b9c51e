// The one place that decides what a failure prints and how dwtwin exits (README, "Exit codes"):
//   0 success, 1 failure (a check failed, a result could not be written, an internal error), 2 bad input (argument,
//   file, missing tool), 130 SIGINT, 143 SIGTERM (src/base/interrupt.ts).
// Whatever escapes a command (a thrown error, a rejected promise, an error event nobody handled) prints one line
// "dwtwin: ..."; DWTWIN_DEBUG=1 adds the full message and the stack. Third-party process handlers are removed where
// libraries install them (src/base/process-handlers.ts), so nothing else prints or picks the exit code.
import { EXIT, isUserFacing, systemReason } from '../base/errors.ts';
import { installSignalHandlers, signalExitCode, stopRequested } from '../base/interrupt.ts';

const debug = () => process.env.DWTWIN_DEBUG === '1';

/** The line printed for a failure and the exit code it gives. */
export function describeFailure(e: unknown): { line: string; code: number } {
  if (isUserFacing(e)) return { line: e.message, code: e.exitCode };
  const sys = e as NodeJS.ErrnoException;
  if (sys instanceof Error && typeof sys.code === 'string' && typeof sys.syscall === 'string') {
    return { line: `${sys.syscall}${sys.path ? ` ${sys.path}` : ''} failed: ${sys.code} (${systemReason(sys)})`, code: EXIT.failure };
  }
  const text = e instanceof Error ? e.message || e.name : String(e);
  const lines = text.split('\n');
  const more = lines.length > 1 ? `; ${lines.length - 1} more line(s)` : '';
  return { line: `internal error: ${lines[0]} (DWTWIN_DEBUG=1 shows the stack${more})`, code: EXIT.failure };
}

/** Print `e` as one line (plus the stack with DWTWIN_DEBUG=1) and exit with its code. */
export function exitWithFailure(e: unknown): never {
  // Stopping on a signal: errors that the stop itself causes (a killed harness, a terminated worker) are expected.
  const sig = stopRequested();
  if (sig) process.exit(signalExitCode(sig));
  const { line, code } = describeFailure(e);
  process.stderr.write(`dwtwin: ${line}\n`);
  if (debug() && e instanceof Error) process.stderr.write(`${e.message}\n${e.stack ?? ''}\n`);
  process.exit(code);
}

/** Install before anything else runs: signal handling and the last-resort handlers for what escapes. */
export function installErrorBoundary(): void {
  // dwtwin.mjs exits 130 / 143 on a signal while the modules load (nothing to clean up yet); from here on ours decide.
  const early = (globalThis as Record<symbol, Record<string, () => void> | undefined>)[Symbol.for('dwtwin.earlySignalHandlers')];
  for (const [sig, fn] of Object.entries(early ?? {})) process.removeListener(sig, fn);
  installSignalHandlers({ announce: true });
  process.on('uncaughtException', (e) => exitWithFailure(e));
  process.on('unhandledRejection', (e) => exitWithFailure(e));
  // `dwtwin ... | head`: the reader left; stop quietly, as other command-line tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' ? process.exit(EXIT.ok) : exitWithFailure(e)));
}
