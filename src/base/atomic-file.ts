// Result files are written to a temporary sibling and renamed into place, so an interrupted run
// (Ctrl-C, crash, bad input discovered late) never leaves a half-written file behind.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';

const pending = new Set<string>();
let hooked = false;

function hookSignals(): void {
  if (hooked) return;
  hooked = true;
  const clean = () => {
    for (const p of pending) rmSync(p, { recursive: true, force: true });
    pending.clear();
  };
  process.on('exit', clean);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      clean();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}

/** Write `data` to `path` atomically (temp file in the same directory, then rename). Creates parent dirs. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  hookSignals();
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${pending.size}.tmp`);
  pending.add(tmp);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } finally {
    pending.delete(tmp);
    rmSync(tmp, { force: true });
  }
}

/** JSON with a stable layout (2-space indent, trailing newline): the same object gives the same bytes. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n');
}

/**
 * Fill a whole directory at once: `fill` writes into a temporary sibling, which replaces `path` only when it
 * returns. `path` must not exist or be an empty directory. An error or Ctrl-C part way leaves `path` as it was.
 */
export async function writeDirAtomic(path: string, fill: (tmp: string) => void | Promise<void>): Promise<void> {
  hookSignals();
  if (existsSync(path) && (!statSync(path).isDirectory() || readdirSync(path).length > 0)) throw new Error(`writeDirAtomic: ${path} exists and is not an empty directory`);
  const parent = dirname(path);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.${basename(path)}.${process.pid}.${pending.size}.tmp`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  pending.add(tmp);
  try {
    await fill(tmp);
    if (existsSync(path)) rmSync(path, { recursive: true }); // empty, checked above
    renameSync(tmp, path);
  } finally {
    pending.delete(tmp);
    rmSync(tmp, { recursive: true, force: true });
  }
}
