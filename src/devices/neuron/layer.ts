// A layer of neurons for the SNN task: one interface over the DW-MTJ array and the ideal LIF array, so a network
// swaps neuron models by name. Inputs are per-step synaptic inputs (DW-MTJ: units of the track's 50 uA).
import { paper003Track, type DwTrackParams } from './dw-track.ts';
import { defaultLif, LifArray, type LifParams } from './lif.ts';
import { DwNeuronArray } from './neuron-array.ts';

export interface NeuronLayer {
  readonly size: number;
  /** One time step for every neuron; spikes[j] = 1 where neuron j fired. Returns the spike count. */
  step(input: ArrayLike<number>, spikes: Uint8Array): number;
  /** Back to rest (no domain / v = v_reset, zero synaptic current). */
  reset(): void;
}

export type NeuronKind = 'dwmtj' | 'lif';

export function createNeuronLayer(kind: NeuronKind, size: number, opts: { seed?: number; streamBase?: number; track?: Partial<DwTrackParams>; lif?: Partial<LifParams> } = {}): NeuronLayer {
  if (kind === 'lif') return new LifArray(size, { ...defaultLif, ...opts.lif });
  return new DwNeuronArray(size, { ...paper003Track, ...opts.track }, opts.seed ?? 0, opts.streamBase ?? 0);
}
