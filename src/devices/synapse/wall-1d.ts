// The 1D collective-coordinate domain-wall model (q, phi) of REFERENCES.md, with STT and SOT torques, DMI,
// Gaussian pinning wells at the notches, a weak restoring field from the fixed ends, hard stops at the fixed
// ends, and a thermal field integrated by stochastic Heun (additive noise: Heun = Stratonovich = Ito here).
//
//   (1 + a^2) dq/dt   = Delta (W_A + a W_B)
//   (1 + a^2) dphi/dt = -a W_A + W_B
//   W_A = -(1/2) g0 H_K sin 2phi + (pi/2) g0 H_DMI sin phi + s u / Delta
//   W_B = g0 (H_pin(q) + H_end(q) + H_th) + s (pi/2) g0 H_SH cos phi + s beta u / Delta
//
// with wall type Q = +1 and current sign s. Every noise sample comes from the counter-based Rng passed in.
import type { Rng } from '../../base/rng.ts';
import { E_CHARGE, G_FACTOR, GAMMA0, HBAR, K_B, MU0, MU_B } from '../physics-constants.ts';
import { notchPitch, wallWidth, type SynapseParams } from './params.ts';

/** Everything the integrator needs, precomputed once per parameter set (SI units). */
export interface WallModel {
  alpha: number;
  beta: number;
  delta: number;
  /** gamma0 H_K and gamma0 H_DMI (rad/s). */
  wK: number;
  wDmi: number;
  /** STT: u per ampere (m/s/A); SOT: gamma0 (pi/2) H_SH per ampere (rad/s/A). */
  uPerAmp: number;
  shPerAmp: number;
  /** Pinning: gamma0 * H_pin amplitude factor; well centres, depth, width. */
  notchCentres: Float64Array;
  pinGain: number; // gamma0 * V0 / (2 mu0 Ms w t sigma^2): multiply by (q - q_n) exp(...) (rad/s/m)
  pinSigma: number;
  pitch: number;
  firstNotch: number;
  /** gamma0 * endFieldSlope (rad/s/m) and the track centre. */
  endGain: number;
  centre: number;
  qMin: number;
  qMax: number;
  /** Thermal: std of gamma0 H_th per step (rad/s) at this dt. */
  thermalStd: number;
  dt: number;
  /** Wall width factor at position q for a trapezoid (1 for straight): w(q)/w0. */
  widthRatio: number;
  length: number;
}

export function buildWallModel(p: SynapseParams): WallModel {
  const m = p.material;
  const g = p.geometry;
  const delta = wallWidth(m);
  const w = g.width;
  const t = g.thickness;
  const hK = (t * m.mSat * Math.LN2) / (Math.PI * delta);
  const hDmi = m.dmi / (MU0 * m.mSat * delta);
  // STT: u = g mu_B P J / (2 e Ms) (Eq. 1 of paper 000), J through the free layer.
  const uPerAmp = ((G_FACTOR * MU_B * m.polarization) / (2 * E_CHARGE * m.mSat) / (w * t)) * p.model.driveScale;
  // SOT: H_SH = hbar theta J / (2 mu0 e Ms t), J through the heavy metal.
  const shPerAmp = ((GAMMA0 * (Math.PI / 2) * HBAR * m.spinHallAngle) / (2 * MU0 * E_CHARGE * m.mSat * t) / (w * p.drive.hmThickness)) * p.model.driveScale;
  const pitch = notchPitch(g);
  const firstNotch = g.fixedEnd + pitch / 2;
  const notchCentres = Float64Array.from({ length: g.notchCount }, (_, n) => firstNotch + n * pitch);
  const sigma = p.model.pinWidth ?? g.notchRadius + delta;
  const pinGain = (GAMMA0 * p.model.pinDepth) / (2 * MU0 * m.mSat * w * t * sigma * sigma);
  const dt = p.model.dt;
  // <H_th(t) H_th(t')> = 2 alpha kB T / (gamma0 mu0 Ms Delta w t) delta(t - t'); per step sigma = sqrt(. / dt).
  const thermalVar = (p.model.thermalScale * 2 * m.alpha * K_B * p.temperature) / (GAMMA0 * MU0 * m.mSat * delta * w * t);
  return {
    alpha: m.alpha,
    beta: m.beta,
    delta,
    wK: GAMMA0 * hK,
    wDmi: GAMMA0 * hDmi,
    uPerAmp,
    shPerAmp,
    notchCentres,
    pinGain,
    pinSigma: sigma,
    pitch,
    firstNotch,
    endGain: GAMMA0 * p.model.endFieldSlope,
    centre: g.length / 2,
    qMin: g.fixedEnd,
    qMax: g.length - g.fixedEnd,
    thermalStd: GAMMA0 * Math.sqrt(thermalVar / dt),
    dt,
    widthRatio: g.profile === 'trapezoid' ? g.widthRatio : 1,
    length: g.length,
  };
}

export interface WallState {
  q: number;
  phi: number;
}

/** gamma0 * (pinning + end) field at q (rad/s). Only the two nearest wells matter (pitch >> well width). */
function staticField(M: WallModel, q: number, usePins: boolean): number {
  let f = M.endGain * (M.centre - q);
  if (usePins) {
    const x = (q - M.firstNotch) / M.pitch;
    const n0 = Math.floor(x);
    const inv2s2 = 1 / (2 * M.pinSigma * M.pinSigma);
    const nc = M.notchCentres.length;
    for (let n = n0 - 1; n <= n0 + 2; n++) {
      if (n < 0 || n >= nc) continue;
      const d = q - M.notchCentres[n]!;
      f -= M.pinGain * d * Math.exp(-d * d * inv2s2);
    }
  }
  return f;
}

/**
 * Integrate for `duration` seconds with current `current` (A, signed; positive pushes the wall to +q).
 * `drive` is 'stt' or 'sot'. `pins` false removes the notches (smooth track). Mutates and returns `s`.
 */
export function integrate(M: WallModel, s: WallState, opts: { current: number; duration: number; mechanism: 'stt' | 'sot'; rng: Rng | null; pins?: boolean }): WallState {
  const steps = Math.round(opts.duration / M.dt);
  const dt = M.dt;
  const a = M.alpha;
  const inv = 1 / (1 + a * a);
  const pins = opts.pins ?? true;
  const sttU = opts.mechanism === 'stt' ? opts.current * M.uPerAmp : 0;
  const shW0 = opts.mechanism === 'sot' ? opts.current * M.shPerAmp : 0;
  const uOverD0 = sttU / M.delta;
  // Trapezoid: the current density (hence both torques) falls as 1 / w(q) along a widening track.
  const taper = (M.widthRatio - 1) / M.length;
  const rng = opts.rng;
  const thStd = rng ? M.thermalStd : 0;
  let q = s.q;
  let phi = s.phi;
  for (let i = 0; i < steps; i++) {
    const hth = thStd > 0 ? thStd * rng!.normal() : 0;
    const jScale = taper === 0 ? 1 : 1 / (1 + taper * q);
    const uOverD = uOverD0 * jScale;
    const shW = shW0 * jScale;
    // Stage 1 (Euler predictor).
    let sinP = Math.sin(phi);
    let cosP = Math.cos(phi);
    let wA = -M.wK * sinP * cosP + (Math.PI / 2) * M.wDmi * sinP + uOverD;
    let wB = staticField(M, q, pins) + hth + shW * cosP + M.beta * uOverD;
    const dq1 = M.delta * (wA + a * wB) * inv;
    const dp1 = (-a * wA + wB) * inv;
    let q2 = q + dt * dq1;
    const p2 = phi + dt * dp1;
    if (q2 < M.qMin) q2 = M.qMin;
    else if (q2 > M.qMax) q2 = M.qMax;
    // Stage 2 (trapezoidal corrector, same noise sample).
    sinP = Math.sin(p2);
    cosP = Math.cos(p2);
    wA = -M.wK * sinP * cosP + (Math.PI / 2) * M.wDmi * sinP + uOverD;
    wB = staticField(M, q2, pins) + hth + shW * cosP + M.beta * uOverD;
    const dq2 = M.delta * (wA + a * wB) * inv;
    const dp2 = (-a * wA + wB) * inv;
    q += 0.5 * dt * (dq1 + dq2);
    phi += 0.5 * dt * (dp1 + dp2);
    // The fixed end regions are hard stops (the wall cannot enter a pinned-magnetization region).
    if (q < M.qMin) q = M.qMin;
    else if (q > M.qMax) q = M.qMax;
  }
  s.q = q;
  s.phi = phi;
  return s;
}

/** The equilibrium wall angle at rest: W_A = 0 and stable (DMI picks the Neel chirality; none gives Bloch). */
export function restAngle(M: WallModel): number {
  // W_A = sin phi (-wK cos phi + (pi/2) wDmi) = 0 with d(-a W_A)/dphi < 0: cos phi = (pi/2) wDmi / wK when
  // |(pi/2) H_DMI| < H_K (Bloch-Neel intermediate; Bloch phi = pi/2 without DMI), else the Neel state 0 or pi.
  const c = ((Math.PI / 2) * M.wDmi) / M.wK;
  return Math.acos(c > 1 ? 1 : c < -1 ? -1 : c);
}

/** Sign that makes a positive pulse move the wall to +q for this mechanism (SOT drive depends on chirality). */
export function driveSign(M: WallModel, mechanism: 'stt' | 'sot'): number {
  if (mechanism === 'stt') return 1;
  return Math.cos(restAngle(M)) >= 0 ? 1 : -1;
}

/** Index of the notch nearest to q. */
export function nearestNotch(M: WallModel, q: number): number {
  const n = Math.round((q - M.firstNotch) / M.pitch);
  return n < 0 ? 0 : n >= M.notchCentres.length ? M.notchCentres.length - 1 : n;
}
