// Paper 001's binarized MLP (784-H-H-10, after Laborieux et al. 2021): every weight matrix is a metaplastic synapse
// array read out as sign(W_H); batch norm without affine parameters after each layer; sign activations with the
// straight-through gradient; softmax cross-entropy. The digital periphery — forward and backward pass, batch-norm
// statistics — runs in tfjs, Adam in typed arrays; its step ΔW goes to the arrays as per-device increments, which the devices
// realise through their metaplastic response (f_meta, delta, clipping, notches).
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import type { MetaplasticArray } from '../../accel/metaplastic-array.ts';
import type { Tf } from '../tf-backend.ts';
import { Adam } from '../adam.ts';
import { batchNorm, batchNormInference, tfOps, updateRunningStats, type TfOps } from '../tf-ops.ts';

const EVAL_CHUNK = 2000;

export class BnnNetwork {
  private readonly ops: TfOps;
  private readonly adam: Adam;
  private readonly runMean: Tensor1D[];
  private readonly runVar: Tensor1D[];
  private readonly wBuf: Float32Array[];

  constructor(private readonly tf: Tf, readonly arrays: MetaplasticArray[], lr: number) {
    this.ops = tfOps(tf);
    this.adam = new Adam(arrays.map((a) => a.rows * a.cols), lr);
    this.runMean = arrays.map((a) => tf.zeros([a.cols]) as Tensor1D);
    this.runVar = arrays.map((a) => tf.ones([a.cols]) as Tensor1D);
    this.wBuf = arrays.map((a) => new Float32Array(a.rows * a.cols));
  }

  private weights(): Tensor2D[] {
    return this.arrays.map((a, l) => this.tf.tensor2d(a.readWeights(this.wBuf[l]), [a.rows, a.cols]));
  }

  /** One Adam step on a batch (x: batch x 784 in [0, 1], labels): returns the batch's mean loss. */
  step(x: Float32Array, labels: Int32Array, batch: number): number {
    const tf = this.tf;
    const L = this.arrays.length;
    const moments: Tensor1D[] = [];
    const { loss, grads } = tf.tidy(() => {
      const xs = tf.tensor2d(x, [batch, this.arrays[0]!.rows]);
      const y = tf.oneHot(tf.tensor1d(labels, 'int32'), this.arrays[L - 1]!.cols);
      const ws = this.weights();
      const f = (...w: Tensor[]) => {
        let h: Tensor2D = xs;
        for (let l = 0; l < L; l++) {
          const bn = batchNorm(tf, this.ops.matMul(h, w[l] as Tensor2D));
          moments.push(tf.keep(bn.mean), tf.keep(bn.variance));
          h = l < L - 1 ? (this.ops.signSte(bn.y) as Tensor2D) : bn.y;
        }
        return tf.losses.softmaxCrossEntropy(y, h) as Tensor;
      };
      const { value, grads } = tf.valueAndGrads(f)(ws);
      return { loss: value.dataSync()[0]!, grads: grads.map((g) => g.dataSync() as Float32Array) };
    });
    const dws = this.adam.step(grads);
    for (let l = 0; l < L; l++) this.arrays[l]!.applyIncrements(dws[l]!);
    updateRunningStats(tf, this.runMean, this.runVar, moments);
    return loss;
  }

  /** Test accuracy with the running batch-norm statistics, in chunks. */
  evaluate(images: Uint8Array, labels: Uint8Array, n: number): number {
    const tf = this.tf;
    const P = this.arrays[0]!.rows;
    let correct = 0;
    const ws = this.weights();
    for (let s = 0; s < n; s += EVAL_CHUNK) {
      const b = Math.min(EVAL_CHUNK, n - s);
      correct += tf.tidy(() => {
        let h = tf.div(tf.tensor2d(Float32Array.from(images.subarray(s * P, (s + b) * P)), [b, P]), 255) as Tensor2D;
        for (let l = 0; l < ws.length; l++) {
          const z = batchNormInference(tf, tf.matMul(h, ws[l]!), this.runMean[l]!, this.runVar[l]!);
          h = l < ws.length - 1 ? (tf.where(tf.greaterEqual(z, 0), tf.onesLike(z), tf.onesLike(z).neg()) as Tensor2D) : z;
        }
        return tf.equal(tf.argMax(h, 1), tf.tensor1d(labels.subarray(s, s + b), 'int32')).sum().dataSync()[0]!;
      });
    }
    for (const w of ws) w.dispose();
    return correct / n;
  }

  dispose(): void {
    for (const t of [...this.runMean, ...this.runVar]) t.dispose();
  }
}
