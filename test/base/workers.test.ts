import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/base/workers.ts';
import type { FixtureApi } from './workers-fixture.ts';

describe('worker pool', () => {
  it('returns results in item order whatever the pool size', async () => {
    const items = Array.from({ length: 9 }, (_, i) => i);
    const runs: number[][] = [];
    for (const size of [1, 2]) {
      const pool = new WorkerPool<FixtureApi>(new URL('./workers-fixture.ts', import.meta.url), size);
      try {
        runs.push(await pool.map(items, (api, x) => api.draws(x)));
      } finally {
        await pool.close();
      }
    }
    expect(runs[0]).toEqual(runs[1]);
    expect(new Set(runs[0]).size).toBe(items.length);
  });
});
