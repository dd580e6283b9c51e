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
  /** Track width at the right end over the left end (1 = straight): the area left of the wall is integral w dx. */
  widthRatio: number;
  length: number;
}

export function nominalDevice(p: SynapseParams): MtjDevice {
  return { rP: rParallel(p), tmr: p.mtj.tmr, x0: p.geometry.fixedEnd, x1: p.geometry.length - p.geometry.fixedEnd, widthRatio: p.geometry.profile === 'trapezoid' ? p.geometry.widthRatio : 1, length: p.geometry.length };
}

/** Parallel-area fraction for a wall at q (clamped to the MTJ). */
export function parallelFraction(d: MtjDevice, q: number): number {
  const qc = q < d.x0 ? d.x0 : q > d.x1 ? d.x1 : q;
  if (d.widthRatio === 1) return (qc - d.x0) / (d.x1 - d.x0);
  // w(x) = w0 (1 + k x): area from x0 to q is w0 [(x - x0) + k (x^2 - x0^2) / 2].
  const k = (d.widthRatio - 1) / d.length;
  const area = (x: number) => x + (k * x * x) / 2;
  return (area(qc) - area(d.x0)) / (area(d.x1) - area(d.x0));
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
