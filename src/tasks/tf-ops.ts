// tfjs building blocks shared by the network tasks, with the gradients written out where the wasm backend's own
// would be slow (matMul with transposeA/B is ~10x slower there than an explicit transpose: ENVIRONMENT.md).
import type { GradSaveFunc, Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import type { Tf } from './tf-backend.ts';

export interface TfOps {
  /** a @ b whose gradient uses explicit transposes. */
  matMul(a: Tensor2D, b: Tensor2D): Tensor2D;
  /** sign with sign(0) = +1 and the straight-through gradient of hardtanh (dy where |x| <= 1, else 0). */
  signSte(x: Tensor): Tensor;
}

export function tfOps(tf: Tf): TfOps {
  const matMul = tf.customGrad((...args) => {
    const [a, b, save] = args as [Tensor2D, Tensor2D, GradSaveFunc];
    save([a, b]);
    return {
      value: tf.matMul(a, b),
      gradFunc: (dy, saved) => {
        const [sa, sb] = saved as Tensor2D[];
        return [tf.matMul(dy as Tensor2D, tf.transpose(sb!)), tf.matMul(tf.transpose(sa!), dy as Tensor2D)];
      },
    };
  }) as (a: Tensor2D, b: Tensor2D) => Tensor2D;
  const signSte = tf.customGrad((...args) => {
    const [x, save] = args as [Tensor, GradSaveFunc];
    save([x]);
    return {
      value: tf.where(tf.greaterEqual(x, 0), tf.onesLike(x), tf.onesLike(x).neg()),
      gradFunc: (dy, saved) => tf.mul(dy as Tensor, tf.lessEqual(tf.abs(saved[0]!), 1).cast('float32')),
    };
  }) as (x: Tensor) => Tensor;
  return { matMul, signSte };
}

/** Batch norm without affine parameters over axis 0: returns the normalised tensor and the batch moments. */
export function batchNorm(tf: Tf, x: Tensor2D, eps = BN_EPS): { y: Tensor2D; mean: Tensor1D; variance: Tensor1D } {
  const { mean, variance } = tf.moments(x, 0);
  return { y: tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))) as Tensor2D, mean: mean as Tensor1D, variance: variance as Tensor1D };
}

/** Batch norm with fixed (running) statistics, for evaluation. */
export function batchNormInference(tf: Tf, x: Tensor2D, mean: Tensor1D, variance: Tensor1D, eps = BN_EPS): Tensor2D {
  return tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))) as Tensor2D;
}

export const BN_EPS = 1e-5;
/** PyTorch's running-statistics momentum. */
export const BN_MOMENTUM = 0.1;

/**
 * After a training step: fold each layer's batch moments (mean, variance pairs in layer order) into its running
 * statistics (replaced in place, old tensors disposed) and dispose the moments.
 */
export function updateRunningStats(tf: Tf, runMean: Tensor1D[], runVar: Tensor1D[], moments: Tensor1D[]): void {
  for (let l = 0; l < runMean.length; l++) {
    const [bm, bv] = [moments[2 * l]!, moments[2 * l + 1]!];
    const nm = tf.tidy(() => tf.add(tf.mul(runMean[l]!, 1 - BN_MOMENTUM), tf.mul(bm, BN_MOMENTUM)) as Tensor1D);
    const nv = tf.tidy(() => tf.add(tf.mul(runVar[l]!, 1 - BN_MOMENTUM), tf.mul(bv, BN_MOMENTUM)) as Tensor1D);
    runMean[l]!.dispose();
    runVar[l]!.dispose();
    runMean[l] = nm;
    runVar[l] = nv;
  }
  for (const t of moments) t.dispose();
}

/** Adam's constants (Kingma & Ba; PyTorch defaults). */
export const ADAM = { beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;
