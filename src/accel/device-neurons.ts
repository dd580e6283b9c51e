// The `device` level of the neuron-array interface: paper 003's float models from src/devices/neuron — the
// tapered-track DW-MTJ neuron (sigma 0.3 velocity noise, or 0 for the deterministic track) and the ideal LIF.
import { DwNeuronArray } from '../devices/neuron/neuron-array.ts';
import { paper003Track } from '../devices/neuron/dw-track.ts';
import { defaultLif, LifArray } from '../devices/neuron/lif.ts';
import type { NeuronArray, NeuronModel, NeuronStats } from './neuron-types.ts';

export class DeviceNeuronArray implements NeuronArray {
  readonly label: string;
  private readonly dw?: DwNeuronArray;
  private readonly lif?: LifArray;
  private readonly st: NeuronStats = { steps: 0, spikes: 0 };

  constructor(readonly size: number, readonly model: NeuronModel, noiseSeed = 0) {
    if (model === 'lif') {
      this.lif = new LifArray(size, defaultLif);
      this.label = `device LIF (dt/tau_mem ${defaultLif.memRate}, synaptic decay ${defaultLif.synDecay})`;
    } else {
      const sigma = model === 'dw' ? paper003Track.sigma : 0;
      this.dw = new DwNeuronArray(size, { ...paper003Track, sigma }, noiseSeed, 0);
      this.label = `device DW-MTJ (paper 003 tapered track, sigma ${sigma})`;
    }
  }

  step(input: Float32Array, spikes: Uint8Array): number {
    const n = this.dw ? this.dw.step(input, spikes) : this.lif!.step(input, spikes);
    this.st.steps++;
    this.st.spikes += n;
    return n;
  }

  readProgress(out = new Float32Array(this.size)): Float32Array {
    if (this.dw) {
      const x = this.dw.x;
      const inv = 1 / this.dw.params.xTh;
      for (let j = 0; j < this.size; j++) out[j] = x[j]! * inv;
    } else {
      const { v, params: p } = this.lif!;
      const inv = 1 / (p.vTh - p.vReset);
      for (let j = 0; j < this.size; j++) out[j] = (v[j]! - p.vReset) * inv;
    }
    return out;
  }

  reset(noiseSeed: number): void {
    if (this.dw) this.dw.restart(noiseSeed);
    else this.lif!.reset();
  }

  stats(): NeuronStats {
    return { ...this.st };
  }
}
