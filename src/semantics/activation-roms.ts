// ROM contents of the integer activation generator, derived from paper 004's float design (src/devices/fgen):
// MTJ k's threshold quantiles j_c w_k t (1 + sigma Phi^-1((u + 0.5) / 2^quantBits)) in current codes, the parallel
// resistance of every switched pattern in resistance codes, the breakdown current and the bias field's preMask.
import { InputError } from '../base/errors.ts';
import { mtjConductance, switchCurrent, type FgenDesign } from '../devices/fgen/design.ts';
import { inverseNormalCdf } from './inverse-normal.ts';
import { type ActivationParams, activationSizes, RES_BITS, thrAddress } from './activation-params.ts';
import type { ActivationConfig } from './activation-step.ts';

export interface ActivationRoms {
  thr: Uint16Array;
  res: Uint16Array;
  config: ActivationConfig;
  /** Amperes per current code, Ohms per resistance code. */
  currentLsb: number;
  resLsb: number;
}

export const DEFAULT_CURRENT_LSB = 0.25e-6;

export function deriveActivationRoms(p: ActivationParams, d: FgenDesign, currentLsb = DEFAULT_CURRENT_LSB, where = 'activation ROMs'): ActivationRoms {
  if (d.mtjs.length !== p.mtjs) throw new InputError(`${where}: field 'mtjs': the ${d.name} design has ${d.mtjs.length} MTJs, the core ${p.mtjs}`);
  const S = activationSizes(p);
  const maxCode = 2 ** p.currentBits - 1;
  const code = (i: number) => Math.min(maxCode, Math.max(0, Math.round(i / currentLsb)));
  const thr = new Uint16Array(S.thrDepth).fill(maxCode); // rows of absent MTJs never switch below the maximum
  const q = 1 << p.quantBits;
  for (let k = 0; k < p.mtjs; k++) {
    for (let u = 0; u < q; u++) thr[thrAddress(p, k, u)] = code(switchCurrent(d, k) * (1 + d.thresholdSigma * inverseNormalCdf((u + 0.5) / q)));
  }
  const ohm = (mask: number) => {
    let gs = 0;
    for (let k = 0; k < p.mtjs; k++) gs += mtjConductance(d, k, ((mask >> k) & 1) === 1);
    return 1 / gs;
  };
  const rMax = ohm(2 ** p.mtjs - 1);
  const resLsb = rMax / (2 ** RES_BITS - 1);
  const res = new Uint16Array(S.resDepth);
  for (let mask = 0; mask < 2 ** p.mtjs; mask++) res[mask] = Math.round(ohm(mask) / resLsb);
  let preMask = 0;
  for (const k of d.preSwitched) preMask |= 1 << k;
  return { thr, res, config: { breakdown: code(d.breakdown), preMask }, currentLsb, resLsb };
}
