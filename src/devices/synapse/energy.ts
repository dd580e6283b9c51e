// Write energy per update pulse: Joule heating I^2 R t in the write path (the free layer for STT, the heavy
// metal under it for SOT), with R = rho L / (w t) over the whole track. Assumptions: resistivities from the
// params (CoFeB 150 uOhm cm, beta-Ta 190 uOhm cm by default), no driver or wiring losses, rectangular pulse.
import type { SynapseParams } from './params.ts';

export function writePathResistance(p: SynapseParams): number {
  const g = p.geometry;
  const meanWidth = g.width * (g.profile === 'trapezoid' ? (1 + g.widthRatio) / 2 : 1);
  return p.drive.mechanism === 'stt'
    ? (p.material.resistivity * g.length) / (meanWidth * g.thickness)
    : (p.drive.hmResistivity * g.length) / (meanWidth * p.drive.hmThickness);
}

/** Energy of one update pulse (J). */
export function energyPerUpdate(p: SynapseParams): number {
  return p.drive.current * p.drive.current * writePathResistance(p) * p.drive.pulseDuration;
}
