// Per-step velocity noise xi ~ N(1, sigma) from the project's counter-based RNG. Neuron n at step t uses draws
// (2t, 2t + 1) of its own stream, so a neuron's trajectory does not depend on how many neurons run beside it or in
// which order they are stepped: the scalar and the vectorised neuron give bit-identical results.
import { drawWithKey, toUnit } from '../../base/rng.ts';

/** Standard normal for (stream key, step t): Box-Muller on draws 2t and 2t + 1 (same formula as Rng.normal). */
export function normalAt(key: number, t: number): number {
  const u1 = toUnit(drawWithKey(key, (2 * t) >>> 0));
  const u2 = toUnit(drawWithKey(key, (2 * t + 1) >>> 0));
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
