// The ramps and state maps of papers 001 and 002, simulated on the notch chains: what shapedRamp reports.
import { Rng } from '../../base/rng.ts';
import { readResistance, sampleNext, transitionMatrix, type ThresholdChain } from './notch-chain.ts';
import { D2 } from './paper-targets.ts';
import type { Quantized5Chain } from './quantized5.ts';

export interface RampCycle {
  /** Pulse amplitudes (V) and the resistance read after each pulse. */
  volts: number[];
  ohms: number[];
  states: number[];
  /** Voltage at which the wall first entered each state (NaN if never). */
  entered: number[];
}

function levelsOf(lo: number, hi: number, step: number): number[] {
  const n = Math.round((hi - lo) / step);
  return Array.from({ length: n + 1 }, (_, k) => Math.round((lo + k * step) * 1e6) / 1e6);
}

/** One cycle: thresholds frozen for the cycle, pulses of increasing amplitude (sign = polarity) from `start`. */
export function rampCycle(chain: ThresholdChain, start: number, volts: number[], polarity: 1 | -1, th: Float64Array, reads: Rng): RampCycle {
  const entered = new Array<number>(chain.levels.length).fill(NaN);
  const c: RampCycle = { volts: [], ohms: [], states: [], entered };
  let s = start;
  for (const v of volts) {
    s = chain.moveFrozen(s, polarity * v, th);
    if (Number.isNaN(entered[s]!) && s !== start) entered[s] = v;
    c.volts.push(v);
    c.states.push(s);
    c.ohms.push(readResistance(chain, s, reads));
  }
  return c;
}

export interface VcStats {
  n: number;
  avg: number;
  min: number;
  max: number;
  /** Paper 001's variation: (max - min) / 2 / avg, percent. */
  varPct: number;
}

export function vcStats(v: number[]): VcStats {
  const ok = v.filter((x) => Number.isFinite(x));
  if (ok.length === 0) return { n: 0, avg: NaN, min: NaN, max: NaN, varPct: NaN };
  const avg = ok.reduce((a, b) => a + b, 0) / ok.length;
  const min = Math.min(...ok);
  const max = Math.max(...ok);
  return { n: ok.length, avg, min, max, varPct: ((max - min) / 2 / avg) * 100 };
}

export function meanStd(v: number[]): { mean: number; std: number; n: number } {
  const n = v.length;
  if (n === 0) return { mean: NaN, std: NaN, n };
  const mean = v.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std, n };
}

export interface TrapezoidRun {
  cycles: { write: RampCycle; reset: RampCycle; resetOneShot: boolean }[];
  /** Mean and sd over cycles of the read resistance at the end of the plateau of each state. */
  levels: { mean: number; std: number; n: number }[];
  /** V_C to enter notch 2 and notch 3 (write direction), and to reset. */
  writeVc: VcStats[];
  firstNotchBy: number;
  resetVc: VcStats;
}

/** Paper 001 Fig. 2: write ramp 0-4.0 V then reset ramp of the opposite polarity 0-4.0 V, 0.01 V steps, `cycles` times. */
export function runTrapezoid(chain: ThresholdChain, cycles: number, seed: number): TrapezoidRun {
  const up = levelsOf(0, 4.0, 0.01);
  const down = levelsOf(0, 4.0, 0.01);
  const out: TrapezoidRun['cycles'] = [];
  const plateau: number[][] = chain.levels.map(() => []);
  for (let c = 0; c < cycles; c++) {
    const th = chain.drawThresholds(new Rng(seed, 10).fork(c));
    const reads = new Rng(seed, 11).fork(c);
    const write = rampCycle(chain, 0, up, 1, th, reads);
    const end = write.states[write.states.length - 1]!;
    const reset = rampCycle(chain, end, down, -1, th, reads);
    // One shot: the reset pulse takes the wall from the last notch to the reset state with no stop in between.
    const k = reset.states.findIndex((s) => s !== end);
    const resetOneShot = k >= 0 && reset.states[k] === 0;
    // Plateau value of each state: the last read before the wall leaves it (write ramp), reset state from the reset ramp.
    for (let i = 0; i < write.states.length; i++) {
      const s = write.states[i]!;
      if (i === write.states.length - 1 || write.states[i + 1] !== s) plateau[s]!.push(write.ohms[i]!);
    }
    const r0 = reset.states.lastIndexOf(0);
    if (r0 >= 0) plateau[0]!.push(reset.ohms[r0]!);
    out.push({ write, reset, resetOneShot });
  }
  return {
    cycles: out,
    levels: plateau.map(meanStd),
    firstNotchBy: Math.max(...out.map((c) => c.write.entered[1]!)),
    writeVc: [2, 3].map((s) => vcStats(out.map((c) => c.write.entered[s]!))),
    resetVc: vcStats(out.map((c) => c.reset.entered[0]!)),
  };
}

export interface StraightRun {
  cycles: RampCycle[];
  levels: { mean: number; std: number; n: number }[];
  /** Pulses that moved the wall by 2 or more notches, and all pulses that moved it. */
  multiJumps: number;
  moves: number;
  /** State map: probability of each state after the pulse at each voltage, over mapCycles cycles. */
  map: { volts: number[]; prob: number[][] };
}

/** Paper 001 Fig. 3: ramp 0-5.5 V in 0.05 V steps, `cycles` measured-style cycles plus mapCycles for the state map. */
export function runStraight(chain: ThresholdChain, cycles: number, mapCycles: number, seed: number): StraightRun {
  const volts = levelsOf(0, 5.5, 0.05);
  const n = chain.levels.length;
  const runs: RampCycle[] = [];
  const counts = volts.map(() => new Array<number>(n).fill(0));
  let multiJumps = 0;
  let moves = 0;
  const plateau: number[][] = chain.levels.map(() => []);
  for (let c = 0; c < Math.max(cycles, mapCycles); c++) {
    const th = chain.drawThresholds(new Rng(seed, 20).fork(c));
    const cyc = rampCycle(chain, 0, volts, 1, th, new Rng(seed, 21).fork(c));
    let prev = 0;
    cyc.states.forEach((s, i) => {
      counts[i]![s]!++;
      if (s !== prev) {
        moves++;
        if (s - prev >= 2) multiJumps++;
      }
      prev = s;
    });
    if (c < cycles) {
      runs.push(cyc);
      for (let i = 0; i < cyc.states.length; i++) {
        const s = cyc.states[i]!;
        if (i === cyc.states.length - 1 || cyc.states[i + 1] !== s) plateau[s]!.push(cyc.ohms[i]!);
      }
    }
  }
  const total = Math.max(cycles, mapCycles);
  return { cycles: runs, levels: plateau.map(meanStd), multiJumps, moves, map: { volts, prob: counts.map((r) => r.map((x) => x / total)) } };
}

export interface Quantized5Run {
  drives: { drive: number; analytic: number[][]; sampled: number[][] }[];
}

/** Paper 002 Fig. 1d: landing probabilities from each start notch, analytic and sampled (`samples` pulses per start). */
export function runQuantized5(chain: Quantized5Chain, drives: number[], samples: number, seed: number): Quantized5Run {
  const n = chain.levels.length;
  return {
    drives: drives.map((drive, di) => {
      const sampled = Array.from({ length: n }, (_, from) => {
        const rng = new Rng(seed, 30 + di).fork(from);
        const row = new Array<number>(n).fill(0);
        for (let k = 0; k < samples; k++) row[sampleNext(chain, from, drive, rng)]!++;
        return row.map((c) => c / samples);
      });
      return { drive, analytic: transitionMatrix(chain, drive), sampled };
    }),
  };
}

export { D2 };
