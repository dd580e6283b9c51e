// A binarized array of metaplastic synapses (paper 001): each device holds a hidden weight W_H in [-1, 1] — the
// wall's position along a shaped track — and the array reads out sign(W_H) (a small sensing MTJ, or a comparator
// on a differential pair). A requested change dw moves the wall by f_meta(W_H) dw, times delta when it grows |W_H|
// (src/devices/shaped/metaplasticity.ts: the trapezoid's width profile), clipped to the track. With `levels` the
// wall then settles on one of that many equally spaced notches, chosen by stochastic rounding (the spread of the
// depinning voltages): one counter-based draw per device and update, keyed (seed, update, device).
// Non-binarized arrays read W_H itself (the multi-level linear synapse of Fig. 5b/d).
import { drawWithKey, streamKey, toUnit } from '../base/rng.ts';
import type { MetaplasticOptions } from '../devices/shaped/metaplasticity.ts';
import { forwardDense } from './ideal.ts';
import type { ArrayStats, SynapseArray } from './types.ts';

export interface MetaplasticSpec extends MetaplasticOptions {
  kind: 'metaplastic';
  /** Notches across [-1, 1] (stochastic rounding after every update); 0 = continuous. */
  levels: number;
  /** Read sign(W_H) (binarized synapse) or W_H itself. */
  binarized: boolean;
}

/** The n notch positions across [-1, 1]: -1 + 2k/(n-1). */
export function notchLevel(k: number, levels: number): number {
  return -1 + (2 * k) / (levels - 1);
}

/**
 * Stochastic rounding of w in [-1, 1] onto `levels` equally spaced levels with uniform u in (0, 1): the upper
 * neighbour with probability equal to the distance from the lower one, in steps (unbiased: E[q] = w).
 */
export function roundStochastic(w: number, levels: number, u: number): number {
  const t = ((w + 1) * (levels - 1)) / 2;
  const lo = Math.min(levels - 2, Math.floor(t));
  return notchLevel(u < t - lo ? lo + 1 : lo, levels);
}

export class MetaplasticArray implements SynapseArray {
  /** Hidden weights (wall positions mapped to [-1, 1]). */
  readonly wH: Float32Array;
  readonly label: string;
  private readonly scratch: Float32Array;
  private readonly st: ArrayStats = { updates: 0, pulses: 0, devicesTouched: 0, subThreshold: 0 };
  /** Read-out sign changes caused by updates (the only changes a binarized network sees). */
  flips = 0;

  constructor(readonly rows: number, readonly cols: number, readonly spec: MetaplasticSpec, private readonly seed: number) {
    this.wH = new Float32Array(rows * cols);
    this.scratch = new Float32Array(rows * cols);
    const shape = spec.w1 === spec.w2 ? 'linear' : `trapezoid ${spec.w1}:${spec.w2}`;
    this.label = `${spec.binarized ? 'binarized ' : ''}metaplastic ${shape}, delta ${spec.delta}, ${spec.levels ? `${spec.levels} levels (stochastic rounding)` : 'continuous'}`;
  }

  private quantize(step: number): void {
    const n = this.spec.levels;
    if (!n) return;
    const key = streamKey(this.seed, step);
    const w = this.wH;
    for (let k = 0; k < w.length; k++) w[k] = roundStochastic(w[k]!, n, toUnit(drawWithKey(key, k)));
  }

  /** Program hidden weights (clipped to the track, then settled on a notch as every update is). */
  program(weights: Float32Array): void {
    for (let k = 0; k < this.wH.length; k++) this.wH[k] = Math.max(-1, Math.min(1, weights[k]!));
    this.quantize(0x7fffffff);
  }

  readWeights(out?: Float32Array): Float32Array {
    const o = out ?? new Float32Array(this.wH.length);
    if (!this.spec.binarized) o.set(this.wH);
    else for (let k = 0; k < this.wH.length; k++) o[k] = this.wH[k]! >= 0 ? 1 : -1;
    return o;
  }

  /** The wall position as the two halves of a differential pair (weight units; no conductance model here). */
  readConductances(): { gPlus: Float32Array; gMinus: Float32Array } {
    const gPlus = new Float32Array(this.wH.length);
    const gMinus = new Float32Array(this.wH.length);
    for (let k = 0; k < this.wH.length; k++) (this.wH[k]! >= 0 ? gPlus : gMinus)[k] = Math.abs(this.wH[k]!);
    return { gPlus, gMinus };
  }

  forward(x: Float32Array, batch: number, out?: Float32Array): Float32Array {
    return forwardDense(this.readWeights(this.scratch), this.rows, this.cols, x, batch, out);
  }

  /** Outer-product request ΔW = -lr x delta^T, applied as applyIncrements. */
  update(x: Float32Array, delta: Float32Array, lr: number): void {
    const dw = new Float32Array(this.wH.length);
    for (let i = 0; i < this.rows; i++) for (let j = 0; j < this.cols; j++) dw[i * this.cols + j] = -lr * x[i]! * delta[j]!;
    this.applyIncrements(dw);
  }

  applyIncrements(dw: Float32Array): void {
    if (dw.length !== this.wH.length) throw new RangeError(`applyIncrements: ${dw.length} increments for ${this.wH.length} devices`);
    const step = this.st.updates++;
    // metaplasticUpdate (devices/shaped/metaplasticity.ts) and roundStochastic fused into one pass: this loop
    // touches every device of every layer on every optimizer step. A test checks it against the two functions.
    const { w1, w2, delta, levels: n } = this.spec;
    const slope = (w2 - w1) / w2;
    const floor = w1 / w2;
    const key = streamKey(this.seed, step);
    const w = this.wH;
    let touched = 0;
    let flips = 0;
    for (let k = 0; k < w.length; k++) {
      const d = dw[k]!;
      if (d === 0) continue;
      touched++;
      const x = w[k]!;
      const grows = x === 0 ? true : x > 0 === d > 0;
      let v = x + ((1 - Math.abs(x)) * slope + floor) * (grows ? delta : 1) * d;
      v = v > 1 ? 1 : v < -1 ? -1 : v;
      if (n) {
        const t = ((v + 1) * (n - 1)) / 2;
        const lo = Math.min(n - 2, Math.floor(t));
        v = -1 + (2 * (toUnit(drawWithKey(key, k)) < t - lo ? lo + 1 : lo)) / (n - 1);
      }
      if (x >= 0 !== v >= 0) flips++;
      w[k] = v;
    }
    this.flips += flips;
    this.st.devicesTouched += touched;
    this.st.pulses += touched;
  }

  stats(): ArrayStats {
    return { ...this.st };
  }
}
