// Where a device array's ΔG tables come from: dwtwin's own generator (a preset, cached on disk) or a user's
// directory in CrossSim's layout (dG_increasing<N>.txt[.gz] with matching dG_decreasing<N>.txt[.gz]).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../base/errors.ts';
import { generateTablePair } from '../devices/synapse/generate.ts';
import { readLutFile } from '../devices/synapse/lut-io.ts';
import type { DeltaGTablePair } from '../devices/synapse/lut.ts';

export type TableSource = { kind: 'preset'; preset: string; seed: number; variants: number } | { kind: 'dir'; dir: string; variants?: number };

/** The table pairs of a CrossSim-layout directory, by index, checked complete (no file is parsed). */
function tableDirPairs(dir: string): { inc: string; dec: string }[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(`--tables: ${dir} is not a directory`);
  const byIndex = new Map<number, { inc?: string; dec?: string }>();
  for (const f of readdirSync(dir)) {
    const m = /^dG_(increasing|decreasing)(\d+)\.txt(\.gz)?$/.exec(f);
    if (!m) continue;
    const e = byIndex.get(Number(m[2])) ?? {};
    if (m[1] === 'increasing') e.inc = f;
    else e.dec = f;
    byIndex.set(Number(m[2]), e);
  }
  if (byIndex.size === 0) throw new InputError(`--tables: ${dir} holds no dG_increasing<N>.txt[.gz] / dG_decreasing<N>.txt[.gz] files`);
  return [...byIndex.keys()].sort((a, b) => a - b).map((idx) => {
    const e = byIndex.get(idx)!;
    if (!e.inc || !e.dec) throw new InputError(`--tables: ${dir}: table ${idx} has ${e.inc ? 'no decreasing partner for ' + e.inc : 'no increasing partner for ' + e.dec}`);
    return { inc: e.inc, dec: e.dec };
  });
}

/** How many device variants a directory gives when `requested` are asked for: at most the pairs it holds. */
export function tableDirVariants(dir: string, requested: number): number {
  return Math.min(requested, tableDirPairs(dir).length);
}

export function loadTableDir(dir: string, variants?: number): DeltaGTablePair[] {
  return tableDirPairs(dir)
    .slice(0, variants)
    .map((e) => ({ increasing: readLutFile(join(dir, e.inc), 'increasing'), decreasing: readLutFile(join(dir, e.dec), 'decreasing') }));
}

// Parsed tables per source, kept for the life of the process: a worker that trains several seeds or sweep points,
// and the benchmark, parse each table set once (20 variants are 40 text tables, seconds to parse). Read-only after.
const loaded = new Map<string, Promise<DeltaGTablePair[]>>();

export function resolveTables(src: TableSource): Promise<DeltaGTablePair[]> {
  const key = JSON.stringify(src.kind === 'dir' ? [src.kind, src.dir, src.variants ?? 0] : [src.kind, src.preset, src.seed, src.variants]);
  let p = loaded.get(key);
  if (!p) {
    p = src.kind === 'dir' ? Promise.resolve().then(() => loadTableDir(src.dir, src.variants)) : generateTablePair(src.preset, { seed: src.seed, variants: src.variants });
    loaded.set(key, p);
    p.catch(() => loaded.delete(key)); // a failed load (bad directory) is not remembered
  }
  return p;
}

export function describeSource(src: TableSource): string {
  return src.kind === 'dir' ? `tables ${src.dir}` : `${src.preset} (dwtwin model, seed ${src.seed})`;
}
