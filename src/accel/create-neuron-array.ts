// Build a NeuronArray from its JSON-able spec (so specs can cross into worker threads). Async because later
// levels (a Verilator build, a board) need set-up time.
import { DeviceNeuronArray } from './device-neurons.ts';
import { openCoreNeuronArray } from './neuron-core-array.ts';
import type { NeuronArray, NeuronArraySpec } from './neuron-types.ts';

export async function createNeuronArray(spec: NeuronArraySpec, size: number, noiseSeed = 0): Promise<NeuronArray> {
  switch (spec.level) {
    case 'device':
      return new DeviceNeuronArray(size, spec.model, noiseSeed);
    case 'twin':
    case 'cycle':
    case 'verilator':
      return openCoreNeuronArray(spec.level, size, spec.model, noiseSeed);
  }
}
