// Paper 003's spiking MLP (its code: 784-100-100-10, batch norm after each hidden dense layer, DW-MTJ or LIF
// activations, leaky-integrator readout decoded by its maximum over time): forward and backward on one batch of
// Poisson spike trains. Parameters, Adam and the products with spike matrices in typed arrays; the errors back through the weights
// (dense products) through tfjs; neurons through the
// accelerator's NeuronArray.
import { createNeuronArray } from '../../accel/create-neuron-array.ts';
import type { NeuronArray } from '../../accel/neuron-types.ts';
import { Rng } from '../../base/rng.ts';
import type { MatMul } from '../tf-matmul.ts';
import { Adam } from './adam.ts';
import type { SnnConfig } from './config.ts';
import { readoutBackward, readoutForward, softmaxCrossEntropy } from './readout.ts';
import { spikeMatMul, spikeMatMulT, spikeRows } from './spike-products.ts';
import { SpikingLayer } from './spiking-layer.ts';
import { surrogateDynamics } from './surrogate.ts';

export const PIXELS = 784;
export const CLASSES = 10;

/** PyTorch's nn.Linear default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)), drawn from the counter-based RNG. */
function linearInit(nIn: number, nOut: number, rng: Rng): Float32Array {
  const a = 1 / Math.sqrt(nIn);
  return Float32Array.from({ length: nIn * nOut }, () => (rng.uniform() * 2 - 1) * a);
}

export class SpikingMlp {
  readonly layers: SpikingLayer[];
  readonly w3: Float32Array;
  readonly b3: Float32Array;
  private readonly gw3: Float32Array;
  private readonly gb3: Float32Array;
  private readonly adam: Adam;
  /** One neuron array per (hidden layer, batch size): a whole batch's neurons step together. */
  private readonly arrays = new Map<string, NeuronArray>();
  private lastS2?: Float32Array;
  private lastArgT?: Int32Array;

  constructor(readonly cfg: SnnConfig, seed: number, private readonly mm: MatMul) {
    const sizes = [PIXELS, ...cfg.hidden];
    const dyn = surrogateDynamics(cfg.neurons.model);
    this.layers = cfg.hidden.map((n, l) => new SpikingLayer(sizes[l]!, n, linearInit(sizes[l]!, n, new Rng(seed, 10 + l)), mm, dyn));
    const last = sizes[sizes.length - 1]!;
    this.w3 = linearInit(last, CLASSES, new Rng(seed, 10 + cfg.hidden.length));
    const b = 1 / Math.sqrt(last);
    const rb = new Rng(seed, 30);
    this.b3 = Float32Array.from({ length: CLASSES }, () => (rb.uniform() * 2 - 1) * b);
    this.gw3 = new Float32Array(this.w3.length);
    this.gb3 = new Float32Array(CLASSES);
    this.adam = new Adam([...this.layers.flatMap((l) => [l.w, l.gamma, l.beta]), this.w3, this.b3], cfg.lr);
  }

  private async neurons(layer: number, batch: number, noiseSeed: number): Promise<NeuronArray> {
    const key = `${layer}/${batch}`;
    let a = this.arrays.get(key);
    if (!a) this.arrays.set(key, (a = await createNeuronArray(this.cfg.neurons, batch * this.layers[layer]!.nOut, noiseSeed)));
    a.reset(noiseSeed);
    return a;
  }

  /** Logits (B x 10) of a batch of input spikes (T*B x 784); noiseSeeds[l] keys hidden layer l's neuron noise. */
  async forward(s0: Float32Array, B: number, noiseSeeds: number[], mode: 'train' | 'calibrate' | 'eval'): Promise<{ logits: Float32Array; spikes: number }> {
    const T = this.cfg.steps;
    let s = s0;
    let spikes = 0;
    for (let l = 0; l < this.layers.length; l++) {
      s = this.layers[l]!.forward(s, T, B, await this.neurons(l, B, noiseSeeds[l]!), mode);
      spikes += this.layers[l]!.lastSpikes;
    }
    const nH = this.layers[this.layers.length - 1]!.nOut;
    const z = spikeMatMul(spikeRows(s, T * B, nH), this.w3, CLASSES);
    for (let r = 0; r < T * B; r++) for (let k = 0; k < CLASSES; k++) z[r * CLASSES + k]! += this.b3[k]!;
    const { logits, argT } = readoutForward(z, T, B, CLASSES);
    if (mode === 'train') {
      this.lastS2 = s;
      this.lastArgT = argT;
    }
    return { logits, spikes };
  }

  /** One training step on a batch: forward, loss, backward, Adam. */
  async trainBatch(s0: Float32Array, labels: ArrayLike<number>, noiseSeeds: number[]): Promise<{ loss: number; correct: number; spikes: number }> {
    const B = labels.length;
    const T = this.cfg.steps;
    const { logits, spikes } = await this.forward(s0, B, noiseSeeds, 'train');
    const g = new Float32Array(B * CLASSES);
    const { loss, correct } = softmaxCrossEntropy(logits, labels, B, CLASSES, g);
    const gz = readoutBackward(g, this.lastArgT!, T, B, CLASSES);
    const s2 = this.lastS2!;
    const nH = this.layers[this.layers.length - 1]!.nOut;
    this.gw3.set(spikeMatMulT(spikeRows(s2, T * B, nH), gz, CLASSES));
    this.gb3.fill(0);
    for (let r = 0; r < T * B; r++) for (let k = 0; k < CLASSES; k++) this.gb3[k]! += gz[r * CLASSES + k]!;
    let gs: Float32Array | undefined = this.mm.abt(gz, T * B, CLASSES, this.w3, nH);
    for (let l = this.layers.length - 1; l >= 0; l--) gs = this.layers[l]!.backward(gs!, l > 0);
    this.adam.step([...this.layers.flatMap((l) => [l.gw, l.ggamma, l.gbeta]), this.gw3, this.gb3]);
    this.lastS2 = this.lastArgT = undefined;
    return { loss, correct, spikes };
  }

  labels(): string[] {
    return [...this.arrays.values()].map((a) => a.label).filter((x, i, all) => all.indexOf(x) === i);
  }
}
