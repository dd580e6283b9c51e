// One sample through paper 000's MLP: the forward pass through the synapse arrays (sigmoid hidden layer, softmax
// output) and the error terms the on-chip update needs. Kept apart from the training loop so a finite-difference
// test can check the gradient it implies: dLoss/dW1[i][j] = x[i] * d1[j], dLoss/dW2[j][k] = h[j] * d2[k].
import type { SynapseArray } from '../../accel/types.ts';

/** Buffers for one sample (reused across samples: the loop allocates nothing). */
export interface SampleBuffers {
  /** Input with the bias 1 appended (rows of the first array). */
  x: Float32Array;
  /** Hidden activations with the bias 1 appended (rows of the second array). */
  h: Float32Array;
  /** Output logits, then their exponentials (scratch). */
  z: Float32Array;
  /** Error at the output pre-activations: p - onehot(label). */
  d2: Float32Array;
  /** Error at the hidden pre-activations: (W2 d2) * h (1 - h). */
  d1: Float32Array;
  /** Scratch for the second array's weights. */
  w2: Float32Array;
  /** Scratch for a transposed read (hidden + 1 rows). */
  back: Float32Array;
}

export function sampleBuffers(inputs: number, hidden: number, classes: number): SampleBuffers {
  return {
    x: new Float32Array(inputs + 1),
    h: new Float32Array(hidden + 1),
    z: new Float32Array(classes),
    d2: new Float32Array(classes),
    d1: new Float32Array(hidden),
    w2: new Float32Array((hidden + 1) * classes),
    back: new Float32Array(hidden + 1),
  };
}

/**
 * Forward pass of b.x (bias included) through l1, sigmoid, l2, softmax with cross-entropy against label: fills h and
 * the output error d2 = softmax - onehot (the loss gradient at the logits), returns the loss.
 */
export function forwardSample(l1: SynapseArray, l2: SynapseArray, b: SampleBuffers, label: number): number {
  const H = l1.cols;
  const C = l2.cols;
  const { h, z, d2 } = b;
  l1.forward(b.x, 1, h);
  for (let j = 0; j < H; j++) h[j] = 1 / (1 + Math.exp(-h[j]!));
  h[H] = 1;
  l2.forward(h, 1, z);
  let m = -Infinity;
  for (let k = 0; k < C; k++) m = Math.max(m, z[k]!);
  let sum = 0;
  for (let k = 0; k < C; k++) sum += z[k] = Math.exp(z[k]! - m);
  for (let k = 0; k < C; k++) d2[k] = z[k]! / sum - (k === label ? 1 : 0);
  return -Math.log(Math.max(1e-12, z[label]! / sum));
}

/** After forwardSample: the hidden error d1, back through the weights l2 realises now. */
export function backpropSample(l2: SynapseArray, b: SampleBuffers): void {
  const H = l2.rows - 1;
  const C = l2.cols;
  const { h, d1, d2, w2 } = b;
  if (l2.backward) {
    // A transposable array reads W2 d2 itself (the tile's TRANSPOSE); d1 holds it for the bias-free rows.
    const back = l2.backward(d2, b.back);
    for (let j = 0; j < H; j++) d1[j] = back[j]! * h[j]! * (1 - h[j]!);
    return;
  }
  l2.readWeights(w2);
  for (let j = 0; j < H; j++) {
    let acc = 0;
    for (let k = 0; k < C; k++) acc += w2[j * C + k]! * d2[k]!;
    d1[j] = acc * h[j]! * (1 - h[j]!);
  }
}
