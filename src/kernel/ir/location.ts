// The user's source location of a hardware construct, so build errors point at the description, not the kernel.
import { fileURLToPath } from 'node:url';
import { dirname, relative, sep } from 'node:path';

const kernelDir = dirname(dirname(fileURLToPath(import.meta.url))) + sep;
const cwd = process.cwd();

/** "file:line" of the first stack frame outside src/kernel/ir (the caller's description), or "<unknown>". */
export function userLocation(): string {
  const stack = new Error().stack ?? '';
  for (const line of stack.split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?[^()\s]+):(\d+):\d+\)?\s*$/.exec(line);
    if (!m) continue;
    let file = m[1]!;
    if (file.startsWith('file://')) file = fileURLToPath(file);
    if (file.startsWith('node:') || file.includes(`${sep}node_modules${sep}`)) continue;
    if (file.startsWith(kernelDir + 'ir' + sep)) continue;
    return `${relative(cwd, file) || file}:${m[2]}`;
  }
  return '<unknown>';
}
