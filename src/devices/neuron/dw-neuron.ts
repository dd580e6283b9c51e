// One DW-MTJ integrate-and-fire neuron (paper 003): the two-wall domain is the membrane potential, x its position.
// Input adds to a synaptic current that decays by synDecay per step; the current drives the domain along the
// tapered track; when x reaches x_th the domain is under MTJ_B (fire) and is then ejected, so x returns to 0 for
// the next written domain - no back-driving, no field reset.
import { streamKey } from '../../base/rng.ts';
import { kernelStep, paper003Track, trackKernel, type DwTrackParams, type TrackKernel } from './dw-track.ts';
import { normalAt } from './noise.ts';
import type { SpikingNeuron } from './spiking-neuron.ts';

export class DwNeuron implements SpikingNeuron {
  private readonly k: TrackKernel;
  private readonly key: number;
  /** Wall position, m. */
  x = 0;
  /** Synaptic current, units of the track's unitCurrent. */
  current = 0;
  /** Steps taken (the noise counter). */
  t = 0;

  constructor(readonly params: DwTrackParams = paper003Track, seed = 0, stream = 0) {
    this.k = trackKernel(params);
    this.key = streamKey(seed, stream);
  }

  step(input: number): boolean {
    const k = this.k;
    this.current += input;
    const xi = k.sigma === 0 ? 1 : 1 + k.sigma * normalAt(this.key, this.t);
    this.t++;
    this.x = kernelStep(k, this.x, this.current, xi);
    this.current *= k.synDecay;
    if (this.x >= k.xTh) {
      this.x = 0;
      return true;
    }
    return false;
  }

  get state(): number {
    return this.x;
  }

  get progress(): number {
    return this.x / this.k.xTh;
  }

  reset(): void {
    this.x = 0;
    this.current = 0;
  }
}
