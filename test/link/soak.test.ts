// The reliability machinery on the in-process model target: through 2 % faulty bytes every command is answered
// once and correctly; without retransmission (retries exhausted at once) the soak reports lost commands, so the
// counters can fail.
import { describe, expect, it } from 'vitest';
import { linkConfig } from '../../src/link/attach.ts';
import { soak } from '../../src/host/soak.ts';
import { modelTransport } from '../../src/host/transport.ts';

const cfg = linkConfig('mac16cmd');
cfg.coreParams = { lanes: 4, dataWidth: 8, accWidth: 32, depth: 256 };

describe('link soak on the model target', () => {
  it('300 commands at 2 % faulty bytes: 0 lost, 0 duplicated, 0 undetected', async () => {
    const r = await soak(modelTransport(cfg), cfg, { commands: 300, rate: 0.02, seed: 3, timeoutMs: 20 });
    expect(r.faults.dropped + r.faults.corrupted + r.faults.duplicated + r.faults.inserted).toBeGreaterThan(50);
    expect(r.retransmissions).toBeGreaterThan(10);
    expect({ lost: r.lost, duplicated: r.duplicated, undetected: r.undetected }).toEqual({ lost: 0, duplicated: 0, undetected: 0 });
  });
});
