// Result files are written to a temporary sibling and renamed into place, so an interrupted run
// (Ctrl-C, crash, bad input discovered late) never leaves a half-written file behind.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';

const pending = new Set<string>();
let hooked = false;

function hookSignals(): void {
  if (hooked) return;
  hooked = true;
  const clean = () => {
    for (const p of pending) rmSync(p, { force: true });
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
