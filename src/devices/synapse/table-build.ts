// Build a CrossSim-layout ΔG table from ramp data: each (G before, ΔG) point of one pulse direction; for each
// of nBins uniformly spaced bins over the observed G range, the ΔG quantiles of the k points nearest in G
// (k-nearest-neighbour window: 930 points cannot fill 501 bins one by one; CrossSim's tables are likewise
// smooth in G). Values are rounded to the text format's 9 significant digits so a table read back from the
// cache is bit-identical to a freshly generated one.
import type { DeltaGTable, PulseDirection } from './lut.ts';

export interface UpdatePoints {
  g: Float64Array;
  dG: Float64Array;
}

export const DEFAULT_BINS = 501;
export const DEFAULT_QUANTILES = 501;

const round9 = (v: number) => Number(v.toExponential(8));

/** Quantile (linear interpolation between order statistics) of a sorted array. */
function quantile(sorted: Float64Array, p: number): number {
  const x = p * (sorted.length - 1);
  const i = Math.floor(x);
  if (i >= sorted.length - 1) return sorted[sorted.length - 1]!;
  const f = x - i;
  return sorted[i]! * (1 - f) + sorted[i + 1]! * f;
}

/** Update points of one direction in a table of paper 000 (30 ramps x 31 pulses, Fig. 3a: "930 data points"). */
export const PAPER_TABLE_POINTS = 930;

/**
 * k of the k-nearest-neighbour window: 6 % of the points (at least 16) up to a table of the paper's size, then fixed at
 * that table's 56. A bin's quantiles then come from as many points as in a 30-ramp table however many ramps a preset
 * runs, so the extremes keep their statistics (the depinning threshold of the sub-notch response is set by a bin's
 * largest ΔG: with 120 ramps and a 6 % window of 223 points, sot-300k's seed-1 thresholds fell to 0.045 / 0.044 notch
 * from 0.08 with 56-point windows, REPRODUCTION.md "Table I on every seed"); more ramps resolve G more finely instead.
 */
export function defaultWindow(points: number): number {
  return Math.max(16, Math.round(0.06 * Math.min(points, PAPER_TABLE_POINTS)));
}

export function buildTable(points: UpdatePoints, direction: PulseDirection, opts: { nBins?: number; nQuantiles?: number; window?: number; header?: string } = {}): DeltaGTable {
  const nb = opts.nBins ?? DEFAULT_BINS;
  const nq = opts.nQuantiles ?? DEFAULT_QUANTILES;
  const n = points.g.length;
  if (n < 2) throw new Error('buildTable: need at least 2 update points');
  const k = Math.min(n, opts.window ?? defaultWindow(n));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => points.g[a]! - points.g[b]! || a - b);
  const gs = Float64Array.from(order, (i) => points.g[i]!);
  const ds = Float64Array.from(order, (i) => points.dG[i]!);
  let gMin = gs[0]!;
  let gMax = gs[n - 1]!;
  if (!(gMax > gMin)) gMax = gMin * (1 + 1e-6) + 1e-12;
  const gBins = new Float64Array(nb);
  for (let j = 0; j < nb; j++) gBins[j] = round9(gMin + ((gMax - gMin) * j) / (nb - 1));
  // Guarantee strictly increasing bins after rounding.
  for (let j = 1; j < nb; j++) if (!(gBins[j]! > gBins[j - 1]!)) gBins[j] = gBins[j - 1]! * (1 + 1e-8);
  const cdf = Float64Array.from({ length: nq }, (_, i) => round9(i / (nq - 1)));
  const dG = new Float64Array(nq * nb);
  const win = new Float64Array(k);
  let lo = 0;
  for (let j = 0; j < nb; j++) {
    const g = gBins[j]!;
    // Slide the window [lo, lo + k) to the k points nearest g (gs sorted).
    while (lo + k < n && Math.abs(gs[lo + k]! - g) < Math.abs(gs[lo]! - g)) lo++;
    win.set(ds.subarray(lo, lo + k));
    win.sort();
    for (let q = 0; q < nq; q++) dG[q * nb + j] = round9(quantile(win, cdf[q]!));
  }
  return { direction, gBins, cdf, dG, header: opts.header ?? '1st Row = Gbins, 2nd Row = CDF Points, 3rd row onward =  dG matrix (rows= CDF, columns = Gbins)' };
}
