// Cache entries shared by concurrent processes (SLURM array tasks starting at once, GNU parallel, two shells):
// an entry is built by one process holding `<entry>.lock` (created with O_EXCL, which is atomic on local file
// systems and on NFS v3+), published by a rename (a whole file or directory appears at once), and verified by
// reading it back. The other processes wait for the lock and then load what the holder published, so N processes
// generating the same entry leave one valid entry, built once. A lock left by a dead process (same host, pid gone)
// or older than STALE_MS is broken; nothing waits longer than WAIT_MS. A process stopped by a signal (or an error)
// while it holds a lock removes the lock as it exits, so the next run does not wait for a lock nobody holds.
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { onExit } from './interrupt.ts';
import { makeDir } from './make-dir.ts';

/** A lock older than this is assumed abandoned (a table set or a dataset cache builds in seconds). */
export const STALE_MS = 10 * 60_000;
/** Longest wait for another process's lock before giving up with an error. */
export const WAIT_MS = 20 * 60_000;
const POLL_MS = 100;

export const lockPath = (entry: string) => `${entry}.lock`;

function holderGone(lock: string): boolean {
  let text: string;
  let age: number;
  try {
    text = readFileSync(lock, 'utf8');
    age = Date.now() - statSync(lock).mtimeMs;
  } catch {
    return false; // released meanwhile: the next attempt takes it
  }
  if (age > STALE_MS) return true;
  const [host, pidText] = text.split(' ');
  if (host !== hostname() || !pidText) return false;
  try {
    process.kill(Number(pidText), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Try once to take the lock: a release function when this process now holds it, else undefined. */
function tryLock(lock: string): (() => void) | undefined {
  let fd: number;
  makeDir(dirname(lock));
  try {
    fd = openSync(lock, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    if (holderGone(lock)) rmSync(lock, { force: true });
    return undefined;
  }
  const remove = () => rmSync(lock, { force: true });
  const unhook = onExit(remove); // a signal or an error exits with the lock held: remove it then
  writeSync(fd, `${hostname()} ${process.pid} ${new Date().toISOString()}\n`);
  closeSync(fd);
  return () => {
    unhook();
    remove();
  };
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function waitedTooLong(entry: string, t0: number): void {
  if (Date.now() - t0 > WAIT_MS) throw new Error(`cache: waited ${WAIT_MS / 60_000} min for ${lockPath(entry)} (held by another process); delete it if no dwtwin process is building ${entry}`);
}

export interface LockedBuild<T> {
  /** The published entry, or undefined when missing or invalid (partial, other format). */
  load(): T | undefined;
  /** Build the value and publish it (atomically, by rename) at the entry's path. */
  build(): T;
  /** Cheap check that the published entry is there and whole (default: load() succeeds). */
  verify?(): boolean;
}

const verified = (how: { load(): unknown; verify?(): boolean }) => (how.verify ? how.verify() : how.load() !== undefined);

/** Load `entry`, or build it under its lock (others wait, then load). `built` says whether this process built it. */
export function loadOrBuildSync<T>(entry: string, how: LockedBuild<T>): { value: T; built: boolean } {
  const hit = how.load();
  if (hit !== undefined) return { value: hit, built: false };
  const lock = lockPath(entry);
  const t0 = Date.now();
  for (;;) {
    const release = tryLock(lock);
    if (release) {
      try {
        const again = how.load(); // published while we waited
        if (again !== undefined) return { value: again, built: false };
        const value = how.build();
        if (!verified(how)) throw new Error(`cache: ${entry} does not read back after publishing`);
        return { value, built: true };
      } finally {
        release();
      }
    }
    waitedTooLong(entry, t0);
    sleepSync(POLL_MS);
  }
}

/** loadOrBuildSync for an asynchronous build (the event loop keeps running while another process builds). */
export async function loadOrBuild<T>(entry: string, how: { load(): T | undefined; build(): Promise<T>; verify?(): boolean }): Promise<{ value: T; built: boolean }> {
  const hit = how.load();
  if (hit !== undefined) return { value: hit, built: false };
  const lock = lockPath(entry);
  const t0 = Date.now();
  for (;;) {
    const release = tryLock(lock);
    if (release) {
      try {
        const again = how.load();
        if (again !== undefined) return { value: again, built: false };
        const value = await how.build();
        if (!verified(how)) throw new Error(`cache: ${entry} does not read back after publishing`);
        return { value, built: true };
      } finally {
        release();
      }
    }
    waitedTooLong(entry, t0);
    await sleep(POLL_MS);
  }
}
