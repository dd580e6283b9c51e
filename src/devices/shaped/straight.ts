// Paper 001's straight synapse (350 nm wide, TMR 16 %, five notches). Every notch has nominally the same depinning
// threshold, so the final position is not set by the voltage alone: after depinning, the wall crosses each further
// notch whose (independently drawn) threshold is below the pulse amplitude - one pulse can jump several notches.
// The threshold distribution is not given numerically in the paper; mean 3.0 V and sd 0.6 V are assumed so that the
// five states spread over the 0-5.5 V ramp as in the state map of Fig. 3c.
import { ThresholdChain, type NotchLevel, type Threshold } from './notch-chain.ts';
import { straightPaper as P } from './paper-targets.ts';

export const STRAIGHT_THRESHOLD: Threshold = { mean: 3.0, sd: 0.6 };

export const straightLevels: NotchLevel[] = P.levels.map((l, k) => ({ label: `notch ${k + 1}`, rMean: l.rMean, rStd: l.rStd }));

export function straightChain(threshold: Threshold = STRAIGHT_THRESHOLD): ThresholdChain {
  return new ThresholdChain('straight', straightLevels, straightLevels.map(() => ({ ...threshold })));
}
