// The hardware's update encoding: rows time-coded (|x_i| quantized to a number of time slots), columns
// voltage-coded (|delta_j| quantized to an amplitude level). A device receives a pulse only where both its row and
// its column are non-zero, so untouched devices cost nothing. Quantization can be stochastic (unbiased), drawing
// from the counter-based RNG keyed by (seed, row/column, update index).
import { draw32, toUnit } from '../base/rng.ts';
import type { PulseEncoding } from './types.ts';

export interface SparseSignal {
  /** Indices with a non-zero quantized value. */
  index: Int32Array;
  /** The quantized values, in units of the full scale (value = level / levels * scale, signed). */
  value: Float32Array;
  count: number;
}

export function sparse(n: number): SparseSignal {
  return { index: new Int32Array(n), value: new Float32Array(n), count: 0 };
}

/**
 * Quantize v[k] / scale onto `levels` levels (time slots or amplitudes); returns the non-zero ones.
 * `levels` 0 means no quantization (exact floats, the ideal baseline).
 */
export function quantizeInto(out: SparseSignal, v: Float32Array, levels: number, stochastic: boolean, seed: number, stream0: number, step: number): void {
  let scale = 0;
  for (let k = 0; k < v.length; k++) scale = Math.max(scale, Math.abs(v[k]!));
  out.count = 0;
  if (scale === 0) return;
  for (let k = 0; k < v.length; k++) {
    const x = v[k]!;
    if (x === 0) continue;
    let q: number;
    if (levels === 0) q = x;
    else {
      const t = (Math.abs(x) / scale) * levels;
      let n = Math.floor(t);
      const frac = t - n;
      if (stochastic ? toUnit(draw32(seed, stream0 + k, step)) < frac : frac >= 0.5) n++;
      if (n === 0) continue;
      q = Math.sign(x) * (n / levels) * scale;
    }
    out.index[out.count] = k;
    out.value[out.count] = q;
    out.count++;
  }
}

export const idealEncoding: PulseEncoding = { rowSlots: 0, colLevels: 0, stochastic: false };
