// Where dwtwin keeps caches (Verilator builds, generated tables, parsed datasets): $DWTWIN_CACHE, else .cache/
// in the repository root. Caches are safe to delete.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function cacheDir(...sub: string[]): string {
  return resolve(process.env.DWTWIN_CACHE ?? resolve(repoRoot, '.cache'), ...sub);
}
