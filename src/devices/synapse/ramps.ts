// One ramp of the paper-000 protocol: the wall starts relaxed at the first notch, then N positive pulses
// (each followed by a relaxation) and N negative pulses; the position after each relaxation is recorded.
// A ramp's randomness comes only from Rng(seed, RAMP_STREAM + ramp index), so any worker computes the same ramp.
import { Rng } from '../../base/rng.ts';
import type { SynapseParams } from './params.ts';
import { buildWallModel, driveSign, integrate, restAngle, type WallModel } from './wall-1d.ts';

/** Stream offset of ramp randomness (device-to-device draws use other streams). */
export const RAMP_STREAM = 0x1000;
/** Stream offset of the read-out noise of ramp r (its own stream: the wall dynamics draw exactly as without it). */
export const READ_STREAM = 0x2000;
/** Temperature at which model.readNoise is given. */
export const READ_NOISE_T0 = 300;

/** Std (m) of the read-out noise at the preset's temperature. */
export function readNoiseStd(p: SynapseParams): number {
  return (p.model.readNoise ?? 0) * Math.sqrt(p.temperature / READ_NOISE_T0);
}

export function pulsesPerHalfRamp(p: SynapseParams): number {
  return p.pulsesPerRamp ?? p.geometry.notchCount - 1;
}

/** Read-out wall positions (m) after the initial relaxation and after each of the 2N pulses: length 2N + 1. */
export function runRamp(p: SynapseParams, seed: number, rampIndex: number, model?: WallModel): Float64Array {
  const M = model ?? buildWallModel(p);
  const rng = p.temperature > 0 ? new Rng(seed, RAMP_STREAM + rampIndex) : null;
  const n = pulsesPerHalfRamp(p);
  const mech = p.drive.mechanism;
  const sign = driveSign(M, mech);
  const s = { q: M.notchCentres[0]!, phi: restAngle(M) };
  const out = new Float64Array(2 * n + 1);
  const readStd = readNoiseStd(p);
  const readRng = readStd > 0 ? new Rng(seed, READ_STREAM + rampIndex) : null;
  const read = (q: number) => (readRng ? q + readStd * readRng.normal() : q);
  integrate(M, s, { current: 0, duration: p.drive.relaxTime, mechanism: mech, rng });
  out[0] = read(s.q);
  for (let i = 0; i < 2 * n; i++) {
    const dir = i < n ? 1 : -1;
    integrate(M, s, { current: dir * sign * p.drive.current, duration: p.drive.pulseDuration, mechanism: mech, rng });
    integrate(M, s, { current: 0, duration: p.drive.relaxTime, mechanism: mech, rng });
    out[i + 1] = read(s.q);
  }
  return out;
}
