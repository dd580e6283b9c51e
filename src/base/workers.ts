// Worker threads through comlink. A worker module (TypeScript) calls exposeWorker(api); the parent calls
// spawnWorker<typeof api>(moduleUrl) and gets a typed proxy. WorkerPool runs independent jobs (seeds, sweep
// points, table rows) on all cores. Results must not depend on which worker ran a job: jobs take their
// randomness from the counter-based RNG keyed by the job, never from worker state.
import { cpus } from 'node:os';
import { Worker, parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
// comlink's Node adapter has no ESM entry; the UMD file is CommonJS.
import nodeAdapter from 'comlink/dist/umd/node-adapter.js';
import { onStop } from './interrupt.ts';

// The typings describe the module namespace; at run time the CommonJS export is the function itself.
const nodeEndpoint = nodeAdapter as unknown as (typeof nodeAdapter)['default'];

/** The entry every worker thread starts from (registers tsx, then imports workerData.module). */
export const WORKER_BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);

export interface SpawnedWorker<T> {
  api: Comlink.Remote<T>;
  terminate(): Promise<void>;
}

export function spawnWorker<T>(moduleUrl: string | URL): SpawnedWorker<T> {
  const worker = new Worker(WORKER_BOOTSTRAP, { workerData: { module: String(moduleUrl) } });
  worker.unref();
  const api = Comlink.wrap<T>(nodeEndpoint(worker));
  // A signal stops the run: the worker's job is dropped (its result was not written yet) and the thread ends.
  const offStop = onStop(() => worker.terminate().then(() => undefined));
  return {
    api,
    async terminate() {
      offStop();
      api[Comlink.releaseProxy]();
      await worker.terminate();
    },
  };
}

/** Call from a worker module to serve `api` to the parent. */
export function exposeWorker(api: object): void {
  if (!parentPort) throw new Error('exposeWorker called outside a worker thread');
  Comlink.expose(api, nodeEndpoint(parentPort));
}

/** Most worker threads a pool may have: each holds its own tfjs backend and tables, more only add memory. */
export const MAX_WORKERS = 64;

export function defaultWorkerCount(): number {
  const env = Number(process.env.DWTWIN_WORKERS);
  if (Number.isInteger(env) && env > 0) return Math.min(env, MAX_WORKERS);
  return Math.max(1, cpus().length);
}

/**
 * A fixed set of workers running the same module. `map` runs one job per item, at most one job per worker at a
 * time, and returns results in item order (so output does not depend on scheduling).
 */
export class WorkerPool<T> {
  private readonly workers: SpawnedWorker<T>[];
  constructor(moduleUrl: string | URL, size = defaultWorkerCount()) {
    this.workers = Array.from({ length: size }, () => spawnWorker<T>(moduleUrl));
  }

  get size(): number {
    return this.workers.length;
  }

  async map<I, R>(items: readonly I[], job: (api: Comlink.Remote<T>, item: I, index: number) => Promise<R>, onDone?: (index: number, result: R) => void): Promise<R[]> {
    const results = new Array<R>(items.length);
    let next = 0;
    const run = async (w: SpawnedWorker<T>) => {
      while (next < items.length) {
        const i = next++;
        results[i] = await job(w.api, items[i]!, i);
        onDone?.(i, results[i]!);
      }
    };
    await Promise.all(this.workers.map(run));
    return results;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
