// Update-quality metrics of a synapse, usable on any ΔG table pair (generated or imported) and on ramp data.
//
// Nonlinearity (paper 000 Table I, "as in Ref. 12", Sun & Yu, JETCAS 9, 570 (2019)): a ramp of P pulses is
// fitted by the saturating-exponential curve
//     G(p) = G_0 + (G_P - G_0) (1 - exp(-nu p / P)) / (1 - exp(-nu))
// (nu = 0: linear). nu > 0 means the steps shrink along the ramp. For the decreasing ramp the same curve is
// fitted to -G, and the sign is chosen so that an ideally symmetric device (the same |ΔG| at every G in both
// directions) reports the same sign and magnitude for + and -. On a table, ramps are played by sampling the
// table (P = rampPulsesFor(range / mean step), 300 ramps, seeded); applied to CrossSim's reference tables this gives
// STT 300 K +0.077 / -0.153 and SOT 300 K +0.484 / -0.695 against the paper's +0.07 / -0.15 and +0.80 / -0.81. A
// replayed ramp is nearly straight until it is clamped at the end of the range, so the value depends on P within one
// pulse (REPRODUCTION.md, "Table I from the reference tables", measures it); nu = P_max / A of NeuroSim's fit.
//
// Cycle-to-cycle variation: the standard deviation of ΔG at fixed G (over the table's CDF), averaged over G
// and over both directions, relative to the table's G range (reference tables: STT 0.56 %, SOT 2.5 %; paper
// 0.77 %, 3.23 %).
import { Rng } from '../../base/rng.ts';
import { meanDeltaG, sampleDeltaG, type DeltaGTable, type DeltaGTablePair } from './lut.ts';

/** Normalised saturating curve used by the fit. */
function shape(nu: number, x: number): number {
  return Math.abs(nu) < 1e-9 ? x : (1 - Math.exp(-nu * x)) / (1 - Math.exp(-nu));
}

/** Fit nu to one ramp g[0..P] (increasing by convention). Grid search on [-10, 10], then golden refinement. */
export function fitNonlinearity(g: ArrayLike<number>): number {
  const P = g.length - 1;
  if (P < 2) return 0;
  const a = g[0]!;
  const b = g[P]!;
  if (!(b !== a)) return 0;
  const err = (nu: number) => {
    let e = 0;
    for (let i = 0; i <= P; i++) {
      const d = a + (b - a) * shape(nu, i / P) - g[i]!;
      e += d * d;
    }
    return e;
  };
  let best = 0;
  let bestE = Infinity;
  for (let i = -500; i <= 500; i++) {
    const nu = i / 50;
    const e = err(nu);
    if (e < bestE) {
      bestE = e;
      best = nu;
    }
  }
  let lo = best - 0.02;
  let hi = best + 0.02;
  const r = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 40; it++) {
    const m1 = hi - r * (hi - lo);
    const m2 = lo + r * (hi - lo);
    if (err(m1) <= err(m2)) hi = m2;
    else lo = m1;
  }
  return (lo + hi) / 2;
}

/**
 * NeuroSim's "nonlinearity label" for a fitted nu. Sun & Yu (Ref. 12 of paper 000) and NeuroSim fit
 * G = B (1 - exp(-P / A)) + G_min to a ramp of P_max pulses and quote a label from a tabulated map of the normalized
 * A / P_max (label 0.01..9 in steps of 0.01, MLP_NeuroSim_V3.0 formula.cpp getParamA); our nu is P_max / A, the
 * same curve. The tabulated labels are the curve's largest deviation from the straight line (in units of the
 * range) divided by 0.09899, to 4 digits at every entry we checked (labels 0.01, 0.1, 0.19, 1.51, 1.69, 3.01,
 * 3.19, 4.51, 6.01, 7.51, 7.6): that is the definition used here, signed as nu. The label cannot exceed 10.1
 * (the deviation is below 1), so Table I's own "+668 / -51.7" for a TaOx ReRAM is not on this scale.
 */
export const NEUROSIM_DEVIATION_PER_LABEL = 0.09899;

export function neurosimLabel(nu: number): number {
  if (Math.abs(nu) < 1e-9) return 0;
  // Largest deviation of shape(nu, x) - x: where the slope of the curve is 1, x* = ln(nu / (1 - e^-nu)) / nu.
  const x = Math.log(nu / (1 - Math.exp(-nu))) / nu;
  return (shape(nu, x) - x) / NEUROSIM_DEVIATION_PER_LABEL;
}

/** Nonlinearity of an up ramp and a down ramp (G vs pulse number). */
export function rampNonlinearity(up: ArrayLike<number>, down: ArrayLike<number>): { plus: number; minus: number } {
  return { plus: fitNonlinearity(up), minus: -fitNonlinearity(Array.from(down, (v) => -v)) };
}

export function tableRange(t: DeltaGTable): { gMin: number; gMax: number } {
  return { gMin: t.gBins[0]!, gMax: t.gBins[t.gBins.length - 1]! };
}

/** Mean |ΔG| over the table's bins (the "global mean step"). */
export function meanStep(t: DeltaGTable): number {
  const m = meanDeltaG(t);
  let s = 0;
  for (const v of m) s += v;
  return Math.abs(s / m.length);
}

/**
 * Pulses of a replayed ramp for a table whose range is `stepsInRange` mean steps: the fewest that cross the whole range
 * at the mean step, ceil(range / step). The paper's ramps run end to end (paper 000 Fig. 2d: through all 32 levels); a
 * ramp of round(range / step) pulses stops short of the end on average whenever the fraction is below one half, and
 * which side of one half a 30-ramp table falls on is chance (issue 17: STT's range / step is 30.45-31.63 over seeds
 * 100-109). For the reference tables (28.01 / 27.74 and 21.92 / 21.55) both rules give the same P. The 1e-6 keeps
 * an exact integer (a noise-free table) from gaining a pulse by rounding error.
 */
export function rampPulsesFor(stepsInRange: number): number {
  return Math.max(2, Math.ceil(stepsInRange - 1e-6));
}

/** Play `ramps` up-then-down ramps by sampling the tables (P pulses each way, clamped to the G range). */
export function sampledRamps(pair: DeltaGTablePair, opts: { seed: number; ramps?: number; pulses?: number }): { up: Float64Array[]; down: Float64Array[]; pulses: number } {
  const { gMin, gMax } = tableRange(pair.increasing);
  const step = 0.5 * (meanStep(pair.increasing) + meanStep(pair.decreasing));
  const P = opts.pulses ?? rampPulsesFor((gMax - gMin) / step);
  const up: Float64Array[] = [];
  const down: Float64Array[] = [];
  const clamp = (g: number) => (g < gMin ? gMin : g > gMax ? gMax : g);
  for (let r = 0; r < (opts.ramps ?? 30); r++) {
    const rng = new Rng(opts.seed, r);
    const u = new Float64Array(P + 1);
    const d = new Float64Array(P + 1);
    let g = gMin;
    u[0] = g;
    for (let i = 1; i <= P; i++) u[i] = g = clamp(g + sampleDeltaG(pair.increasing, g, rng.uniform()));
    g = gMax;
    d[0] = g;
    for (let i = 1; i <= P; i++) d[i] = g = clamp(g + sampleDeltaG(pair.decreasing, g, rng.uniform()));
    up.push(u);
    down.push(d);
  }
  return { up, down, pulses: P };
}

/** Sampled ramps per nonlinearity estimate: many more than the paper's 30 so the estimate's seed noise is small. */
export const NL_RAMPS = 300;

/** Table nonlinearity: mean of the per-ramp fits over sampled ramps. */
export function tableNonlinearity(pair: DeltaGTablePair, seed = 1, pulses?: number): { plus: number; minus: number; pulses: number } {
  const { up, down, pulses: P } = sampledRamps(pair, { seed, ramps: NL_RAMPS, pulses });
  let plus = 0;
  let minus = 0;
  for (let r = 0; r < up.length; r++) {
    const nl = rampNonlinearity(up[r]!, down[r]!);
    plus += nl.plus;
    minus += nl.minus;
  }
  return { plus: plus / up.length, minus: minus / up.length, pulses: P };
}

/** Per-bin standard deviation of ΔG (from the quantile rows, each row weighted by its CDF interval). */
export function binStd(t: DeltaGTable): Float64Array {
  const nb = t.gBins.length;
  const nq = t.cdf.length;
  const mean = meanDeltaG(t);
  const out = new Float64Array(nb);
  for (let k = 0; k + 1 < nq; k++) {
    const w = t.cdf[k + 1]! - t.cdf[k]!;
    for (let j = 0; j < nb; j++) {
      const a = t.dG[k * nb + j]! - mean[j]!;
      const b = t.dG[(k + 1) * nb + j]! - mean[j]!;
      out[j]! += (w * (a * a + a * b + b * b)) / 3; // exact integral of a linear segment squared
    }
  }
  for (let j = 0; j < nb; j++) out[j] = Math.sqrt(out[j]!);
  return out;
}

/** Cycle-to-cycle variation of one table: mean over G of std(ΔG), relative to the G range (fraction). */
export function tableC2C(t: DeltaGTable): number {
  const s = binStd(t);
  let m = 0;
  for (const v of s) m += v;
  const { gMin, gMax } = tableRange(t);
  return m / s.length / (gMax - gMin);
}

export function pairC2C(pair: DeltaGTablePair): number {
  return 0.5 * (tableC2C(pair.increasing) + tableC2C(pair.decreasing));
}

/** Pulses needed to go from the bottom to the top of the range (first passage) for each sampled ramp. */
export function pulsesPerFullRamp(pair: DeltaGTablePair, opts: { seed: number; ramps?: number; maxPulses?: number }): number[] {
  const { gMin, gMax } = tableRange(pair.increasing);
  const span = gMax - gMin;
  const out: number[] = [];
  for (let r = 0; r < (opts.ramps ?? 30); r++) {
    const rng = new Rng(opts.seed, 0x7000 + r);
    let g = gMin;
    let n = 0;
    // "Full" = within half a mean step of the top (a stochastic device rarely lands exactly on the top bin).
    const target = gMax - 0.5 * meanStep(pair.increasing);
    while (g < target && n < (opts.maxPulses ?? 10000)) {
      g = Math.min(gMax, Math.max(gMin, g + sampleDeltaG(pair.increasing, g, rng.uniform())));
      n++;
    }
    void span;
    out.push(n);
  }
  return out;
}

/** Histogram of integer values (sorted by value). */
export function histogram(values: readonly number[]): { value: number; count: number }[] {
  const m = new Map<number, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => a[0] - b[0]).map(([value, count]) => ({ value, count }));
}

export interface TableMetrics {
  /** nu = P_max / A of the saturating fit (the number paper 000's Table I quotes, see REPRODUCTION.md). */
  nonlinearityPlus: number;
  nonlinearityMinus: number;
  /** The same fits on NeuroSim's label scale (neurosimLabel). */
  neurosimLabelPlus: number;
  neurosimLabelMinus: number;
  /** Cycle-to-cycle variation, percent of the G range. */
  c2cPercent: number;
  gMin: number;
  gMax: number;
  meanStepIncreasing: number;
  meanStepDecreasing: number;
  /** Pulses per half ramp used for the nonlinearity fit (ceil(range / mean step)). */
  rampPulses: number;
  pulsesPerFullRamp: number[];
}

/** `rampPulses` overrides P = ceil(range / mean step) of the replayed ramps (to show how much the fit depends on it). */
export function tableMetrics(pair: DeltaGTablePair, seed = 1, rampPulses?: number): TableMetrics {
  const nl = tableNonlinearity(pair, seed, rampPulses);
  const { gMin, gMax } = tableRange(pair.increasing);
  return {
    nonlinearityPlus: nl.plus,
    nonlinearityMinus: nl.minus,
    neurosimLabelPlus: neurosimLabel(nl.plus),
    neurosimLabelMinus: neurosimLabel(nl.minus),
    c2cPercent: 100 * pairC2C(pair),
    gMin,
    gMax,
    meanStepIncreasing: meanStep(pair.increasing),
    meanStepDecreasing: -meanStep(pair.decreasing),
    rampPulses: nl.pulses,
    pulsesPerFullRamp: pulsesPerFullRamp(pair, { seed }),
  };
}
