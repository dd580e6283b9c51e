// The integer activation generator (paper 004): the definition every level reproduces bit for bit.
// A ramp cycle starts with NEW_CYCLE (every generator's switched set = the bias field's preMask, cycle counter + 1).
// APPLY with current code i on generator g: each MTJ k not yet switched switches when i <= breakdown and
// i >= thr[(k << quantBits) | u], u = top quantBits bits of draw32(seed, g * mtjs + k, cycle): the threshold is
// drawn once per ramp cycle (cycle-to-cycle variation, as the float model), from the MTJ's quantile ROM. Switches
// are sticky within a cycle (the wall does not come back without the reset field). Output word: resistance code
// res[mask] | (number of MTJs in AP) << 16.
import { draw32 } from '../base/rng.ts';
import type { ActivationParams } from './activation-params.ts';

export interface ActivationConfig {
  breakdown: number;
  preMask: number;
}

export function popcount(v: number): number {
  let c = 0;
  for (let x = v; x; x &= x - 1) c++;
  return c;
}

/** Apply current code `code` to generator g whose switched set is `mask`; returns the new mask. */
export function activationApply(p: ActivationParams, cfg: ActivationConfig, thr: ArrayLike<number>, seed: number, cycle: number, g: number, mask: number, code: number): number {
  let m = mask;
  if (code > cfg.breakdown) return m;
  for (let k = 0; k < p.mtjs; k++) {
    if ((m >> k) & 1) continue;
    const u = draw32(seed, g * p.mtjs + k, cycle) >>> (32 - p.quantBits);
    if (code >= thr[(k << p.quantBits) | u]!) m |= 1 << k;
  }
  return m;
}

export const activationWord = (res: ArrayLike<number>, mask: number) => (res[mask]! | (popcount(mask) << 16)) >>> 0;
