// Adam (Kingma & Ba; PyTorch's defaults beta1 0.9, beta2 0.999, eps 1e-8) over Float32Array parameters, in plain
// typed arrays so the weight trajectory is the same bytes on every machine and tfjs backend.
export class Adam {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private t = 0;
  constructor(private readonly params: Float32Array[], private readonly lr: number, private readonly beta1 = 0.9, private readonly beta2 = 0.999, private readonly eps = 1e-8) {
    this.m = params.map((p) => new Float32Array(p.length));
    this.v = params.map((p) => new Float32Array(p.length));
  }

  /** One step with grads[k] the gradient of params[k]. */
  step(grads: Float32Array[]): void {
    this.t++;
    const { beta1: b1, beta2: b2, eps } = this;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    for (let k = 0; k < this.params.length; k++) {
      const p = this.params[k]!;
      const g = grads[k]!;
      const m = this.m[k]!;
      const v = this.v[k]!;
      for (let i = 0; i < p.length; i++) {
        const gi = g[i]!;
        const mi = (m[i] = b1 * m[i]! + (1 - b1) * gi);
        const vi = (v[i] = b2 * v[i]! + (1 - b2) * gi * gi);
        p[i]! -= (this.lr * (mi / c1)) / (Math.sqrt(vi / c2) + eps);
      }
    }
  }
}
