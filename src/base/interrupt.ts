// Stopping: SIGINT (Ctrl-C) and SIGTERM (kill, timeout, cluster schedulers such as Slurm's scancel) stop dwtwin the
// same way. The handler runs on the event loop, that is between two synchronous steps, so it never lands inside a
// result write (writes are synchronous and atomic, src/base/atomic-file.ts): that is the safe point. It then runs
// the registered stop actions (kill child processes, terminate worker threads), removes temporary files (exit
// actions) and exits 130 (SIGINT) or 143 (SIGTERM). Finished results (seed files, tables) are already complete on
// disk and stay; work in progress is dropped. A second signal exits at once. Long synchronous loops call
// breathe() (src/base/progress.ts) now and then so that the handler gets its turn within a second.
import { EXIT } from './errors.ts';

type StopSignal = 'SIGINT' | 'SIGTERM';
type StopAction = () => void | Promise<void>;

/** Longest wait for the stop actions (terminating workers, children) before exiting anyway. */
const STOP_GRACE_MS = 2000;

const stopActions = new Set<StopAction>();
const exitActions = new Set<() => void>();
let installed = false;
let stopping: StopSignal | undefined;
let announce = false;

export function signalExitCode(sig: StopSignal): number {
  return sig === 'SIGINT' ? EXIT.sigint : EXIT.sigterm;
}

/** Run `fn` when a signal stops dwtwin (before exiting). Returns a function that unregisters it. */
export function onStop(fn: StopAction): () => void {
  installSignalHandlers();
  stopActions.add(fn);
  return () => stopActions.delete(fn);
}

/** Run `fn` (synchronous) when the process exits for any reason: normally, on an error, on a signal. */
export function onExit(fn: () => void): () => void {
  installSignalHandlers();
  exitActions.add(fn);
  return () => exitActions.delete(fn);
}

/** The signal that is stopping dwtwin, if any (long loops may check it to stop early). */
export function stopRequested(): StopSignal | undefined {
  return stopping;
}

/**
 * Idempotent; the CLI calls it first thing (with announce: one line on stderr when a signal arrives), library code
 * (atomic writes, child processes) on first use.
 */
export function installSignalHandlers(opts: { announce?: boolean } = {}): void {
  if (opts.announce) announce = true;
  if (installed) return;
  installed = true;
  process.on('exit', () => {
    for (const f of exitActions) {
      try {
        f();
      } catch {
        // best effort: the process is ending
      }
    }
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => void stop(sig));
}

async function stop(sig: StopSignal): Promise<void> {
  if (stopping) process.exit(signalExitCode(stopping)); // second signal: at once (exit actions still run)
  stopping = sig;
  if (announce) process.stderr.write(`dwtwin: ${sig}: stopping, finished results are kept (send it again to exit at once)\n`);
  const pending = [...stopActions].map((f) => Promise.resolve().then(f).catch(() => undefined));
  await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, STOP_GRACE_MS).unref())]);
  process.exit(signalExitCode(sig));
}
