// Device-to-device variation of a table set, split into its two conductance components. A variant's tables differ
// from table 0's in conductance range (the MTJ's TMR and R_p scale a conductance that is linear in the wall's
// position) and offset (G_min). To learn which of the two changes a network's result, derive a table set that keeps
// only one of them and train on it: `keepOnly(pairs, 'range')` gives every variant table 0's G_min with its own
// range; `keepOnly(pairs, 'offset')` gives every variant table 0's range with its own G_min. `notchGrids(pairs, N)`
// isolates what either does to a notched array: variants that are table 0 shifted by v/V of one notch pitch, so a
// weight's two devices sit on different grids of N levels with no change of range or of mean position. All are affine
// maps of the conductance axis, so the wall's dynamics (the shape of each table) are untouched.
import type { DeltaGTable, DeltaGTablePair } from './lut.ts';

export type VariationComponent = 'range' | 'offset';
export const variationComponents: readonly VariationComponent[] = ['range', 'offset'];

export interface VariantGeometry {
  index: number;
  direction: DeltaGTable['direction'];
  gMin: number;
  gMax: number;
  /** range / table 0's range (same direction). */
  rangeRatio: number;
  /** G_min / table 0's G_min (same direction). */
  gMinRatio: number;
}

const first = (t: DeltaGTable) => t.gBins[0]!;
const last = (t: DeltaGTable) => t.gBins[t.gBins.length - 1]!;
const span = (t: DeltaGTable) => last(t) - first(t);

/** Each variant's conductance window relative to table 0's, per direction. */
export function variantGeometry(pairs: readonly DeltaGTablePair[]): VariantGeometry[] {
  const out: VariantGeometry[] = [];
  for (const direction of ['increasing', 'decreasing'] as const) {
    const t0 = pairs[0]![direction];
    pairs.forEach((p, index) => {
      const t = p[direction];
      out.push({ index, direction, gMin: first(t), gMax: last(t), rangeRatio: span(t) / span(t0), gMinRatio: first(t) / first(t0) });
    });
  }
  return out;
}

/** G -> newMin + (G - oldMin) * k, ΔG -> ΔG * k. */
function affine(t: DeltaGTable, newMin: number, k: number): DeltaGTable {
  const oldMin = first(t);
  return {
    direction: t.direction,
    gBins: Float64Array.from(t.gBins, (g) => newMin + (g - oldMin) * k),
    cdf: Float64Array.from(t.cdf),
    dG: k === 1 ? Float64Array.from(t.dG) : Float64Array.from(t.dG, (d) => d * k),
    header: t.header,
  };
}

/**
 * V variants of table 0 (V = pairs.length) whose conductance axes are shifted by v / V of one notch pitch at
 * `notches` levels (v = 0 .. V-1): the same range and, within a pitch, the same place, but V different grids.
 */
export function notchGrids(pairs: readonly DeltaGTablePair[], notches: number): DeltaGTablePair[] {
  if (pairs.length === 0) throw new Error('notchGrids: no tables');
  if (!(notches >= 2)) throw new Error(`notchGrids: notches must be >= 2, got ${notches}`);
  const t0 = pairs[0]!;
  const one = (t: DeltaGTable, v: number) => affine(t, first(t) + ((v / pairs.length) * span(t)) / (notches - 1), 1);
  return pairs.map((_, v) => ({ increasing: one(t0.increasing, v), decreasing: one(t0.decreasing, v) }));
}

/**
 * A table set whose variants keep only one component of their variation from table 0: 'range' (own range, table 0's
 * G_min) or 'offset' (own G_min, table 0's range). Table 0 keeps both.
 */
export function keepOnly(pairs: readonly DeltaGTablePair[], keep: VariationComponent): DeltaGTablePair[] {
  if (pairs.length === 0) throw new Error('keepOnly: no tables');
  const one = (t: DeltaGTable, t0: DeltaGTable) => (keep === 'range' ? affine(t, first(t0), 1) : affine(t, first(t), span(t0) / span(t)));
  // Table 0 needs no case of its own: both maps send it onto itself (k = span / span = 1 exactly).
  return pairs.map((p) => ({ increasing: one(p.increasing, pairs[0]!.increasing), decreasing: one(p.decreasing, pairs[0]!.decreasing) }));
}

/**
 * The same tables without nonlinearity: at every conductance bin, each quantile's ΔG becomes that quantile's average
 * over the bins. A device's step then no longer depends on where in its window it sits (range, offset, grid and the
 * cycle-to-cycle spread are kept).
 */
export function linearized(pairs: readonly DeltaGTablePair[]): DeltaGTablePair[] {
  const one = (t: DeltaGTable): DeltaGTable => {
    const nb = t.gBins.length;
    const dG = new Float64Array(t.dG.length);
    for (let k = 0; k < t.cdf.length; k++) {
      let sum = 0;
      for (let j = 0; j < nb; j++) sum += t.dG[k * nb + j]!;
      dG.fill(sum / nb, k * nb, (k + 1) * nb);
    }
    return { ...t, gBins: Float64Array.from(t.gBins), cdf: Float64Array.from(t.cdf), dG };
  };
  return pairs.map((p) => ({ increasing: one(p.increasing), decreasing: one(p.decreasing) }));
}
