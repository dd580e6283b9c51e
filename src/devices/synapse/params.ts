// Parameters of the notched DW-MTJ synapse (paper 000): geometry, materials, drive, temperature, MTJ,
// device-to-device variation and the few model calibration constants. A user's params JSON is validated by
// `synapseParamsSchema` (field-named zod errors) and then by `checkPhysics` (physically meaningless values),
// both as InputError naming the parameter.
import { z, validate } from '../../base/json-input.ts';
import { InputError } from '../../base/errors.ts';
import { MU0 } from '../physics-constants.ts';

const pos = () => z.number().positive();
const nonneg = () => z.number().nonnegative();

export const geometrySchema = z.strictObject({
  /** Free-layer track length (m). */
  length: pos(),
  /** Track width at the left end (m). */
  width: pos(),
  /** Width profile: straight, or a trapezoid widening linearly to width * widthRatio at the right end. */
  profile: z.enum(['straight', 'trapezoid']),
  widthRatio: pos(),
  /** Free-layer thickness (m). */
  thickness: pos(),
  /** Number of notches (= conductance levels). */
  notchCount: z.number().int().min(2),
  /** Notch radius (m): sets the width of each pinning well. */
  notchRadius: pos(),
  /** Fixed (pinned-magnetization) end regions (m): the wall cannot enter them. */
  fixedEnd: nonneg(),
});

export const materialSchema = z.strictObject({
  /** Exchange stiffness (J/m). */
  aEx: pos(),
  /** Saturation magnetization (A/m). */
  mSat: pos(),
  /** Uniaxial perpendicular anisotropy (J/m^3). */
  kU: pos(),
  /** Gilbert damping. */
  alpha: pos(),
  /** Non-adiabatic STT parameter. */
  beta: nonneg(),
  /** Spin polarization. */
  polarization: z.number().min(0).max(1),
  /** Spin Hall angle of the heavy metal. */
  spinHallAngle: z.number(),
  /** Interfacial DMI constant (J/m^2). */
  dmi: z.number(),
  /** Free-layer resistivity (Ohm m), for the STT write-path resistance. */
  resistivity: pos(),
});

export const driveSchema = z.strictObject({
  mechanism: z.enum(['stt', 'sot']),
  /** Pulse amplitude (A). */
  current: pos(),
  /** Pulse duration (s). */
  pulseDuration: pos(),
  /** Relaxation time after each pulse before the position is read (s). */
  relaxTime: nonneg(),
  /** Heavy-metal thickness (m) and resistivity (Ohm m): the SOT current flows there. */
  hmThickness: pos(),
  hmResistivity: pos(),
});

export const mtjSchema = z.strictObject({
  /** Parallel-state resistance of the whole MTJ (Ohm). Give either rP or ra (resistance-area, Ohm m^2). */
  rP: pos().optional(),
  ra: pos().optional(),
  /** Tunnel magnetoresistance ratio (R_ap - R_p) / R_p. */
  tmr: z.number(),
  /** Device-to-device variation: relative sigma of R_p and TMR (normal). */
  rPSigma: nonneg(),
  tmrSigma: nonneg(),
});

export const modelSchema = z.strictObject({
  /** Depth of each notch's pinning well (J). */
  pinDepth: nonneg(),
  /** Width (sigma, m) of each notch's Gaussian pinning well; defaults to notch radius + wall width. */
  pinWidth: pos().optional(),
  /** Restoring field toward the track centre from the fixed ends (A/m per m of offset): drift without notches. */
  endFieldSlope: nonneg(),
  /** Scales the thermal-field variance (the 1D-model conventions differ by factors of 2: calibrated). */
  thermalScale: nonneg(),
  /** Scales the drive torque (calibration of the 1D model against the micromagnetic step of one notch). */
  driveScale: pos(),
  /** Integration step (s). */
  dt: pos(),
  /**
   * Read-out noise (m, wall-position equivalent, at 300 K; scales as sqrt(T / 300 K), none at 0 K): the MTJ reads the
   * free layer's mean m_z, which thermal spin waves make fluctuate around the value the wall position gives. The
   * collective coordinates (q, phi) have no such modes, so without it the model's in-well jitter and its hop errors
   * come from the one thermal field and cannot be set apart (REPRODUCTION.md, "Sub-notch response"). Independent
   * per reading; it changes the recorded conductance, not the dynamics. Default 0.
   */
  readNoise: nonneg().optional(),
});

export const synapseParamsSchema = z.strictObject({
  geometry: geometrySchema,
  material: materialSchema,
  drive: driveSchema,
  /** Temperature (K). */
  temperature: nonneg(),
  mtj: mtjSchema,
  model: modelSchema,
  /** Ramps per table (paper: 30) and pulses per half ramp (up, then the same number down). */
  ramps: z.number().int().min(1),
  pulsesPerRamp: z.number().int().min(1).optional(),
});

export type SynapseParams = z.infer<typeof synapseParamsSchema>;

/** Derived quantities used by the model and by the checks. */
export function wallWidth(m: SynapseParams['material']): number {
  // Delta = sqrt(A / K_eff), K_eff = K_u - 0.45 mu0 Ms^2 (thin-film demag; 9.70 nm for paper 000's CoFeB).
  const kEff = m.kU - 0.45 * MU0 * m.mSat * m.mSat;
  return Math.sqrt(m.aEx / kEff);
}

export function notchPitch(g: SynapseParams['geometry']): number {
  return (g.length - 2 * g.fixedEnd) / g.notchCount;
}

export function rParallel(p: SynapseParams): number {
  if (p.mtj.rP !== undefined) return p.mtj.rP;
  const area = p.geometry.width * (1 + (p.geometry.profile === 'trapezoid' ? p.geometry.widthRatio - 1 : 0) / 2) * (p.geometry.length - 2 * p.geometry.fixedEnd);
  return p.mtj.ra! / area;
}

/** Reject physically meaningless parameter sets, naming the parameter. */
export function checkPhysics(p: SynapseParams, where: string): SynapseParams {
  const bad = (field: string, why: string): never => {
    throw new InputError(`${where}: field '${field}': ${why}`);
  };
  const m = p.material;
  const kEff = m.kU - 0.45 * MU0 * m.mSat * m.mSat;
  if (!(kEff > 0)) bad('material.kU', `effective anisotropy K_u - 0.45 mu0 Ms^2 = ${kEff.toExponential(3)} J/m^3 must be positive (perpendicular magnetization)`);
  const delta = wallWidth(m);
  const dwWidth = Math.PI * delta;
  const g = p.geometry;
  if (2 * g.fixedEnd >= g.length) bad('geometry.fixedEnd', `fixed end regions (2 x ${g.fixedEnd}) leave no free track of length ${g.length}`);
  const pitch = notchPitch(g);
  if (pitch < dwWidth) bad('geometry.notchCount', `notch pitch ${(pitch * 1e9).toFixed(1)} nm is below the wall width pi*sqrt(A/K) = ${(dwWidth * 1e9).toFixed(1)} nm: the wall would span two notches`);
  if (g.notchRadius * 2 >= g.width) bad('geometry.notchRadius', `notch radius ${g.notchRadius} leaves no track across width ${g.width}`);
  if (g.notchRadius * 2 >= pitch) bad('geometry.notchRadius', `notches of radius ${g.notchRadius} overlap at pitch ${pitch.toExponential(3)}`);
  if (g.profile === 'straight' && g.widthRatio !== 1) bad('geometry.widthRatio', 'must be 1 for a straight track');
  if (!(p.mtj.tmr > 0)) bad('mtj.tmr', `TMR must be > 0 (got ${p.mtj.tmr})`);
  if ((p.mtj.rP === undefined) === (p.mtj.ra === undefined)) bad('mtj.rP', 'give exactly one of mtj.rP (Ohm) or mtj.ra (Ohm m^2)');
  if (p.model.dt > p.drive.pulseDuration / 20) bad('model.dt', `integration step ${p.model.dt} s must resolve the pulse (<= pulseDuration / 20)`);
  if (p.model.dt > 5e-12) bad('model.dt', `integration step ${p.model.dt} s is too coarse for wall precession (<= 5e-12 s)`);
  if (p.mtj.rPSigma >= 0.5 || p.mtj.tmrSigma >= 0.5) bad(p.mtj.rPSigma >= 0.5 ? 'mtj.rPSigma' : 'mtj.tmrSigma', 'relative sigma must be < 0.5 (resistances would go negative)');
  return p;
}

/** Validate an untrusted value (e.g. a parsed params JSON) fully. */
export function parseSynapseParams(value: unknown, where: string): SynapseParams {
  return checkPhysics(validate(synapseParamsSchema, value, where), where);
}
