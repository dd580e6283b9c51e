// Result files are written to a temporary sibling and renamed into place, so an interrupted run (Ctrl-C, SIGTERM,
// crash, bad input discovered late) or a write that fails part way (disk full, file-size limit) never leaves a
// half-written file behind: the temporary file is removed and the error (WriteFailed, exit 1) names the file.
import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { InputError, WriteFailed } from './errors.ts';
import { onExit } from './interrupt.ts';
import { makeDir } from './make-dir.ts';

const pending = new Set<string>();
let hooked = false;
let counter = 0;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  onExit(() => {
    for (const p of pending) removeQuietly(p);
    pending.clear();
  });
}

/** Remove a temporary file or directory; one that cannot exist (its directory is missing) is not an error. */
function removeQuietly(p: string): void {
  try {
    rmSync(p, { recursive: true, force: true });
  } catch {
    // nothing was created there
  }
}

/** A fresh temporary sibling of `path` (per process, thread and call). */
function tempSibling(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${threadId}.${counter++}.tmp`);
}

/** Write `data` to `path` atomically (temp file in the same directory, then rename). Creates parent dirs. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  hookExit();
  const tmp = tempSibling(path);
  pending.add(tmp);
  try {
    makeDir(dirname(path));
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    throw new WriteFailed(path, e);
  } finally {
    pending.delete(tmp);
    removeQuietly(tmp);
  }
}

/** JSON with a stable layout (2-space indent, trailing newline): the same object gives the same bytes. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n');
}

/** What writeDirAtomic accepts as its target: a path that does not exist yet, or an empty directory. */
function isNewOrEmptyDir(path: string): boolean {
  return !existsSync(path) || (statSync(path).isDirectory() && readdirSync(path).length === 0);
}

/**
 * Refuses (InputError) a target writeDirAtomic would refuse; a verb calls it before its work starts. `label` names
 * the path in the message (an option: `--out: <path>`).
 */
export function requireNewOrEmptyDir(path: string, label = path): void {
  if (!isNewOrEmptyDir(path)) throw new InputError(`${label}: exists and is not an empty directory (expected a new or empty output directory)`);
}

/**
 * Fill a whole directory at once: `fill` writes into a temporary sibling, which replaces `path` only when it
 * returns. `path` must not exist or be an empty directory. An error or a signal part way leaves `path` as it was.
 */
export async function writeDirAtomic(path: string, fill: (tmp: string) => void | Promise<void>): Promise<void> {
  hookExit();
  requireNewOrEmptyDir(path);
  const tmp = tempSibling(path);
  pending.add(tmp);
  try {
    try {
      makeDir(dirname(path));
      rmSync(tmp, { recursive: true, force: true });
      makeDir(tmp);
    } catch (e) {
      throw new WriteFailed(path, e);
    }
    await fill(tmp);
    try {
      if (existsSync(path)) rmSync(path, { recursive: true }); // empty, checked above
      renameSync(tmp, path);
    } catch (e) {
      throw new WriteFailed(path, e);
    }
  } finally {
    pending.delete(tmp);
    removeQuietly(tmp);
  }
}
