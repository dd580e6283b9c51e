// Conductance model limits (two resistors in parallel == <m_z> form) and device-to-device variation statistics.
import { describe, expect, it } from 'vitest';
import { conductanceMz, conductanceTwoResistor, nominalDevice, perturbedDevice } from '../../src/devices/synapse/conductance.ts';
import { synapsePreset } from '../../src/devices/synapse/presets.ts';

describe('MTJ conductance', () => {
  const p = synapsePreset('stt-300k');
  const d = nominalDevice(p);
  it('all-parallel gives 1/R_p, all-antiparallel 1/(R_p (1 + TMR)), clamped beyond the MTJ', () => {
    expect(conductanceTwoResistor(d, d.x1)).toBeCloseTo(1 / d.rP, 15);
    expect(conductanceTwoResistor(d, d.x0)).toBeCloseTo(1 / (d.rP * (1 + d.tmr)), 15);
    expect(conductanceTwoResistor(d, d.x1 + 1e-6)).toBe(conductanceTwoResistor(d, d.x1));
    expect(conductanceTwoResistor(d, 0)).toBe(conductanceTwoResistor(d, d.x0));
  });
  it('the two-resistor model equals G = (Gmax+Gmin)/2 + (Gmax-Gmin)/2 <m_z> with <m_z> = 2f - 1, and is linear in q', () => {
    for (let i = 0; i <= 20; i++) {
      const f = i / 20;
      const q = d.x0 + f * (d.x1 - d.x0);
      expect(conductanceTwoResistor(d, q)).toBeCloseTo(conductanceMz(d, 2 * f - 1), 15);
    }
    const g = (f: number) => conductanceTwoResistor(d, d.x0 + f * (d.x1 - d.x0));
    expect(g(0.5) - g(0.25)).toBeCloseTo(g(0.75) - g(0.5), 15);
  });
});

describe('device-to-device variation', () => {
  const p = synapsePreset('sot-300k');
  const base = nominalDevice(p);
  const n = 4000;
  const devs = Array.from({ length: n }, (_, i) => perturbedDevice(p, 11, i));
  const rel = (xs: number[], m: number) => xs.map((x) => x / m - 1);
  const stats = (xs: number[]) => {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    return { mean, sd };
  };
  it('R_p sigma 12.8 % and TMR sigma 6.9 %, unbiased and uncorrelated', () => {
    const r = rel(devs.map((d) => d.rP), base.rP);
    const t = rel(devs.map((d) => d.tmr), base.tmr);
    const sr = stats(r);
    const st = stats(t);
    // Standard error of a sigma estimate with n = 4000 is ~1.1 %: allow 5 %.
    expect(sr.sd / 0.128).toBeGreaterThan(0.95);
    expect(sr.sd / 0.128).toBeLessThan(1.05);
    expect(st.sd / 0.069).toBeGreaterThan(0.95);
    expect(st.sd / 0.069).toBeLessThan(1.05);
    expect(Math.abs(sr.mean)).toBeLessThan(0.01);
    expect(Math.abs(st.mean)).toBeLessThan(0.005);
    const corr = r.reduce((a, x, i) => a + (x - sr.mean) * (t[i]! - st.mean), 0) / n / (sr.sd * st.sd);
    expect(Math.abs(corr)).toBeLessThan(0.06);
  });
  it('is seeded: the same (seed, index) gives the same device, another seed another device', () => {
    expect(perturbedDevice(p, 11, 5)).toEqual(devs[5]);
    expect(perturbedDevice(p, 12, 5)).not.toEqual(devs[5]);
  });
});

describe('trapezoid track', () => {
  it('the parallel-area fraction grows faster where the track is wider (1:4 trapezoid), with the same end points', () => {
    const p = synapsePreset('stt-300k');
    p.geometry.profile = 'trapezoid';
    p.geometry.widthRatio = 4;
    const d = nominalDevice(p);
    const straight = nominalDevice(synapsePreset('stt-300k'));
    const mid = (d.x0 + d.x1) / 2;
    expect(conductanceTwoResistor(d, d.x0)).toBeCloseTo(conductanceTwoResistor(straight, straight.x0), 15);
    expect(conductanceTwoResistor(d, d.x1)).toBeCloseTo(conductanceTwoResistor(straight, straight.x1), 15);
    // The narrow left half holds less than half of the area.
    expect(conductanceTwoResistor(d, mid)).toBeLessThan(conductanceTwoResistor(straight, mid));
  });
});
