// The scaled VGG network of paper 002 on crossbars: every convolution is a crossbar read of unrolled 3 x 3
// patches (Table II's mapping: kernels unrolled column-wise, K x K x D rows, N columns), every layer's weights a
// QuantizedCrossbar, every read through the sub-arrays, bit-serial inputs, ADCs and shift-and-add
// (accel/crossbar-read.ts). Digital periphery in tfjs: batch norm (no affine), ReLU, the activation's clip to the DAC
// range, 2 x 2 max-pool, softmax cross-entropy, and the backward pass with the straight-through gradient of each read
// (that of patches @ W). Adam's step goes to the arrays, which apply the paper's clipped stochastic-rounding update.
import type { GradSaveFunc, Tensor, Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs';
import { crossbarReadTensor, type CrossbarGeometry } from '../../accel/crossbar-read.ts';
import type { QuantizedCrossbar } from '../../accel/quantized-crossbar.ts';
import { Adam } from '../adam.ts';
import type { Tf } from '../tf-backend.ts';
import { BN_EPS, updateRunningStats } from '../tf-ops.ts';

/** Activations enter the next crossbar's DAC as clip(relu(bn(z)) / ACT_RANGE, 0, 1). */
const ACT_RANGE = 2;
const EVAL_CHUNK = 500;
export const KERNEL = 3;

export interface CnnShape {
  side: number;
  channels: number;
  conv: number[];
  fc: number;
  classes: number;
}

/** Rows x cols of every layer's crossbar: convolutions (K K Cin) x Cout, then the two fully connected layers. */
export function layerSizes(s: CnnShape): [number, number][] {
  const out: [number, number][] = [];
  let c = s.channels;
  let side = s.side;
  for (const n of s.conv) {
    out.push([KERNEL * KERNEL * c, n]);
    c = n;
    side = Math.floor(side / 2);
  }
  out.push([side * side * c, s.fc], [s.fc, s.classes]);
  return out;
}

export class CnnNetwork {
  private readonly adam: Adam;
  private readonly runMean: Tensor1D[];
  private readonly runVar: Tensor1D[];
  private readonly read: (x: Tensor2D, w: Tensor2D) => Tensor2D;

  constructor(private readonly tf: Tf, readonly shape: CnnShape, readonly arrays: QuantizedCrossbar[], geometry: CrossbarGeometry, lr: number) {
    this.adam = new Adam(arrays.map((a) => a.rows * a.cols), lr);
    this.runMean = arrays.map((a) => tf.zeros([a.cols]) as Tensor1D);
    this.runVar = arrays.map((a) => tf.ones([a.cols]) as Tensor1D);
    // The crossbar read forward, the exact product's gradient backward (explicit transposes: fast on wasm).
    this.read = tf.customGrad((...args) => {
      const [x, w, save] = args as [Tensor2D, Tensor2D, GradSaveFunc];
      save([x, w]);
      return {
        value: crossbarReadTensor(tf, x, w, geometry),
        gradFunc: (dy, saved) => {
          const [sx, sw] = saved as Tensor2D[];
          return [tf.matMul(dy as Tensor2D, tf.transpose(sw!)), tf.matMul(tf.transpose(sx!), dy as Tensor2D)];
        },
      };
    }) as (x: Tensor2D, w: Tensor2D) => Tensor2D;
  }

  /** Unrolled 3 x 3 'same' patches of a (B, H, W, C): rows (B H W), columns (dy, dx, c). */
  private patches(a: Tensor4D): Tensor2D {
    const tf = this.tf;
    const [b, h, w, c] = a.shape;
    const p = tf.pad(a, [[0, 0], [1, 1], [1, 1], [0, 0]]);
    const views: Tensor4D[] = [];
    for (let dy = 0; dy < KERNEL; dy++) for (let dx = 0; dx < KERNEL; dx++) views.push(tf.slice(p, [0, dy, dx, 0], [b, h, w, c]));
    return tf.reshape(tf.concat(views, 3), [b * h * w, KERNEL * KERNEL * c]);
  }

  /**
   * Forward pass of x (B, side, side, C) in [0, 1]; `train` uses batch statistics and reports them in `moments`,
   * otherwise the running statistics. Returns the logits.
   */
  private forward(x: Tensor4D, ws: Tensor2D[], train: boolean, moments: Tensor1D[]): Tensor2D {
    const tf = this.tf;
    const norm = (z: Tensor, l: number, axes: number[]) => {
      if (train) {
        const m = tf.moments(z, axes);
        moments.push(tf.keep(m.mean as Tensor1D), tf.keep(m.variance as Tensor1D));
        return tf.div(tf.sub(z, m.mean), tf.sqrt(tf.add(m.variance, BN_EPS)));
      }
      return tf.div(tf.sub(z, this.runMean[l]!), tf.sqrt(tf.add(this.runVar[l]!, BN_EPS)));
    };
    const act = (z: Tensor) => tf.clipByValue(tf.div(tf.relu(z), ACT_RANGE), 0, 1);
    let a: Tensor4D = x;
    const nConv = this.shape.conv.length;
    for (let l = 0; l < nConv; l++) {
      const [b, h, w] = a.shape;
      const z = tf.reshape(this.read(this.patches(a), ws[l]!), [b, h, w, this.arrays[l]!.cols]);
      a = tf.maxPool(act(norm(z, l, [0, 1, 2])) as Tensor4D, 2, 2, 'valid');
    }
    let f = tf.reshape(a, [a.shape[0], -1]) as Tensor2D;
    f = act(norm(this.read(f, ws[nConv]!), nConv, [0])) as Tensor2D;
    return norm(this.read(f, ws[nConv + 1]!), nConv + 1, [0]) as Tensor2D;
  }

  private weights(): Tensor2D[] {
    return this.arrays.map((a) => this.tf.tensor2d(a.readWeights(), [a.rows, a.cols]));
  }

  /** Rows each layer's crossbar reads for a batch of b images (patches per image for convolutions). */
  private countReads(b: number): void {
    let side = this.shape.side;
    this.arrays.forEach((arr, l) => {
      arr.count(l < this.shape.conv.length ? b * side * side : b);
      if (l < this.shape.conv.length) side = Math.floor(side / 2);
    });
  }

  /** One training step on a batch (images HWC bytes): returns the mean loss. */
  step(images: Float32Array, labels: Int32Array, b: number): number {
    const tf = this.tf;
    const moments: Tensor1D[] = [];
    const { loss, grads } = tf.tidy(() => {
      const x = tf.tensor4d(images, [b, this.shape.side, this.shape.side, this.shape.channels]);
      const y = tf.oneHot(tf.tensor1d(labels, 'int32'), this.shape.classes);
      const f = (...ws: Tensor[]) => tf.losses.softmaxCrossEntropy(y, this.forward(x, ws as Tensor2D[], true, moments)) as Tensor;
      const { value, grads } = tf.valueAndGrads(f)(this.weights());
      return { loss: value.dataSync()[0]!, grads: grads.map((g) => g.dataSync() as Float32Array) };
    });
    this.countReads(b);
    const dws = this.adam.step(grads);
    this.arrays.forEach((a, l) => a.applyIncrements(dws[l]!));
    updateRunningStats(tf, this.runMean, this.runVar, moments);
    return loss;
  }

  /** Test accuracy: inference through the same crossbars (running batch-norm statistics). */
  evaluate(images: Uint8Array, labels: Uint8Array, n: number): number {
    const tf = this.tf;
    const px = this.shape.side * this.shape.side * this.shape.channels;
    const ws = this.weights();
    let correct = 0;
    for (let s = 0; s < n; s += EVAL_CHUNK) {
      const b = Math.min(EVAL_CHUNK, n - s);
      this.countReads(b);
      correct += tf.tidy(() => {
        const x = tf.div(tf.tensor4d(Float32Array.from(images.subarray(s * px, (s + b) * px)), [b, this.shape.side, this.shape.side, this.shape.channels]), 255) as Tensor4D;
        const logits = this.forward(x, ws, false, []);
        return tf.equal(tf.argMax(logits, 1), tf.tensor1d(labels.subarray(s, s + b), 'int32')).sum().dataSync()[0]!;
      });
    }
    for (const w of ws) w.dispose();
    return correct / n;
  }

  dispose(): void {
    for (const t of [...this.runMean, ...this.runVar]) t.dispose();
  }
}
