// Metaplastic weight updates for binarised networks (paper 001 Eq. 1; Laborieux et al. 2021 for comparison).
// The hidden weight W_H is the wall position in a trapezoid, mapped to [-1, 1]; |W_H| = 0 is the narrow end (width
// w1, easy to move), |W_H| = 1 the wide end (w2, hard to move: the depinning voltage scales with the width, so the
// step per pulse scales as w1/w(x)). Hence f_meta falls linearly from 1 to w1/w2. Pure functions, scalar and
// Float32Array versions, so the network tasks call them in their inner loops.

export interface MetaplasticOptions {
  /** Narrow and wide track widths (any unit; only the ratio matters). Trapezoid 1:4 -> w1 = 1, w2 = 4. */
  w1: number;
  w2: number;
  /** Asymmetry factor multiplying updates that grow |W| (paper 001: 3 for the trapezoid). */
  delta: number;
}

export const trapezoidMeta: MetaplasticOptions = { w1: 1, w2: 4, delta: 3 };
export const linearMeta: MetaplasticOptions = { w1: 1, w2: 1, delta: 1 };

/** Paper 001 Eq. 1: f_meta = (1 - |W_H|)(w2 - w1)/w2 + w1/w2. 1 at W_H = 0, w1/w2 at |W_H| = 1. */
export function fMetaTrapezoid(wH: number, w1: number, w2: number): number {
  return (1 - Math.abs(wH)) * ((w2 - w1) / w2) + w1 / w2;
}

/** Laborieux et al.: f_meta = 1 - tanh^2(m |W_H|). */
export function fMetaLaborieux(wH: number, m: number): number {
  const t = Math.tanh(m * Math.abs(wH));
  return 1 - t * t;
}

/** True when adding dw to w increases |w| (at w = 0 every non-zero update grows |w|). */
export function growsMagnitude(w: number, dw: number): boolean {
  return w === 0 ? dw !== 0 : Math.sign(w) === Math.sign(dw);
}

const clip1 = (v: number) => (v > 1 ? 1 : v < -1 ? -1 : v);

/** One metaplastic update of paper 001: w + f_meta(w) dw (x delta if the update grows |w|), clipped to [-1, 1]. */
export function metaplasticUpdate(w: number, dw: number, o: MetaplasticOptions): number {
  const gain = fMetaTrapezoid(w, o.w1, o.w2) * (growsMagnitude(w, dw) ? o.delta : 1);
  return clip1(w + gain * dw);
}

/**
 * Laborieux's rule: the step is damped by f_meta only when it moves W_H toward a sign flip (shrinks |W_H|);
 * updates that grow |W_H| are applied as they are. Clipped to [-1, 1] for comparison with the device.
 */
export function laborieuxUpdate(w: number, dw: number, m: number): number {
  const gain = growsMagnitude(w, dw) ? 1 : fMetaLaborieux(w, m);
  return clip1(w + gain * dw);
}

/** In-place vector version of metaplasticUpdate. */
export function metaplasticUpdateArray(w: Float32Array, dw: Float32Array, o: MetaplasticOptions): void {
  if (w.length !== dw.length) throw new RangeError(`metaplasticUpdateArray: w has ${w.length} entries, dw ${dw.length}`);
  const slope = (o.w2 - o.w1) / o.w2;
  const floor = o.w1 / o.w2;
  for (let k = 0; k < w.length; k++) {
    const x = w[k]!;
    const d = dw[k]!;
    const grows = x === 0 ? d !== 0 : (x > 0) === (d > 0);
    const gain = ((1 - Math.abs(x)) * slope + floor) * (grows ? o.delta : 1);
    w[k] = clip1(x + gain * d);
  }
}

/** In-place vector version of laborieuxUpdate. */
export function laborieuxUpdateArray(w: Float32Array, dw: Float32Array, m: number): void {
  if (w.length !== dw.length) throw new RangeError(`laborieuxUpdateArray: w has ${w.length} entries, dw ${dw.length}`);
  for (let k = 0; k < w.length; k++) w[k] = clip1(laborieuxUpdate(w[k]!, dw[k]!, m));
}

/** f_meta over an array of hidden weights (for plots and for optimisers that scale their own step). */
export function fMetaArray(wH: Float32Array, o: Pick<MetaplasticOptions, 'w1' | 'w2'>, out = new Float32Array(wH.length)): Float32Array {
  for (let k = 0; k < wH.length; k++) out[k] = fMetaTrapezoid(wH[k]!, o.w1, o.w2);
  return out;
}
