// Ideal leaky integrate-and-fire neuron (Norse's LIF, Euler form) with the same interface as the DW-MTJ neuron,
// so the SNN task can swap one for the other. Defaults: dt/tau_mem = 0.1, synaptic decay 0.8 per step (the DW
// model's tau_syn), v_th = 1, reset to 0.
import type { SpikingNeuron } from './spiking-neuron.ts';

export interface LifParams {
  /** dt / tau_mem. */
  memRate: number;
  /** Synaptic current multiplier per step. */
  synDecay: number;
  vLeak: number;
  vTh: number;
  vReset: number;
}

export const defaultLif: LifParams = { memRate: 0.1, synDecay: 0.8, vLeak: 0, vTh: 1, vReset: 0 };

export class LifNeuron implements SpikingNeuron {
  v: number;
  current = 0;
  constructor(readonly params: LifParams = defaultLif) {
    this.v = params.vReset;
  }

  step(input: number): boolean {
    const p = this.params;
    this.current += input;
    this.v += p.memRate * (p.vLeak - this.v + this.current);
    this.current *= p.synDecay;
    if (this.v >= p.vTh) {
      this.v = p.vReset;
      return true;
    }
    return false;
  }

  get state(): number {
    return this.v;
  }

  get progress(): number {
    const p = this.params;
    return (this.v - p.vReset) / (p.vTh - p.vReset);
  }

  reset(): void {
    this.v = this.params.vReset;
    this.current = 0;
  }
}

/** Vectorised LIF on Float64Array state (same update as LifNeuron). */
export class LifArray {
  readonly v: Float64Array;
  readonly current: Float64Array;
  constructor(readonly size: number, readonly params: LifParams = defaultLif) {
    this.v = new Float64Array(size).fill(params.vReset);
    this.current = new Float64Array(size);
  }

  step(input: ArrayLike<number>, spikes: Uint8Array): number {
    const p = this.params;
    const { v, current } = this;
    if (input.length !== this.size || spikes.length !== this.size) throw new RangeError(`LifArray.step: expected arrays of ${this.size}`);
    let count = 0;
    for (let j = 0; j < this.size; j++) {
      const c = current[j]! + input[j]!;
      let nv = v[j]! + p.memRate * (p.vLeak - v[j]! + c);
      current[j] = c * p.synDecay;
      if (nv >= p.vTh) {
        nv = p.vReset;
        spikes[j] = 1;
        count++;
      } else spikes[j] = 0;
      v[j] = nv;
    }
    return count;
  }

  reset(): void {
    this.v.fill(this.params.vReset);
    this.current.fill(0);
  }
}
