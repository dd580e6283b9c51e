// Many DW-MTJ neurons at once on Float64Array state (the SNN task runs thousands). Neuron j uses RNG stream
// streamBase + j, so results equal the scalar DwNeuron's bit for bit and do not depend on the array size.
import { streamKey } from '../../base/rng.ts';
import { kernelStep, paper003Track, trackKernel, type DwTrackParams, type TrackKernel } from './dw-track.ts';
import { normalPair } from './noise.ts';

export class DwNeuronArray {
  readonly x: Float64Array;
  readonly current: Float64Array;
  private readonly keys: Uint32Array;
  private readonly k: TrackKernel;
  /** Normals of Box-Muller pair `pairOf` per neuron: [2j] for even steps, [2j + 1] for odd steps. */
  private readonly normals: Float64Array;
  t = 0;
  private pairOf = -1;

  constructor(readonly size: number, readonly params: DwTrackParams = paper003Track, seed = 0, private readonly streamBase = 0) {
    this.x = new Float64Array(size);
    this.current = new Float64Array(size);
    this.keys = new Uint32Array(size);
    for (let j = 0; j < size; j++) this.keys[j] = streamKey(seed, streamBase + j);
    this.k = trackKernel(params);
    this.normals = new Float64Array(2 * size);
  }

  /** One step for all neurons; spikes[j] = 1 where neuron j fired. Returns the number of spikes. */
  step(input: ArrayLike<number>, spikes: Uint8Array): number {
    const { x, current, keys, k } = this;
    const n = this.size;
    if (input.length !== n || spikes.length !== n) throw new RangeError(`DwNeuronArray.step: expected arrays of ${n}, got input ${input.length}, spikes ${spikes.length}`);
    const t = this.t++;
    const noisy = k.sigma !== 0;
    const odd = t % 2;
    const normals = this.normals;
    const pair = Math.floor(t / 2);
    if (noisy && this.pairOf !== pair) {
      for (let j = 0; j < n; j++) normalPair(keys[j]!, pair, normals, 2 * j);
      this.pairOf = pair;
    }
    let count = 0;
    for (let j = 0; j < n; j++) {
      const c = current[j]! + input[j]!;
      const xi = noisy ? 1 + k.sigma * normals[2 * j + odd]! : 1;
      let nx = kernelStep(k, x[j]!, c, xi);
      current[j] = c * k.synDecay;
      if (nx >= k.xTh) {
        nx = 0;
        spikes[j] = 1;
        count++;
      } else spikes[j] = 0;
      x[j] = nx;
    }
    return count;
  }

  /** Progress to threshold of neuron j, 0..1. */
  progress(j: number): number {
    return this.x[j]! / this.k.xTh;
  }

  reset(): void {
    this.x.fill(0);
    this.current.fill(0);
  }

  /** reset(), and the noise restarted at step 0 of new streams (seed, streamBase + j): equal to a fresh array. */
  restart(seed: number): void {
    this.reset();
    for (let j = 0; j < this.size; j++) this.keys[j] = streamKey(seed, this.streamBase + j);
    this.t = 0;
    this.pairOf = -1;
  }
}
