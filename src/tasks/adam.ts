// Adam (Kingma & Ba) over float32 typed arrays, one fused loop per parameter block: the digital optimizer of the
// mixed-precision periphery. Its step goes to the synapse arrays as requested increments (applyIncrements); a
// chain of ~12 tfjs element-wise ops per layer cost more than the forward and backward pass on wasm.
import { ADAM } from './tf-ops.ts';

export class Adam {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  /** The latest step per block (-lr m^ / (sqrt(v^) + eps)). */
  readonly dw: Float32Array[];
  private t = 0;

  constructor(sizes: number[], private readonly lr: number) {
    this.m = sizes.map((n) => new Float32Array(n));
    this.v = sizes.map((n) => new Float32Array(n));
    this.dw = sizes.map((n) => new Float32Array(n));
  }

  /** One step from the gradients of every block; returns the steps (owned by this object). */
  step(grads: Float32Array[]): Float32Array[] {
    this.t++;
    const c1 = 1 - ADAM.beta1 ** this.t;
    const c2 = 1 - ADAM.beta2 ** this.t;
    for (let l = 0; l < grads.length; l++) {
      const g = grads[l]!;
      const m = this.m[l]!;
      const v = this.v[l]!;
      const dw = this.dw[l]!;
      for (let k = 0; k < g.length; k++) {
        const gk = g[k]!;
        m[k] = ADAM.beta1 * m[k]! + (1 - ADAM.beta1) * gk;
        v[k] = ADAM.beta2 * v[k]! + (1 - ADAM.beta2) * gk * gk;
        dw[k] = (-this.lr * (m[k]! / c1)) / (Math.sqrt(v[k]! / c2) + ADAM.eps);
      }
    }
    return this.dw;
  }
}
