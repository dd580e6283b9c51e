// Table generation API for the accelerator / training layer: ramps of the 1D wall model on worker threads
// (both cores), converted to a device-to-device population of ΔG table pairs, cached on disk.
// Results are identical for any worker count: ramp r always draws from Rng(seed, RAMP_STREAM + r).
import { WorkerPool, defaultWorkerCount } from '../../base/workers.ts';
import type { DeltaGTablePair } from './lut.ts';
import type { SynapseParams } from './params.ts';
import { synapsePreset } from './presets.ts';
import { cacheDir, loadOrGenerate, type CachedGeneration } from './cache.ts';
import { devicesOf, simulateRamps, tablesFromRamps } from './device-sim.ts';
import type { rampWorkerApi } from './ramp-worker.ts';

export interface GenerateOptions {
  seed: number;
  /** Number of device-to-device perturbed tables (default 1). */
  variants?: number;
  /** Worker threads (default: all cores; 0 = run in this thread). */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
  /** Skip the disk cache (benchmarks). */
  noCache?: boolean;
}

/** Ramps per worker job: small enough to balance two workers, large enough to amortise messaging. */
const CHUNK = 3;

async function simulateAll(p: SynapseParams, seed: number, workers: number, onProgress?: (done: number, total: number) => void): Promise<Float64Array[]> {
  const n = p.ramps;
  const chunks: number[][] = [];
  for (let r = 0; r < n; r += CHUNK) chunks.push(Array.from({ length: Math.min(CHUNK, n - r) }, (_, i) => r + i));
  let done = 0;
  if (workers <= 0) {
    const out: Float64Array[] = [];
    for (const c of chunks) {
      out.push(...simulateRamps(p, seed, c));
      done += c.length;
      onProgress?.(done, n);
    }
    return out;
  }
  const pool = new WorkerPool<typeof rampWorkerApi>(new URL('./ramp-worker.ts', import.meta.url), Math.min(workers, chunks.length));
  try {
    const parts = await pool.map(chunks, (api, c) => api.ramps(p, seed, c), (i) => {
      done += chunks[i]!.length;
      onProgress?.(done, n);
    });
    return parts.flat();
  } finally {
    await pool.close();
  }
}

/** Generate (or load from cache) ramps and the table pairs of `variants` devices. */
export async function generateSynapse(p: SynapseParams, opts: GenerateOptions): Promise<CachedGeneration & { cached: boolean; dir: string }> {
  const variants = opts.variants ?? 1;
  if (!Number.isInteger(variants) || variants < 1) throw new Error(`generateSynapse: variants must be a positive integer (got ${variants})`);
  const dir = cacheDir(p, opts.seed, variants);
  const generate = async (): Promise<CachedGeneration> => {
    const ramps = await simulateAll(p, opts.seed, opts.workers ?? defaultWorkerCount(), opts.onProgress);
    const pairs = devicesOf(p, opts.seed, variants).map((dev, v) => tablesFromRamps(p, ramps, dev, `seed ${opts.seed} device ${v}`));
    return { pairs, ramps };
  };
  if (opts.noCache) return { ...(await generate()), cached: false, dir };
  const { gen, built } = await loadOrGenerate(dir, variants, p, opts.seed, generate);
  if (!built) opts.onProgress?.(p.ramps, p.ramps);
  return { ...gen, cached: !built, dir };
}

export async function generateTablePair(
  preset: string | SynapseParams,
  opts: { seed: number; variants?: number; workers?: number; onProgress?: (done: number, total: number) => void },
): Promise<DeltaGTablePair[]> {
  const p = typeof preset === 'string' ? synapsePreset(preset) : preset;
  return (await generateSynapse(p, opts)).pairs;
}
