// Worker module for workers.test.ts: a job whose result depends only on its input (via the counter-based RNG).
import { Rng } from '../../src/base/rng.ts';
import { exposeWorker } from '../../src/base/workers.ts';

const api = {
  draws(job: number): number {
    const r = new Rng(42, job);
    let acc = 0;
    for (let i = 0; i < 1000; i++) acc = (acc + r.u32()) >>> 0;
    return acc;
  },
};
export type FixtureApi = typeof api;
exposeWorker(api);
