// One representation for every notched synapse of papers 001 and 002: a Markov chain over notch indices.
// Each state has a resistance (mean and cycle-to-cycle spread of the read value); a pulse of signed amplitude
// `drive` (volts for paper 001's devices, multiples of the nominal current density for paper 002's) moves the wall
// from state i to state j with probability row(i, drive)[j]. Chains built from depinning thresholds also expose the
// thresholds, so a ramp can freeze them per cycle (the measured cycle-to-cycle spread) instead of redrawing per pulse.
import type { Rng } from '../../base/rng.ts';

export interface NotchLevel {
  label: string;
  /** Read resistance, Ohm: mean and standard deviation over cycles. */
  rMean: number;
  rStd: number;
}

export interface NotchChain {
  name: string;
  levels: NotchLevel[];
  /** P(next state = j | state = from, one pulse of amplitude drive); sums to 1. */
  row(from: number, drive: number): Float64Array;
}

/** The full transition matrix for one drive: m[from][to]. */
export function transitionMatrix(chain: NotchChain, drive: number): number[][] {
  return chain.levels.map((_, i) => Array.from(chain.row(i, drive)));
}

/** Sample the next state from a probability row with one uniform draw (inverse CDF). */
export function sampleRow(row: Float64Array, rng: Rng): number {
  let u = rng.uniform();
  for (let j = 0; j < row.length - 1; j++) {
    u -= row[j]!;
    if (u < 0) return j;
  }
  return row.length - 1;
}

export function sampleNext(chain: NotchChain, from: number, drive: number, rng: Rng): number {
  return sampleRow(chain.row(from, drive), rng);
}

/** One read of the resistance in `state`, with the measured cycle-to-cycle spread. */
export function readResistance(chain: NotchChain, state: number, rng: Rng): number {
  const l = chain.levels[state]!;
  return l.rMean + l.rStd * rng.normal();
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 on erf; |error| < 1.5e-7, enough for probabilities). */
export function normCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(z / Math.SQRT2));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(z * z) / 2);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

export interface Threshold {
  mean: number;
  sd: number;
}

/**
 * A chain whose wall leaves notch k when |drive| exceeds notch k's depinning threshold, moving toward higher
 * indices for drive > 0 and lower for drive < 0, and keeps going past each further notch whose threshold is also
 * below |drive| (independent draws): one pulse can cross several notches. States 0 and n-1 are the track ends.
 * forward[k] is the threshold to leave state k toward k+1; reverse[k] toward k-1 (defaults to forward: the same
 * notch pins the same both ways unless the track shape pushes the wall one way).
 */
export class ThresholdChain implements NotchChain {
  readonly reverse: Threshold[];
  constructor(
    readonly name: string,
    readonly levels: NotchLevel[],
    readonly thresholds: Threshold[],
    reverse?: Threshold[],
  ) {
    if (thresholds.length !== levels.length) throw new RangeError(`${name}: need one threshold per state`);
    if (reverse && reverse.length !== levels.length) throw new RangeError(`${name}: need one reverse threshold per state`);
    this.reverse = reverse ?? thresholds;
  }

  passProbability(k: number, amplitude: number, dir: 1 | -1 = 1): number {
    const t = (dir > 0 ? this.thresholds : this.reverse)[k]!;
    return t.sd > 0 ? normCdf((amplitude - t.mean) / t.sd) : amplitude >= t.mean ? 1 : 0;
  }

  row(from: number, drive: number): Float64Array {
    const n = this.levels.length;
    const p = new Float64Array(n);
    const dir = drive >= 0 ? 1 : -1;
    const a = Math.abs(drive);
    let reach = 1; // probability the wall has left every notch so far
    let k = from;
    for (;;) {
      const next = k + dir;
      if (next < 0 || next >= n) {
        p[k]! += reach; // track end: the wall stays in the last state
        break;
      }
      const pass = this.passProbability(k, a, dir);
      p[k]! += reach * (1 - pass);
      reach *= pass;
      k = next;
      if (reach === 0) break;
    }
    return p;
  }

  /**
   * Thresholds frozen for one cycle (the measured cycle-to-cycle variation): entries [0, n) forward, [n, 2n)
   * reverse. Without separate reverse thresholds both halves hold the same draws.
   */
  drawThresholds(rng: Rng): Float64Array {
    const n = this.levels.length;
    const th = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) th[k] = this.thresholds[k]!.mean + this.thresholds[k]!.sd * rng.normal();
    for (let k = 0; k < n; k++) th[n + k] = this.reverse === this.thresholds ? th[k]! : this.reverse[k]!.mean + this.reverse[k]!.sd * rng.normal();
    return th;
  }

  /** Deterministic move of one pulse given frozen thresholds (from drawThresholds). */
  moveFrozen(from: number, drive: number, th: Float64Array): number {
    const n = this.levels.length;
    const dir = drive >= 0 ? 1 : -1;
    const off = dir > 0 ? 0 : n;
    const a = Math.abs(drive);
    let k = from;
    while (k + dir >= 0 && k + dir < n && a >= th[off + k]!) k += dir;
    return k;
  }
}
