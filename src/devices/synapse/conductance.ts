// Conductance of the DW-MTJ: the MTJ spans the free track between the fixed ends; the wall splits it into a
// parallel region (left of the wall, as the wall moves right G rises) and an antiparallel region, two
// resistors in parallel. Equivalently G = (Gmax + Gmin)/2 + (Gmax - Gmin)/2 <m_z> (paper 002), with
// <m_z> = 2 f - 1 over the MTJ. Device-to-device variation perturbs R_p and TMR (normal, relative sigma).
import { Rng } from '../../base/rng.ts';
import { rParallel, type SynapseParams } from './params.ts';

export interface MtjDevice {
  rP: number;
  tmr: number;
  /** MTJ extent along the track (m). */
  x0: number;
  x1: number;
}

export function nominalDevice(p: SynapseParams): MtjDevice {
  return { rP: rParallel(p), tmr: p.mtj.tmr, x0: p.geometry.fixedEnd, x1: p.geometry.length - p.geometry.fixedEnd };
}

/** Parallel-area fraction for a wall at q (clamped to the MTJ). */
export function parallelFraction(d: MtjDevice, q: number): number {
  const f = (q - d.x0) / (d.x1 - d.x0);
  return f < 0 ? 0 : f > 1 ? 1 : f;
}

/** Two resistors in parallel: the P part of area f has resistance R_p / f, the AP part R_ap / (1 - f). */
export function conductanceTwoResistor(d: MtjDevice, q: number): number {
  const f = parallelFraction(d, q);
  const rAp = d.rP * (1 + d.tmr);
  return f / d.rP + (1 - f) / rAp;
}

/** The <m_z> form of paper 002: G = (Gmax + Gmin)/2 + (Gmax - Gmin)/2 <m_z>. */
export function conductanceMz(d: MtjDevice, mz: number): number {
  const gMax = 1 / d.rP;
  const gMin = 1 / (d.rP * (1 + d.tmr));
  return (gMax + gMin) / 2 + ((gMax - gMin) / 2) * mz;
}

/** Stream of the device-to-device draws (distinct from the ramp streams). */
export const D2D_STREAM = 0xd2d;

/** Device `index` of a population: R_p and TMR scaled by (1 + sigma z), z standard normal from Rng(seed, D2D_STREAM). */
export function perturbedDevice(p: SynapseParams, seed: number, index: number): MtjDevice {
  const base = nominalDevice(p);
  const rng = new Rng(seed, D2D_STREAM).fork(index);
  const zR = rng.normal();
  const zT = rng.normal();
  return { ...base, rP: base.rP * (1 + p.mtj.rPSigma * zR), tmr: base.tmr * (1 + p.mtj.tmrSigma * zT) };
}
