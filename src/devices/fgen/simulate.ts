// Current ramps on a function generator: thresholds drawn once per cycle (stochastic switching), switches sticky
// within a ramp (the wall does not come back without the reset field), output read after every pulse.
import { Rng } from '../../base/rng.ts';
import { mtjConductance, switchCurrent, type FgenDesign } from './design.ts';

export interface RampResult {
  /** Input currents, A. */
  current: number[];
  /** Per cycle, resistance after each pulse (Ohm). */
  ohms: number[][];
  /** Per cycle, number of MTJs switched by current after each pulse. */
  switched: number[][];
  /** Resistance with all MTJs in P and all in AP (normalisation). */
  rAllP: number;
  rAllAP: number;
}

export function rampCurrents(d: FgenDesign): number[] {
  const n = Math.round(d.rampMax / d.rampStep);
  return Array.from({ length: n + 1 }, (_, k) => Math.round(k * d.rampStep * 1e9) / 1e9);
}

export function runRamps(d: FgenDesign, seed: number, cycles = d.cycles): RampResult {
  const current = rampCurrents(d);
  const n = d.mtjs.length;
  let gAllP = 0;
  let gAllAP = 0;
  for (let k = 0; k < n; k++) {
    gAllP += mtjConductance(d, k, false);
    gAllAP += mtjConductance(d, k, true);
  }
  const ohms: number[][] = [];
  const switched: number[][] = [];
  for (let c = 0; c < cycles; c++) {
    const rng = new Rng(seed, 40).fork(c);
    const th = Array.from({ length: n }, (_, k) => switchCurrent(d, k) * (1 + d.thresholdSigma * rng.normal()));
    const ap = Array.from({ length: n }, (_, k) => d.preSwitched.includes(k));
    const rs: number[] = [];
    const sw: number[] = [];
    let count = 0;
    for (const i of current) {
      for (let k = 0; k < n; k++) {
        if (!ap[k] && i <= d.breakdown && i >= th[k]!) {
          ap[k] = true;
          count++;
        }
      }
      let g = 0;
      for (let k = 0; k < n; k++) g += mtjConductance(d, k, ap[k]!);
      rs.push(1 / g);
      sw.push(count);
    }
    ohms.push(rs);
    switched.push(sw);
  }
  return { current, ohms, switched, rAllP: 1 / gAllP, rAllAP: 1 / gAllAP };
}

/** Mean and sd over cycles at each ramp point. */
export function meanCurve(rows: number[][]): { mean: number[]; sd: number[] } {
  const m = rows[0]!.length;
  const mean = new Array<number>(m).fill(0);
  const sd = new Array<number>(m).fill(0);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (const r of rows) s += r[i]!;
    const mu = s / rows.length;
    let v = 0;
    for (const r of rows) v += (r[i]! - mu) ** 2;
    mean[i] = mu;
    sd[i] = rows.length > 1 ? Math.sqrt(v / (rows.length - 1)) : 0;
  }
  return { mean, sd };
}
