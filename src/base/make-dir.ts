// `mkdir -p` without Node's recursive mkdir. fs.mkdirSync(p, { recursive: true }) loops forever in C++ when the
// kernel answers ENOENT for a child of an existing parent (any path under /proc or /sys, a dangling symlink):
// it steps back to the parent (EEXIST), forward to the child (ENOENT), and so on at 100 % CPU, and because the
// loop never returns to JavaScript the process ignores SIGINT and SIGTERM (nodejs/node, same bug in bun #36162).
// This walk creates one level at a time and fails on the first level that cannot be created.
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The directories of `path` that do not exist yet, outermost first ([] when `path` exists). */
export function missingDirs(path: string): string[] {
  const missing: string[] = [];
  let p = resolve(path);
  for (;;) {
    try {
      statSync(p);
      return missing.reverse();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    missing.push(p);
    const up = dirname(p);
    if (up === p) return missing.reverse();
    p = up;
  }
}

/** Create `path` and its missing parents; throws the first failing level's error (ENOENT, ENOTDIR, EACCES, ...). */
export function makeDir(path: string): void {
  for (const d of missingDirs(path)) {
    try {
      mkdirSync(d);
    } catch (e) {
      // Someone else created it meanwhile: fine, as long as it is a directory.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(d).isDirectory()) throw e;
    }
  }
}
