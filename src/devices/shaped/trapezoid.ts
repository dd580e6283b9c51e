// Paper 001's trapezoidal SOT synapse (width 1:4, 250 nm narrow end, 50 ns pulses). Voltage-controlled: the
// current density at a notch falls as 1/w(x), so the depinning voltage of notch k grows with the local width,
// V_C(x) = V_narrow w(x) / w1; with the measured V_C of the deep notches this places them along the taper. The
// write direction climbs the thresholds one by one; in the reset direction the first depinning (from the widest
// occupied notch, 3.7 V) exceeds every narrower notch's threshold, so the wall goes back in one shot. Toward the
// narrow end the taper itself pushes the wall (its energy grows with the width: the same shape force as paper 003's
// H_slope leak), so a notch's reverse threshold is below its forward one; 0.8 x forward is assumed (not measured).
// Thresholds are normal; sd from the measured var over 13 cycles (sd = 2 var V_avg / d2(13)).
import { ThresholdChain, type NotchLevel, type Threshold } from './notch-chain.ts';
import { D2, trapezoidPaper as P } from './paper-targets.ts';

/** Depinning voltage at the narrow end, V: puts the reset notch (3.7 V) at 95 % of the track length. */
export const TRAPEZOID_V_NARROW = P.reset.vcAvg / (1 + (P.widthRatio - 1) * 0.95);

/** Fractional position along the taper where the depinning voltage is v (from V_C = V_narrow w(x)/w1). */
export function taperPosition(v: number): number {
  return (v / TRAPEZOID_V_NARROW - 1) / (P.widthRatio - 1);
}

const sdFromVar = (avg: number, varPct: number) => (2 * (varPct / 100) * avg) / D2[P.cycles]!;

/** State 0: wall at the nucleation end (reset, ~100 Ohm; spread assumed 0.5 Ohm). States 1-3: the resolved notches. */
export const trapezoidLevels: NotchLevel[] = [
  { label: 'reset', rMean: P.reset.rApprox, rStd: 0.5 },
  { label: 'notch 1', rMean: P.firstNotch.rMean, rStd: P.firstNotch.rStd },
  { label: 'notch 2', rMean: P.writes[0].rMean, rStd: P.writes[0].rStd },
  { label: 'notch 3', rMean: P.writes[1].rMean, rStd: P.writes[1].rStd },
];

/**
 * Threshold to leave each state forward. State 0 -> 1: the wall leaves the nucleation pad below 1.5 V in every
 * measured cycle (assumed 1.2 V, 3 %). Notch 1 and 2: the measured write V_C. Notch 3 is the last state (the wide
 * end); its entry is the measured reset V_C, the threshold to leave it backward.
 */
export const trapezoidThresholds: Threshold[] = [
  { mean: 1.2, sd: 0.036 },
  { mean: P.writes[0].vcAvg, sd: sdFromVar(P.writes[0].vcAvg, P.writes[0].varPct) },
  { mean: P.writes[1].vcAvg, sd: sdFromVar(P.writes[1].vcAvg, P.writes[1].varPct) },
  { mean: P.reset.vcAvg, sd: sdFromVar(P.reset.vcAvg, P.reset.varPct) },
];

/** Reverse (reset-direction) thresholds: the measured 3.7 V from the last notch, shape-assisted 0.8 x forward elsewhere. */
export const TRAPEZOID_REVERSE_ASSIST = 0.8;
export const trapezoidReverseThresholds: Threshold[] = trapezoidThresholds.map((t, k) =>
  k === trapezoidThresholds.length - 1 ? t : { mean: t.mean * TRAPEZOID_REVERSE_ASSIST, sd: t.sd * TRAPEZOID_REVERSE_ASSIST },
);

export function trapezoidChain(): ThresholdChain {
  return new ThresholdChain('trapezoid', trapezoidLevels, trapezoidThresholds, trapezoidReverseThresholds);
}
