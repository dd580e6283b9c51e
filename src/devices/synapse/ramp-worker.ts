// Worker module: simulates ramps of the 1D wall model. Each ramp's randomness is keyed by (seed, ramp index),
// so the result does not depend on which worker runs it.
import { exposeWorker } from '../../base/workers.ts';
import { simulateRamps } from './device-sim.ts';
import type { SynapseParams } from './params.ts';

export const rampWorkerApi = {
  ramps(p: SynapseParams, seed: number, indices: number[]): Float64Array[] {
    return simulateRamps(p, seed, indices);
  },
};

exposeWorker(rampWorkerApi);
