// Device-to-device variation of a table set, split into its two conductance components. A variant's tables differ
// from table 0's in conductance range (the MTJ's TMR and R_p scale a conductance that is linear in the wall's
// position) and offset (G_min). To learn which of the two changes a network's result, derive a table set that keeps
// only one of them and train on it: `keepOnly(pairs, 'range')` gives every variant table 0's G_min with its own
// range; `keepOnly(pairs, 'offset')` gives every variant table 0's range with its own G_min. Both are affine maps of
// the conductance axis, so the wall's dynamics (the shape of each table) are untouched.
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
 * A table set whose variants keep only one component of their variation from table 0: 'range' (own range, table 0's
 * G_min) or 'offset' (own G_min, table 0's range). Table 0 is copied unchanged.
 */
export function keepOnly(pairs: readonly DeltaGTablePair[], keep: VariationComponent): DeltaGTablePair[] {
  if (pairs.length === 0) throw new Error('keepOnly: no tables');
  const one = (t: DeltaGTable, t0: DeltaGTable) => (keep === 'range' ? affine(t, first(t0), 1) : affine(t, first(t), span(t0) / span(t)));
  return pairs.map((p, i) =>
    i === 0
      ? { increasing: affine(p.increasing, first(p.increasing), 1), decreasing: affine(p.decreasing, first(p.decreasing), 1) }
      : { increasing: one(p.increasing, pairs[0]!.increasing), decreasing: one(p.decreasing, pairs[0]!.decreasing) },
  );
}
