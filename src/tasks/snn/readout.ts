// The SNN's output: a leaky-integrator readout (Norse's LICell: dt/tau_mem 0.1, synaptic decay 0.8) over the time
// steps, decoded by its maximum over time (paper 003's code), then softmax cross-entropy. Forward and backward.
import { defaultLif } from '../../devices/neuron/lif.ts';

const RATE = defaultLif.memRate;
const DECAY = defaultLif.synDecay;

export interface ReadoutForward {
  /** max_t v[t, b, k], B x C. */
  logits: Float32Array;
  /** The step at which each maximum is reached. */
  argT: Int32Array;
}

/** z: T*B x C readout inputs (row t * B + b). */
export function readoutForward(z: Float32Array, T: number, B: number, C: number): ReadoutForward {
  const n = B * C;
  const v = new Float64Array(n);
  const c = new Float64Array(n);
  const logits = new Float32Array(n).fill(-Infinity);
  const argT = new Int32Array(n);
  for (let t = 0; t < T; t++) {
    const o = t * n;
    for (let j = 0; j < n; j++) {
      const cj = DECAY * c[j]! + z[o + j]!;
      c[j] = cj;
      const vj = (v[j] = v[j]! + RATE * (cj - v[j]!));
      if (vj > logits[j]!) {
        logits[j] = vj;
        argT[j] = t;
      }
    }
  }
  return { logits, argT };
}

/** Mean cross-entropy over the batch; writes dLoss/dlogits into g (B x C). Returns the loss and the correct count. */
export function softmaxCrossEntropy(logits: Float32Array, labels: ArrayLike<number>, B: number, C: number, g: Float32Array): { loss: number; correct: number } {
  let loss = 0;
  let correct = 0;
  for (let b = 0; b < B; b++) {
    const o = b * C;
    let m = -Infinity;
    let arg = 0;
    for (let k = 0; k < C; k++) if (logits[o + k]! > m) { m = logits[o + k]!; arg = k; }
    let sum = 0;
    for (let k = 0; k < C; k++) sum += Math.exp(logits[o + k]! - m);
    const y = labels[b]!;
    if (arg === y) correct++;
    loss += Math.log(sum) - (logits[o + y]! - m);
    for (let k = 0; k < C; k++) g[o + k] = (Math.exp(logits[o + k]! - m) / sum - (k === y ? 1 : 0)) / B;
  }
  return { loss: loss / B, correct };
}

/** Gradient at the readout inputs z from the gradient at the logits (only each maximum's step receives it). */
export function readoutBackward(gLogits: Float32Array, argT: Int32Array, T: number, B: number, C: number): Float32Array {
  const n = B * C;
  const gz = new Float32Array(T * n);
  const gv = new Float64Array(n);
  const gc = new Float64Array(n);
  for (let t = T - 1; t >= 0; t--) {
    const o = t * n;
    for (let j = 0; j < n; j++) {
      // v_t = (1 - r) v_{t-1} + r c_t;  c_t = d c_{t-1} + z_t.
      const gvt = (argT[j] === t ? gLogits[j]! : 0) + gv[j]!;
      const gct = RATE * gvt + gc[j]!;
      gz[o + j] = gct;
      gv[j] = (1 - RATE) * gvt;
      gc[j] = DECAY * gct;
    }
  }
  return gz;
}
