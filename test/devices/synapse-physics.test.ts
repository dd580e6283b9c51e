// The 1D (q, phi) wall model: steady-state velocity against Eq. 1 of paper 000, notch pinning, drift on a
// smooth track, one level per pulse at the paper's drive.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/base/rng.ts';
import { E_CHARGE, G_FACTOR, MU_B } from '../../src/devices/physics-constants.ts';
import { synapsePreset } from '../../src/devices/synapse/presets.ts';
import { runRamp } from '../../src/devices/synapse/ramps.ts';
import { buildWallModel, integrate, nearestNotch, restAngle } from '../../src/devices/synapse/wall-1d.ts';

function smoothStt(beta: number) {
  const p = synapsePreset('stt-0k');
  p.material.beta = beta;
  p.model.endFieldSlope = 0;
  return p;
}

describe('1D wall model: notch-free, zero-temperature, steady state', () => {
  it('v = g mu_B P j / (2 e M_sat) when beta = alpha (Eq. 1)', () => {
    const p = smoothStt(0.05);
    const M = buildWallModel(p);
    const s = { q: 200e-9, phi: restAngle(M) };
    const I = 50e-6;
    integrate(M, s, { current: I, duration: 2e-9, mechanism: 'stt', rng: null, pins: false }); // transient
    const q0 = s.q;
    integrate(M, s, { current: I, duration: 10e-9, mechanism: 'stt', rng: null, pins: false });
    const v = (s.q - q0) / 10e-9;
    const j = I / (p.geometry.width * p.geometry.thickness);
    const eq1 = (G_FACTOR * MU_B * p.material.polarization * j) / (2 * E_CHARGE * p.material.mSat);
    expect(v / eq1).toBeGreaterThan(0.995);
    expect(v / eq1).toBeLessThan(1.005);
  });

  it('below the Walker threshold the wall moves at (beta / alpha) u', () => {
    const p = smoothStt(0.1);
    p.material.dmi = -0.5e-3; // DMI raises the threshold so 10 uA is well below it
    const M = buildWallModel(p);
    const s = { q: 200e-9, phi: restAngle(M) };
    const I = 10e-6;
    integrate(M, s, { current: I, duration: 10e-9, mechanism: 'stt', rng: null, pins: false }); // transient
    const q0 = s.q;
    integrate(M, s, { current: I, duration: 10e-9, mechanism: 'stt', rng: null, pins: false });
    const v = (s.q - q0) / 10e-9;
    const u = I * M.uPerAmp;
    expect(v / ((0.1 / 0.05) * u)).toBeCloseTo(1, 2);
  });
});

describe('notches make the wall position non-volatile', () => {
  it('without notches the wall drifts from x = 960 nm toward the centre; with notches it stays (300 K)', () => {
    const p = synapsePreset('stt-300k');
    const M = buildWallModel(p);
    const smooth = { q: 960e-9, phi: restAngle(M) };
    integrate(M, smooth, { current: 0, duration: 50e-9, mechanism: 'stt', rng: null, pins: false });
    const drift = 960e-9 - smooth.q;
    // Paper 000 Fig. 2a: ~200 nm in 50 ns.
    expect(drift).toBeGreaterThan(100e-9);
    expect(drift).toBeLessThan(300e-9);
    const n = nearestNotch(M, 960e-9);
    const pinned = { q: M.notchCentres[n]!, phi: restAngle(M) };
    integrate(M, pinned, { current: 0, duration: 50e-9, mechanism: 'stt', rng: new Rng(7, 0), pins: true });
    expect(nearestNotch(M, pinned.q)).toBe(n);
  });

  /** At 0 K every pulse of a ramp moves the wall by exactly one notch: up on the first half, down on the second. */
  const expectOneNotchPerPulse = (preset: string) => {
    const p = synapsePreset(preset);
    const M = buildWallModel(p);
    const q = runRamp(p, 1, 0, M);
    const n = (q.length - 1) / 2;
    for (let i = 1; i < q.length; i++) {
      const hop = nearestNotch(M, q[i]!) - nearestNotch(M, q[i - 1]!);
      expect(hop).toBe(i <= n ? 1 : -1);
    }
  };

  it('STT at 0 K: every 50 uA x 1 ns pulse moves the wall by exactly one notch', () => expectOneNotchPerPulse('stt-0k'));

  it('SOT at 0 K: every 27 uA x 0.5 ns pulse moves the wall by exactly one notch (paper 000: "at 0 K, SOT behaves similarly to STT")', () => expectOneNotchPerPulse('sot-0k'));

  it('SOT at 300 K is stochastic, with thermal back-hops; STT at 300 K mostly one level per pulse', () => {
    const hops = (name: string) => {
      const p = synapsePreset(name);
      const M = buildWallModel(p);
      const h: number[] = [];
      for (let r = 0; r < 4; r++) {
        const q = runRamp(p, 3, r, M);
        const n = (q.length - 1) / 2;
        // Only the first 15 up-pulses: away from the top end, where hops saturate.
        for (let i = 1; i <= Math.min(15, n); i++) h.push(nearestNotch(M, q[i]!) - nearestNotch(M, q[i - 1]!));
      }
      return h;
    };
    const stt = hops('stt-300k');
    const sot = hops('sot-300k');
    expect(stt.filter((x) => x === 1).length / stt.length).toBeGreaterThan(0.85);
    const sotOnes = sot.filter((x) => x === 1).length / sot.length;
    expect(sotOnes).toBeLessThan(0.7);
    const mean = sot.reduce((a, b) => a + b, 0) / sot.length;
    expect(mean).toBeGreaterThan(0.6);
  });

  it('the thermal field is drawn from the seeded RNG: same seed, same ramp; other seed, other ramp', () => {
    const p = synapsePreset('sot-300k');
    const a = runRamp(p, 5, 2);
    const b = runRamp(p, 5, 2);
    const c = runRamp(p, 6, 2);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('read noise changes what is read, not the dynamics: same notches, offsets of std readNoise, none when 0', () => {
    const p = synapsePreset('stt-300k');
    const M = buildWallModel(p);
    const quiet = { ...p, model: { ...p.model, readNoise: 0 } };
    const unset = { ...p, model: { ...p.model } };
    delete unset.model.readNoise;
    // readNoise 0 and unset are the same ramp (no draw is made), so parameter files from before it stay valid.
    expect(Array.from(runRamp(quiet, 4, 1))).toEqual(Array.from(runRamp(unset, 4, 1)));
    const d: number[] = [];
    for (let r = 0; r < 4; r++) {
      const a = runRamp(quiet, 4, r);
      const b = runRamp(p, 4, r);
      for (let i = 0; i < a.length; i++) {
        expect(nearestNotch(M, b[i]!) + 0).toBe(nearestNotch(M, a[i]!) + 0); // + 0: notch 0 may come back as -0
        d.push(b[i]! - a[i]!);
      }
    }
    const rms = Math.sqrt(d.reduce((x, y) => x + y * y, 0) / d.length);
    expect(rms / p.model.readNoise!).toBeGreaterThan(0.85);
    expect(rms / p.model.readNoise!).toBeLessThan(1.15);
    // It scales as sqrt(T / 300 K): none at 0 K.
    const cold = synapsePreset('stt-0k');
    expect(Array.from(runRamp(cold, 4, 0))).toEqual(Array.from(runRamp({ ...cold, model: { ...cold.model, readNoise: 0 } }, 4, 0)));
  });
});
