// The 1D domain-wall neuron model of paper 003 (Cui et al.), as given by its code (REFERENCES.md):
//   dx = dt [u(x) i - mu_H H - mu_slope H_slope] xi,   xi ~ N(1, sigma)
// u(x) is the spin-transfer drive velocity per unit input in a track whose width grows linearly from w1 to w2 over
// x_th (the current density, hence the drive, falls as 1/w(x)); H_slope is the shape-induced "leak" field that
// pushes the wall back toward the narrow end (wall energy grows with width). Pure functions, no state.
import { E_CHARGE, GAMMA, MU_0, MU_B } from './constants.ts';

export interface DwTrackParams {
  /** Saturation magnetisation, A/m. */
  mSat: number;
  /** Spin polarisation. */
  polarization: number;
  /** Gilbert damping. */
  alpha: number;
  /** Wall width Delta, m. */
  wallWidth: number;
  /** Track width at x = 0 (w1) and at x = x_th (w2), m. w1 = w2 is a straight track. */
  w1: number;
  w2: number;
  /** Free-layer thickness, m. */
  thickness: number;
  /** Firing position x_th, m. */
  xTh: number;
  /** Current per unit input, A. */
  unitCurrent: number;
  /** Euler step, s. */
  dt: number;
  /** Synaptic current decay per step (tau_syn = 0.5 ns at dt = 0.1 ns gives exp(-0.2) ~ 0.8; the code uses 0.8). */
  synDecay: number;
  /** External out-of-plane field H, A/m (0 in the paper's runs). */
  hExt: number;
  /** Relative velocity noise sigma of N(1, sigma), per step. */
  sigma: number;
}

/** Paper 003's parameter table and the code's track (w1 25 nm, w2 105 nm, x_th 200 nm, 50 uA per unit, dt 0.1 ns). */
export const paper003Track: DwTrackParams = {
  mSat: 8e5,
  polarization: 0.7,
  alpha: 0.05,
  wallWidth: 9.7e-9,
  w1: 25e-9,
  w2: 105e-9,
  thickness: 1.5e-9,
  xTh: 200e-9,
  unitCurrent: 50e-6,
  dt: 0.1e-9,
  synDecay: 0.8,
  hExt: 0,
  sigma: 0.3,
};

/** Track width at position x (m); linear taper, held at w2 beyond x_th. */
export function widthAt(p: DwTrackParams, x: number): number {
  const f = Math.min(Math.max(x / p.xTh, 0), 1);
  return p.w1 + (p.w2 - p.w1) * f;
}

/** Spin-transfer drive velocity (m/s) at x for input i (units of unitCurrent): u = (i I / (w d)) mu_B P / (e M_s (1 + alpha^2)). */
export function driveVelocity(p: DwTrackParams, x: number, i: number): number {
  const j = (i * p.unitCurrent) / (widthAt(p, x) * p.thickness);
  return (j * MU_B * p.polarization) / (E_CHARGE * p.mSat * (1 + p.alpha * p.alpha));
}

/**
 * Paper 003's 1D average velocity with both terms, v = gamma Delta mu0 H_eff / alpha + g mu_B P j / (2 e M_sat)
 * (m/s; H_eff in A/m, j in A/m^2, g = 2). The code's drive u(x) is the current term divided by (1 + alpha^2).
 */
export function velocity1D(p: DwTrackParams, hEff: number, j: number, g = 2): number {
  return (GAMMA * p.wallWidth * MU_0 * hEff) / p.alpha + (g * MU_B * p.polarization * j) / (2 * E_CHARGE * p.mSat);
}

/** Field mobility mu_H = mu0 gamma Delta / alpha (m/s per A/m). */
export function fieldMobility(p: DwTrackParams): number {
  return (MU_0 * GAMMA * p.wallWidth) / p.alpha;
}

/** Shape-leak mobility mu_slope = mu0 gamma Delta alpha (m/s per A/m). */
export function slopeMobility(p: DwTrackParams): number {
  return MU_0 * GAMMA * p.wallWidth * p.alpha;
}

/** Fitted shape-induced field of the code: H_slope(r) = 6.0002e4 r^2 + 1.0850e4 r + 1.2288e3 A/m, r = (w2 - w1) / x_th. */
export function slopeField(p: DwTrackParams): number {
  const r = (p.w2 - p.w1) / p.xTh;
  return 6.0002e4 * r * r + 1.085e4 * r + 1.2288e3;
}

/** Velocity (m/s) that does not depend on the input: field term plus shape leak (positive = toward the narrow end). */
export function leakVelocity(p: DwTrackParams): number {
  return fieldMobility(p) * p.hExt + slopeMobility(p) * slopeField(p);
}

/** Deterministic displacement in one step (m) at x for input i, before noise: dt (u(x) i - leak). */
export function meanStep(p: DwTrackParams, x: number, i: number): number {
  return p.dt * (driveVelocity(p, x, i) - leakVelocity(p));
}

/**
 * Precomputed per-track constants for the hot loop: step(x, i, xi) = max(0, x + (c / w(x) * i - leak) * xi).
 * Keeping this in one place means the scalar and vectorised neurons take bit-identical steps.
 */
export interface TrackKernel {
  /** dt * I * mu_B P / (d e M_s (1 + alpha^2)): multiply by i / w(x) for the drive displacement (m^2). */
  driveCoef: number;
  /** dt * leak velocity (m). */
  leakStep: number;
  w1: number;
  dwdx: number;
  w2: number;
  xTh: number;
  synDecay: number;
  sigma: number;
}

export function trackKernel(p: DwTrackParams): TrackKernel {
  return {
    driveCoef: (p.dt * p.unitCurrent * MU_B * p.polarization) / (p.thickness * E_CHARGE * p.mSat * (1 + p.alpha * p.alpha)),
    leakStep: p.dt * leakVelocity(p),
    w1: p.w1,
    dwdx: (p.w2 - p.w1) / p.xTh,
    w2: p.w2,
    xTh: p.xTh,
    synDecay: p.synDecay,
    sigma: p.sigma,
  };
}

/** One Euler step of the wall position with noise factor xi; the wall cannot leave the track at the write end. */
export function kernelStep(k: TrackKernel, x: number, i: number, xi: number): number {
  const w = x >= k.xTh ? k.w2 : k.w1 + k.dwdx * (x > 0 ? x : 0);
  const nx = x + ((k.driveCoef / w) * i - k.leakStep) * xi;
  return nx > 0 ? nx : 0;
}
