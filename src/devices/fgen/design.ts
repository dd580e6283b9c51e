// Function generators of paper 004 (Siddiqui et al.): N MTJs connected in parallel on one CoFeB/Ta free-layer wire
// whose width grows linearly along its length. A current pulse I gives current density I / (w_k t) under MTJ k, so
// MTJ k switches (P -> AP, its free layer reversed by the wall) once I exceeds j_c w_k t: regularly spaced
// thresholds. The output resistance is the parallel combination; MTJ areas set each step's height (equal areas:
// linear staircase; larger areas at the centre: sigmoid). Switching thresholds vary cycle to cycle (normal).
export interface MtjSpec {
  /** Lateral size, nm. */
  wNm: number;
  lNm: number;
}

export interface FgenDesign {
  name: string;
  mtjs: MtjSpec[];
  /** Wire width under each MTJ, nm (linear taper). */
  wireWidthNm: number[];
  /** Wire thickness (Ta 5 nm + CoFeB 1 nm), nm. */
  wireThicknessNm: number;
  /** Switching current density at the bias field, A/m^2 (paper 004 design value 0.7e11). */
  jc: number;
  /** Relative cycle-to-cycle sd of each switching threshold. */
  thresholdSigma: number;
  /** MTJs already switched by the bias field before the ramp. */
  preSwitched: number[];
  /** Input ramp and the largest current the wire survives, A. */
  rampMax: number;
  rampStep: number;
  breakdown: number;
  /** Resistance-area product in P, Ohm um^2, and TMR (paper 004: ~44 %). */
  raOhmUm2: number;
  tmr: number;
  biasOe: number;
  pulseSeconds: number;
  wireOhm: number;
  cycles: number;
}

const T_NM = 6;
const JC = 0.7e11;
/** Wire width (nm) that puts MTJ k's switching threshold at current i (A). */
const widthFor = (i: number) => (i / (JC * T_NM * 1e-9)) * 1e9;

/** Linear synaptic weight generator: nine 200 x 400 nm MTJs; thresholds 160 + 52 k uA (1 % spread), so the two on the
 *  widest part (524, 576 uA) lie beyond the 500 uA breakdown of the narrowest part: 7 switch, 8 levels. */
export const staircase: FgenDesign = {
  name: 'staircase',
  mtjs: Array.from({ length: 9 }, () => ({ wNm: 200, lNm: 400 })),
  wireWidthNm: Array.from({ length: 9 }, (_, k) => widthFor((160 + 52 * k) * 1e-6)),
  wireThicknessNm: T_NM,
  jc: JC,
  thresholdSigma: 0.01,
  preSwitched: [],
  rampMax: 500e-6,
  rampStep: 5e-6,
  breakdown: 500e-6,
  raOhmUm2: 20,
  tmr: 0.44,
  biasOe: -480,
  pulseSeconds: 8e-9,
  wireOhm: 5200,
  cycles: 75,
};

/** Activation generator: nine MTJs, areas largest at the centre (5th: 600 x 600 nm); thresholds 140 + 52 k uA (3 % spread)
 *  over the 0-620 uA ramp at 200 Oe bias; two MTJs (the 1st and the 5th) are already switched by the bias field. */
export const sigmoid: FgenDesign = {
  name: 'sigmoid',
  mtjs: [
    { wNm: 200, lNm: 200 },
    { wNm: 200, lNm: 300 },
    { wNm: 300, lNm: 400 },
    { wNm: 400, lNm: 500 },
    { wNm: 600, lNm: 600 },
    { wNm: 400, lNm: 500 },
    { wNm: 300, lNm: 400 },
    { wNm: 200, lNm: 300 },
    { wNm: 200, lNm: 200 },
  ],
  wireWidthNm: Array.from({ length: 9 }, (_, k) => widthFor((140 + 52 * k) * 1e-6)),
  wireThicknessNm: T_NM,
  jc: JC,
  thresholdSigma: 0.03,
  preSwitched: [0, 4],
  rampMax: 620e-6,
  rampStep: 5e-6,
  breakdown: 650e-6,
  raOhmUm2: 20,
  tmr: 0.44,
  biasOe: 200,
  pulseSeconds: 8e-9,
  wireOhm: 5200,
  cycles: 75,
};

export const fgenPresets: Record<string, FgenDesign> = { staircase, sigmoid };
export const fgenPresetNames = Object.keys(fgenPresets);

/** Mean switching current of MTJ k, A: j_c w_k t. */
export function switchCurrent(d: FgenDesign, k: number): number {
  return d.jc * d.wireWidthNm[k]! * 1e-9 * d.wireThicknessNm * 1e-9;
}

/** Conductance of MTJ k, S, in P or AP. */
export function mtjConductance(d: FgenDesign, k: number, ap: boolean): number {
  const m = d.mtjs[k]!;
  const areaUm2 = (m.wNm * m.lNm) / 1e6;
  const gP = areaUm2 / d.raOhmUm2;
  return ap ? gP / (1 + d.tmr) : gP;
}
