// Shared argument checks for CLI verbs: each throws InputError (exit 2) naming the option and what was expected.
// Verbs call them for every option before any work starts, with the limits the code below really has (notch counts,
// stimulus length, ...), and check output locations with outputDir / outputFile, so that a run never fails at
// the end for a reason that was visible at the start. Limits live beside the code that has them; import them.
import { accessSync, constants, mkdirSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { threadId } from 'node:worker_threads';
import { InputError, systemReason } from '../base/errors.ts';
import { missingDirs } from '../base/make-dir.ts';

/** Steps of a counter-based RNG stream (src/base/rng.ts): stimulus cycles and design indices beyond it repeat. */
export const RNG_STEPS = 2 ** 32;

/** A number given on the command line (or in a defaulted string option); not a boolean, array or empty string. */
function numeric(name: string, v: unknown, expected: string): number {
  if (Array.isArray(v)) throw new InputError(`--${name}: given ${v.length} times; expected one value (${expected})`);
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new InputError(`--${name}: expected ${expected} (got ${JSON.stringify(v)})`);
  return n;
}

/** An integer in [min, max]. */
export function intInRange(name: string, v: unknown, min: number, max: number, what = 'an integer'): number {
  const expected = `${what} in ${min}..${max}`;
  const n = numeric(name, v, expected);
  if (!Number.isInteger(n) || n < min || n > max) throw new InputError(`--${name}: expected ${expected} (got ${JSON.stringify(v)})`);
  return n;
}

export function positiveInt(name: string, v: unknown, max = Number.MAX_SAFE_INTEGER): number {
  const n = numeric(name, v, 'a positive integer');
  if (!Number.isInteger(n) || n <= 0) throw new InputError(`--${name}: expected a positive integer (got ${JSON.stringify(v)})`);
  if (n > max) throw new InputError(`--${name}: expected at most ${max} (got ${JSON.stringify(v)})`);
  return n;
}

export function nonNegativeInt(name: string, v: unknown, max = Number.MAX_SAFE_INTEGER): number {
  const n = numeric(name, v, 'a non-negative integer');
  if (!Number.isInteger(n) || n < 0) throw new InputError(`--${name}: expected a non-negative integer (got ${JSON.stringify(v)})`);
  if (n > max) throw new InputError(`--${name}: expected at most ${max} (got ${JSON.stringify(v)})`);
  return n;
}

/** A finite number > 0 (learning rates, sizes). */
export function positiveNumber(name: string, v: unknown, max = Number.MAX_VALUE): number {
  const n = numeric(name, v, 'a positive number');
  if (!(n > 0)) throw new InputError(`--${name}: expected a positive number (got ${JSON.stringify(v)})`);
  if (n > max) throw new InputError(`--${name}: expected at most ${max} (got ${JSON.stringify(v)})`);
  return n;
}

/** A 32-bit unsigned seed. */
export function seed(name: string, v: unknown): number {
  return intInRange(name, v, 0, RNG_STEPS - 1, 'an integer seed');
}

export function oneOf<T extends string>(name: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !allowed.includes(v as T)) throw new InputError(`--${name}: expected one of ${allowed.join(', ')} (got ${JSON.stringify(v)})`);
  return v as T;
}

/** A string option given once (yargs makes an array of a repeated option). */
export function text(name: string, v: unknown): string {
  if (Array.isArray(v)) throw new InputError(`--${name}: given ${v.length} times; expected one value`);
  if (typeof v !== 'string' && typeof v !== 'number') throw new InputError(`--${name}: expected a value (got ${JSON.stringify(v)})`);
  return String(v);
}

/** Comma-separated list. */
export function list(v: unknown): string[] {
  return String(v ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

const why = (e: unknown) => {
  const c = e as NodeJS.ErrnoException;
  return c.code ? `${c.code}: ${systemReason(c)}` : String(e);
};

/**
 * An output directory that exists (and takes a new file) or can be created. Checked by creating and removing a
 * probe, the only test that is true everywhere: root passes every permission check, and procfs answers ENOENT to a
 * mkdir under an existing directory. Nothing is left behind. Returns the absolute path.
 * Several processes may check the same new directory at once (the tasks of a cluster sweep write seeds of one
 * point side by side): what another process's probe does meanwhile (a directory that appears, or disappears) makes
 * the check start again, a few times, before its error counts.
 */
export function outputDir(name: string, v: unknown): string {
  const dir = resolve(text(name, v));
  for (let attempt = 1; ; attempt++) {
    const r = probeOutputDir(name, dir);
    if (r === 'ok') return dir;
    if (attempt === 10) throw new InputError(r.error);
  }
}

const codeOf = (e: unknown) => (e as NodeJS.ErrnoException).code ?? '';

/** What is at `p` now: a directory, something else, or nothing (another process may change it at any moment). */
function kindOf(p: string): 'dir' | 'other' | 'none' {
  try {
    return statSync(p).isDirectory() ? 'dir' : 'other';
  } catch (e) {
    if (codeOf(e) === 'ENOENT') return 'none';
    throw e;
  }
}

/** One check of outputDir: 'ok', or the error it met where another process may have raced it (worth a retry). */
function probeOutputDir(name: string, dir: string): 'ok' | { error: string } {
  let missing: string[];
  try {
    missing = missingDirs(dir);
  } catch (e) {
    throw new InputError(`--${name}: ${dir} cannot be a directory (${why(e)}: a parent is not a directory?)`);
  }
  if (missing.length === 0) {
    const k = kindOf(dir);
    if (k === 'none') return { error: `--${name}: ${dir} disappeared while it was checked` };
    if (k === 'other') throw new InputError(`--${name}: ${dir} exists and is not a directory`);
    const probe = join(dir, `.dwtwin-probe-${process.pid}-${threadId}`);
    try {
      writeFileSync(probe, '');
    } catch (e) {
      const error = `--${name}: cannot write into ${dir} (${why(e)})`;
      if (codeOf(e) === 'ENOENT') return { error }; // another check's probe directory, removed since
      throw new InputError(error);
    }
    unlinkSync(probe);
    return 'ok';
  }
  const parent = dirname(missing[0]!);
  const k = kindOf(parent);
  if (k === 'none') return { error: `--${name}: ${parent} disappeared while it was checked` };
  if (k === 'other') throw new InputError(`--${name}: ${parent} is not a directory`);
  try {
    mkdirSync(missing[0]!);
  } catch (e) {
    const error = `--${name}: cannot create ${dir} (creating ${missing[0]}: ${why(e)})`;
    // EEXIST: another process created it (check it as it is now). ENOENT: another removed the parent it had created
    // as its probe, or the file system refuses (procfs): the retries tell the two apart.
    if (codeOf(e) === 'EEXIST' || codeOf(e) === 'ENOENT') return { error };
    throw new InputError(error);
  }
  try {
    rmdirSync(missing[0]!);
  } catch (e) {
    // Another process has written into it (its own probe or its results): it is theirs now, and it works.
    if (!['ENOENT', 'ENOTEMPTY', 'EEXIST'].includes(codeOf(e))) throw e;
  }
  return 'ok';
}

/** An output file: not a directory, in a directory that takes new files or can be created. Returns the path. */
export function outputFile(name: string, v: unknown): string {
  const file = resolve(text(name, v));
  let isDir = false;
  try {
    isDir = statSync(file).isDirectory();
  } catch {
    // does not exist yet: fine
  }
  if (isDir) throw new InputError(`--${name}: ${file} is a directory; expected a file name`);
  outputDir(name, dirname(file));
  return file;
}

/** An existing, readable file. Returns the path as given. */
export function inputFile(name: string, v: unknown): string {
  const file = text(name, v);
  let st;
  try {
    st = statSync(file);
    accessSync(file, constants.R_OK);
  } catch (e) {
    throw new InputError(`--${name}: ${file}: cannot read (${why(e)})`);
  }
  if (st.isDirectory()) throw new InputError(`--${name}: ${file} is a directory; expected a file`);
  return file;
}

/** An existing directory. Returns the absolute path. */
export function inputDir(name: string, v: unknown): string {
  const dir = resolve(text(name, v));
  let ok = false;
  try {
    ok = statSync(dir).isDirectory();
  } catch {
    // reported below
  }
  if (!ok) throw new InputError(`--${name}: ${dir} is not a directory`);
  return dir;
}
