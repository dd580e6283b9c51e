// On-disk cache of generated tables: ${DWTWIN_CACHE:-<repo>/.cache}/tables/<hash of params + seed + variants>/.
// Files are written atomically, meta.json last, so a directory without meta.json is incomplete and ignored.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir as baseCacheDir } from '../../base/cache-dir.ts';
import { stableJson } from '../../base/stable-json.ts';
import { writeFileAtomic, writeJsonAtomic } from '../../base/atomic-file.ts';
import { readLutFile, writeLutFile } from './lut-io.ts';
import type { DeltaGTablePair } from './lut.ts';
import type { SynapseParams } from './params.ts';

/** Bump when the model or table builder changes results, so stale caches are not reused. */
export const GENERATOR_VERSION = 2;


export function cacheKey(p: SynapseParams, seed: number, variants: number): string {
  return createHash('sha256').update(stableJson({ v: GENERATOR_VERSION, p, seed, variants })).digest('hex').slice(0, 20);
}

export function cacheDir(p: SynapseParams, seed: number, variants: number): string {
  return baseCacheDir('tables', cacheKey(p, seed, variants));
}

export interface CachedGeneration {
  pairs: DeltaGTablePair[];
  /** Wall positions per ramp (m). */
  ramps: Float64Array[];
}

export function loadCached(dir: string, variants: number): CachedGeneration | undefined {
  const meta = join(dir, 'meta.json');
  if (!existsSync(meta)) return undefined;
  try {
    const m = JSON.parse(readFileSync(meta, 'utf8')) as { variants: number; ramps: number[][] };
    if (m.variants !== variants) return undefined;
    const pairs = Array.from({ length: variants }, (_, v) => ({
      increasing: readLutFile(join(dir, `dG_increasing${v}.txt.gz`), 'increasing'),
      decreasing: readLutFile(join(dir, `dG_decreasing${v}.txt.gz`), 'decreasing'),
    }));
    return { pairs, ramps: m.ramps.map((r) => Float64Array.from(r)) };
  } catch {
    return undefined; // unreadable cache entry: regenerate
  }
}

export function storeCached(dir: string, gen: CachedGeneration, p: SynapseParams, seed: number): void {
  gen.pairs.forEach((pair, v) => {
    writeLutFile(join(dir, `dG_increasing${v}.txt.gz`), pair.increasing);
    writeLutFile(join(dir, `dG_decreasing${v}.txt.gz`), pair.decreasing);
  });
  writeFileAtomic(join(dir, 'params.json'), JSON.stringify(p, null, 2) + '\n');
  writeJsonAtomic(join(dir, 'meta.json'), { version: GENERATOR_VERSION, seed, variants: gen.pairs.length, ramps: gen.ramps.map((r) => Array.from(r)) });
}
