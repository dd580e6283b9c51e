// On-disk cache of generated tables: ${DWTWIN_CACHE:-<repo>/.cache}/tables/<hash of params + seed + variants>/.
// An entry is filled in a temporary sibling and renamed whole (meta.json inside), so a directory without
// meta.json is incomplete and ignored; concurrent processes build it once under its lock (base/cache-lock.ts).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir as baseCacheDir } from '../../base/cache-dir.ts';
import { loadOrBuild } from '../../base/cache-lock.ts';
import { stableJson } from '../../base/stable-json.ts';
import { writeDirAtomic, writeFileAtomic, writeJsonAtomic } from '../../base/atomic-file.ts';
import { readLutFile, writeLutFile } from './lut-io.ts';
import type { DeltaGTablePair } from './lut.ts';
import type { SynapseParams } from './params.ts';

/** Bump when the model or table builder changes results, so stale caches are not reused. */
export const GENERATOR_VERSION = 4;


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

/** Publish an entry whole (call with the entry's lock held: an incomplete directory left by a crash is replaced). */
export async function storeCached(dir: string, gen: CachedGeneration, p: SynapseParams, seed: number): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  await writeDirAtomic(dir, (tmp) => {
    gen.pairs.forEach((pair, v) => {
      writeLutFile(join(tmp, `dG_increasing${v}.txt.gz`), pair.increasing);
      writeLutFile(join(tmp, `dG_decreasing${v}.txt.gz`), pair.decreasing);
    });
    writeFileAtomic(join(tmp, 'params.json'), JSON.stringify(p, null, 2) + '\n');
    writeJsonAtomic(join(tmp, 'meta.json'), { version: GENERATOR_VERSION, seed, variants: gen.pairs.length, ramps: gen.ramps.map((r) => Array.from(r)) });
  });
}

/**
 * The cached entry, or `build()`'s result stored as a new one. Processes asking for the same entry at once build
 * it once: the others wait for the builder's lock and load its entry.
 */
export async function loadOrGenerate(dir: string, variants: number, p: SynapseParams, seed: number, build: () => Promise<CachedGeneration>): Promise<{ gen: CachedGeneration; built: boolean }> {
  const r = await loadOrBuild(dir, {
    load: () => loadCached(dir, variants),
    build: async () => {
      const gen = await build();
      await storeCached(dir, gen, p, seed);
      return gen;
    },
    verify: () => existsSync(join(dir, 'meta.json')),
  });
  return { gen: r.value, built: r.built };
}
