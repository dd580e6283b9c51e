// ΔG lookup tables in CrossSim's layout: for each conductance bin G_j, the inverse CDF of the conductance
// change caused by one pulse. Shared by the table generator (this layer), the metrics, and the accelerator's
// device model (which samples a quantile per update).

export type PulseDirection = 'increasing' | 'decreasing';

export interface DeltaGTable {
  direction: PulseDirection;
  /** Conductance bin centres G_j in siemens, uniformly spaced, ascending. */
  gBins: Float64Array;
  /** CDF points p_k, ascending from 0 to 1. */
  cdf: Float64Array;
  /** Row-major [cdf.length x gBins.length]: dG[k * gBins.length + j] = ΔG at quantile p_k when at G_j (siemens). */
  dG: Float64Array;
  /** First line of the file (CrossSim writes a description there). */
  header: string;
}

export interface DeltaGTablePair {
  increasing: DeltaGTable;
  decreasing: DeltaGTable;
}

export function tableShape(t: DeltaGTable): { nBins: number; nQuantiles: number } {
  return { nBins: t.gBins.length, nQuantiles: t.cdf.length };
}

/** Index of the bin nearest to conductance g (clamped to the table range). */
export function binIndex(t: DeltaGTable, g: number): number {
  const n = t.gBins.length;
  const g0 = t.gBins[0]!;
  const step = (t.gBins[n - 1]! - g0) / (n - 1);
  const j = Math.round((g - g0) / step);
  return j < 0 ? 0 : j >= n ? n - 1 : j;
}

/** ΔG at uniform variate u in [0,1) for a device at conductance g (nearest bin, linear in the quantile). */
export function sampleDeltaG(t: DeltaGTable, g: number, u: number): number {
  const nb = t.gBins.length;
  const nq = t.cdf.length;
  const j = binIndex(t, g);
  // CDF points are uniform in CrossSim tables; interpolate between the two neighbouring quantile rows.
  const x = u * (nq - 1);
  const k = Math.min(nq - 2, Math.floor(x));
  const f = x - k;
  return t.dG[k * nb + j]! * (1 - f) + t.dG[(k + 1) * nb + j]! * f;
}

/** Mean ΔG per bin (the table's "ave(G)"), trapezoid rule over the CDF points. */
export function meanDeltaG(t: DeltaGTable): Float64Array {
  const nb = t.gBins.length;
  const nq = t.cdf.length;
  const out = new Float64Array(nb);
  for (let k = 0; k + 1 < nq; k++) {
    const w = t.cdf[k + 1]! - t.cdf[k]!;
    for (let j = 0; j < nb; j++) out[j]! += 0.5 * w * (t.dG[k * nb + j]! + t.dG[(k + 1) * nb + j]!);
  }
  return out;
}
