// Per-step velocity noise xi ~ N(1, sigma) from the project's counter-based RNG (src/base/rng.ts). Neuron n at step
// t uses the Box-Muller pair on draws (2p, 2p + 1) of its own stream, p = floor(t / 2): the cosine branch at even t,
// the sine branch at odd t (two independent normals per pair, half the hashing). The value is a pure function of
// (stream key, t), so a neuron's trajectory does not depend on how many neurons run beside it or in which order
// they are stepped, and the scalar and the vectorised neuron agree bit for bit.
import { drawWithKey, toUnit } from '../../base/rng.ts';

const TWO_PI = 2 * Math.PI;

/** Standard normal for (stream key, step t). */
export function normalAt(key: number, t: number): number {
  const pair = Math.floor(t / 2);
  const u1 = toUnit(drawWithKey(key, (2 * pair) >>> 0));
  const u2 = toUnit(drawWithKey(key, (2 * pair + 1) >>> 0));
  const r = Math.sqrt(-2 * Math.log(u1));
  return t % 2 === 0 ? r * Math.cos(TWO_PI * u2) : r * Math.sin(TWO_PI * u2);
}

/**
 * Both normals of pair p at once (even step 2p -> [0], odd step 2p + 1 -> [1]); the vectorised neuron calls this
 * at even steps and keeps [1] for the next step. Same arithmetic as normalAt, so the values are identical.
 */
export function normalPair(key: number, pair: number, out: Float64Array, at: number): void {
  const u1 = toUnit(drawWithKey(key, (2 * pair) >>> 0));
  const u2 = toUnit(drawWithKey(key, (2 * pair + 1) >>> 0));
  const r = Math.sqrt(-2 * Math.log(u1));
  out[at] = r * Math.cos(TWO_PI * u2);
  out[at + 1] = r * Math.sin(TWO_PI * u2);
}
