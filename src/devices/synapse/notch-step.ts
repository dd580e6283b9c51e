// The tables of a notched device, flattened for the update's hot loop, and the one definition of its step
// (CrossSim's table move, then the nearest notch). Used by the device array and by the sub-notch response analysis.
import type { DeltaGTable } from './lut.ts';
import { meanDeltaG } from './lut.ts';

export interface PreparedTable {
  gMin: number;
  gMax: number;
  nb: number;
  nq: number;
  binScale: number; // (nb - 1) / (gMax - gMin)
  dGT: Float32Array; // transposed [nb * nq]: the quantiles of one bin are contiguous (random row reads stay in cache)
  ave: Float32Array; // [nb]
  meanStep: number; // mean |ave| over bins
  invMeanStep: number;
  rootInvMeanStep: number;
}

export function prepare(t: DeltaGTable): PreparedTable {
  const nb = t.gBins.length;
  const ave = Float32Array.from(meanDeltaG(t));
  let m = 0;
  for (let j = 0; j < nb; j++) m += Math.abs(ave[j]!);
  const gMin = t.gBins[0]!;
  const gMax = t.gBins[nb - 1]!;
  const nq = t.cdf.length;
  const dGT = new Float32Array(nb * nq);
  for (let k = 0; k < nq; k++) for (let j = 0; j < nb; j++) dGT[j * nq + k] = t.dG[k * nb + j]!;
  return { gMin, gMax, nb, nq, binScale: (nb - 1) / (gMax - gMin), dGT, ave, meanStep: m / nb, invMeanStep: nb / m, rootInvMeanStep: Math.sqrt(nb / m) };
}

export function binOf(t: PreparedTable, g: number): number {
  const j = ((g - t.gMin) * t.binScale + 0.5) | 0;
  return j < 0 ? 0 : j >= t.nb ? t.nb - 1 : j;
}

/**
 * The notched devices' tables, flattened for the update's hot loop. Slot ti = 2 * variant + (0 increasing,
 * 1 decreasing); entry e = ti * levels + notch: the table row read at that notch and its mean step.
 */
export interface NotchTables {
  levels: number;
  gMin: Float64Array; // per variant: conductance of notch 0
  scale: Float64Array; // per variant: notches per siemens
  level: Float64Array; // [variant * levels + n]: conductance of notch n
  invMean: Float64Array; // per slot
  rootInvMean: Float64Array; // per slot
  rowAve: Float64Array; // per entry: ave(G) of the bin at that notch
  rowOff: Int32Array; // per entry: offset of that bin's quantiles in dG
  dG: Float32Array; // [entry * nq]: the quantiles of the bin under each (slot, notch)
  nq: number;
  /**
   * Requests |dG| (siemens) below this provably leave every device in its notch, whatever its variant, notch,
   * direction and draw: the update skips those pairs (exactly: each pair's draw is keyed by pair and update, so
   * skipping one changes no other). This is the depinning threshold that makes notched arrays fast at small rates.
   */
  deadZone: number;
  /** The same threshold per entry (slot, notch): most notches tolerate several times the global one. */
  entryDeadZone: Float64Array;
}

export function notchTables(inc: PreparedTable[], dec: PreparedTable[], levels: number, exhaustive: boolean): NotchTables {
  const V = inc.length;
  const nq = inc[0]!.nq;
  const gMin = Float64Array.from(inc, (t) => t.gMin);
  const scale = Float64Array.from(inc, (t) => (levels - 1) / (t.gMax - t.gMin));
  const level = new Float64Array(V * levels);
  for (let v = 0; v < V; v++) for (let n = 0; n < levels; n++) level[v * levels + n] = gMin[v]! + n / scale[v]!;
  const slots = inc.flatMap((t, v) => [t, dec[v]!]);
  // Only the bins under a notch are ever read: copy just those quantile rows, contiguously. With 20 variants that is
  // 40 x levels rows (~5 MB at 32 notches) instead of 40 whole tables (~75 MB): fewer cache and TLB misses, same values.
  const dG = new Float32Array(slots.length * levels * nq);
  const rowAve = new Float64Array(slots.length * levels);
  const rowOff = new Int32Array(slots.length * levels);
  slots.forEach((t, ti) => {
    if (t.nq !== nq) throw new Error(`device tables disagree on the number of quantiles (${t.nq} vs ${nq})`);
    for (let n = 0; n < levels; n++) {
      const e = ti * levels + n;
      const j = binOf(t, level[(ti >> 1) * levels + n]!);
      rowAve[e] = t.ave[j]!;
      rowOff[e] = e * nq;
      dG.set(t.dGT.subarray(j * nq, (j + 1) * nq), e * nq);
    }
  });
  // |move| * scale <= (|dG| invMean |ave| + sqrt(|dG|) rootInvMean max|q - ave|) * scale must stay below 1/2 (0.49:
  // margin for rounding); solve c1 y^2 + c2 y = 0.49 for y = sqrt(|dG|) per (slot, notch) and keep the smallest.
  let yMin = Infinity;
  const entryDeadZone = new Float64Array(slots.length * levels);
  slots.forEach((t, ti) => {
    const sc = scale[ti >> 1]!;
    for (let n = 0; n < levels; n++) {
      const e = ti * levels + n;
      const avg = rowAve[e]!;
      let spread = 0;
      for (let k = 0; k < nq; k++) spread = Math.max(spread, Math.abs(dG[rowOff[e]! + k]! - avg));
      const c1 = t.invMeanStep * Math.abs(avg) * sc;
      const c2 = t.rootInvMeanStep * spread * sc;
      const y = c1 > 0 ? (-c2 + Math.sqrt(c2 * c2 + 4 * c1 * 0.49)) / (2 * c1) : c2 > 0 ? 0.49 / c2 : Infinity;
      yMin = Math.min(yMin, y);
      entryDeadZone[e] = Number.isFinite(y) ? y * y * (1 - 1e-9) : Number.MAX_VALUE;
    }
  });
  return {
    // exhaustive: thresholds below any request, so every pulse is computed
    deadZone: exhaustive ? -1 : Number.isFinite(yMin) ? yMin * yMin * (1 - 1e-9) : 0,
    entryDeadZone: exhaustive ? entryDeadZone.fill(-1) : entryDeadZone,
    levels, gMin, scale, level, nq, dG, rowAve, rowOff,
    invMean: Float64Array.from(slots, (t) => t.invMeanStep),
    rootInvMean: Float64Array.from(slots, (t) => t.rootInvMeanStep),
  };
}

/**
 * The notch a device lands in: from the conductance of its notch, the CrossSim move with quantile value q, then the
 * nearest notch (truncating x + 0.5 rounds: the argument is >= -0.5 whenever the result is in range), clamped.
 * The one definition of a notched device's step.
 */
export function notchAfter(g: number, s: number, avg: number, rootS: number, q: number, gMin: number, scale: number, top: number): number {
  const m = ((g + s * avg + rootS * (q - avg) - gMin) * scale + 0.5) | 0;
  return m < 0 ? 0 : m > top ? top : m;
}
