// Dense matrix products of the digital periphery through TensorFlow.js (tf-backend.ts: tfjs-node where installed,
// else wasm). Row-major Float32Arrays in and out; transposes are explicit (transposed matMul is ~10x slower on wasm).
import { loadTf } from './tf-backend.ts';

type Tf = Awaited<ReturnType<typeof loadTf>>['tf'];

export interface MatMul {
  /** a (m x k) @ b (k x n). */
  ab(a: Float32Array, m: number, k: number, b: Float32Array, n: number): Float32Array;
  /** a^T @ g for a (m x k), g (m x n): k x n (a weight gradient). */
  atb(a: Float32Array, m: number, k: number, g: Float32Array, n: number): Float32Array;
  /** g @ b^T for g (m x n), b (k x n): m x k (an error sent back through the weights). */
  abt(g: Float32Array, m: number, n: number, b: Float32Array, k: number): Float32Array;
}

export function tfMatMul(tf: Tf): MatMul {
  const run = (f: () => import('@tensorflow/tfjs').Tensor) => {
    const t = tf.tidy(f);
    const out = t.dataSync() as Float32Array;
    t.dispose();
    return out;
  };
  return {
    ab: (a, m, k, b, n) => run(() => tf.matMul(tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n]))),
    atb: (a, m, k, g, n) => run(() => tf.matMul(tf.transpose(tf.tensor2d(a, [m, k])), tf.tensor2d(g, [m, n]))),
    abt: (g, m, n, b, k) => run(() => tf.matMul(tf.tensor2d(g, [m, n]), tf.transpose(tf.tensor2d(b, [k, n])))),
  };
}

export async function loadMatMul(): Promise<MatMul> {
  return tfMatMul((await loadTf()).tf);
}
