// The argv of one single-seed job, rebuilt from a parsed command line: every option the command knows (given or
// defaulted) spelled out, so the job runs the same configuration on any machine and a task's new options reach
// its jobs without changes here. `set` replaces or adds options (the seed, the output directory, a sweep point).
import { isAbsolute, resolve } from 'node:path';

/** yargs bookkeeping and aliases, never options of a job. */
const NOT_OPTIONS = new Set(['_', '$0', 'h', 'help', 'version', 'plan']);

type Value = string | number | boolean | undefined;

export function optionArgv(verb: string[], argv: Record<string, unknown>, opts: { drop?: string[]; set?: Record<string, Value> }): string[] {
  const drop = new Set([...NOT_OPTIONS, ...(opts.drop ?? [])]);
  const values = new Map<string, unknown>();
  // yargs also keeps a camelCase copy of every dashed option ('test-limit' and 'testLimit'): keep the dashed one.
  for (const [k, v] of Object.entries(argv)) if (/^[a-z][a-z0-9-]*$/.test(k) && !drop.has(k)) values.set(k, v);
  for (const [k, v] of Object.entries(opts.set ?? {})) values.set(k, v);
  const out = [...verb];
  for (const [k, v] of [...values].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) {
      if (typeof x === 'boolean') out.push(x ? `--${k}` : `--no-${k}`);
      else out.push(`--${k}`, String(x));
    }
  }
  return out;
}

/** An output directory as an absolute path (jobs may start in another directory than the planning command). */
export const absolute = (p: string) => (isAbsolute(p) ? p : resolve(p));
