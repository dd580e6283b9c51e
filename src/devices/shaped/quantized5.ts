// Paper 002's 5-state notched synapse: 520 x 60 x 1 nm Pt/Co/Ni, notches every 80 nm from 60 nm. A 0.5 ns pulse of
// 90e10 A/m^2 is sized to carry the wall one pitch; thermal noise and DMI tilt scatter the travel, so the wall can
// stay, land on the intended notch or overshoot (Fig. 1d). Model: travel ~ N(pitch (|j| - j0)/(1 - j0), sigma),
// j in units of the nominal pulse, j0 = 0.4 the depinning fraction; the wall is captured by the nearest notch and
// held at the ends. sigma = 0.3 pitch is an assumption (Fig. 1d's probabilities are not given in the text).
// Conductance from <m_z> (Eq. 1): G = (Gmax + Gmin)/2 + (Gmax - Gmin)/2 <m_z>; the signed weight subtracts the
// G_parallel = (Gmax + Gmin)/2 reference column.
import { normCdf, type NotchChain, type NotchLevel } from './notch-chain.ts';
import { quantized5Paper as P } from './paper-targets.ts';

export interface Quantized5Params {
  travelSigmaPitch: number;
  depinFraction: number;
}

export const quantized5Defaults: Quantized5Params = { travelSigmaPitch: 0.3, depinFraction: 0.4 };

export const quantized5Levels: NotchLevel[] = P.rKOhm.map((r, k) => ({ label: `${P.positionsNm[k]} nm`, rMean: r * 1e3, rStd: 0 }));

/** Conductances from the Table VIII resistances, S. */
export function quantized5Conductances(): number[] {
  return P.rKOhm.map((r) => 1 / (r * 1e3));
}

/** <m_z> of the free layer with the wall at x (nm): the notch range [60, 380] maps linearly onto [-1, 1]. */
export function magnetizationAt(xNm: number): number {
  const lo = P.positionsNm[0];
  const hi = P.positionsNm[P.positionsNm.length - 1]!;
  return Math.max(-1, Math.min(1, (2 * (xNm - lo)) / (hi - lo) - 1));
}

/** Eq. 1: G(x) from <m_z> with Gmin, Gmax the end states' conductances. */
export function conductanceFromMz(xNm: number): number {
  const g = quantized5Conductances();
  const gMin = g[0]!;
  const gMax = g[g.length - 1]!;
  return (gMax + gMin) / 2 + ((gMax - gMin) / 2) * magnetizationAt(xNm);
}

/** Signed weight with the G_parallel reference column. */
export function signedWeights(): number[] {
  const g = quantized5Conductances();
  const gPar = (g[0]! + g[g.length - 1]!) / 2;
  return g.map((x) => x - gPar);
}

export class Quantized5Chain implements NotchChain {
  readonly name = 'quantized-5';
  readonly levels = quantized5Levels;
  constructor(readonly params: Quantized5Params = quantized5Defaults) {}

  row(from: number, drive: number): Float64Array {
    const n = this.levels.length;
    const p = new Float64Array(n);
    const a = Math.abs(drive);
    const { depinFraction: j0, travelSigmaPitch: s } = this.params;
    if (a <= j0) {
      p[from] = 1;
      return p;
    }
    const mean = (Math.sign(drive) * (a - j0)) / (1 - j0); // in pitches
    // Landing on notch k <=> travel in (k - from - 1/2, k - from + 1/2) pitches; the ends collect the tails.
    for (let k = 0; k < n; k++) {
      const lo = k === 0 ? -Infinity : k - from - 0.5;
      const hi = k === n - 1 ? Infinity : k - from + 0.5;
      p[k] = normCdf((hi - mean) / s) - normCdf((lo - mean) / s);
    }
    return p;
  }
}
