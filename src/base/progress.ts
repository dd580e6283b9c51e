// Progress for long runs: a cli-progress bar on a terminal, a plain line every few seconds otherwise
// (CI logs, pipes), always on stderr so stdout stays parseable.
import cliProgress from 'cli-progress';

export interface Progress {
  tick(n?: number, status?: string): void;
  done(): void;
}

export function progress(label: string, total: number, opts: { quiet?: boolean } = {}): Progress {
  if (opts.quiet) return { tick() {}, done() {} };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% {value}/{total} eta {eta_formatted} {status}`, stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { status: '' });
    let v = 0;
    return {
      tick(n = 1, status = '') {
        v += n;
        bar.update(v, { status });
      },
      done() {
        bar.stop();
      },
    };
  }
  let v = 0;
  let last = Date.now();
  process.stderr.write(`${label}: 0/${total}\n`); // the run has started (logs, and tests that wait for it)
  return {
    tick(n = 1, status = '') {
      v += n;
      const now = Date.now();
      // Counts every few seconds; status-only events (an epoch's accuracy, a seed done) always, they are rare.
      if (now - last > 5000 || v === total || (n === 0 && status)) {
        last = now;
        process.stderr.write(`${label}: ${v}/${total}${status ? ' ' + status : ''}\n`);
      }
    },
    done() {},
  };
}

/**
 * Let the event loop run: a long synchronous loop otherwise delays Ctrl-C (the handler that removes temporary
 * files and exits) and the progress bar's redraw until it ends. Costs microseconds; call every few hundred steps.
 */
export function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
