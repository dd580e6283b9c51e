// The integer two-DW neuron against paper 003's float model: pulses-to-fire statistics, the noise ROM's moments,
// the vectorized twin equal to the scalar definition (and a flipped noise-ROM bit caught), ROM derivation refusals.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { draw32 } from '../../src/base/rng.ts';
import { CoreNeuronArray } from '../../src/accel/neuron-core-array.ts';
import { pulsesToFireOnArray } from '../../src/accel/neuron-pulses-to-fire.ts';
import { paper003Track } from '../../src/devices/neuron/dw-track.ts';
import { neuronPresets } from '../../src/devices/neuron/presets.ts';
import { pulsesToFire } from '../../src/devices/neuron/pulses-to-fire.ts';
import { MODE, NOISE_FRAC, PHASE, neuronArrayDefaults, type NeuronArrayParams } from '../../src/semantics/neuron-params.ts';
import { deriveNeuronRoms, toCode } from '../../src/semantics/neuron-roms.ts';
import { neuronStep, type NeuronState } from '../../src/semantics/neuron-step.ts';
import { NeuronTwin } from '../../src/twin/neuron-twin.ts';

describe('integer neuron vs the float model (paper 003, sigma 0.3)', () => {
  // Tolerances: the paper's (±1 of 12, ±2 of 35) and, tighter, the float model's mean over the same trial count
  // (A within 0.3, B within 0.8 pulses; measured 11.98 vs 11.99 and 35.30 vs 35.07 at seed 1).
  const trials = 1000;
  const a = new CoreNeuronArray('twin', trials, 'dw', 1);
  for (const [s, within] of neuronPresets.paper003!.settings.map((s, i) => [s, [0.3, 0.8][i]!] as const)) {
    it(`setting ${s.name}: pulses to fire ${s.paperMean} ± ${s.tolerance}, within ${within} of the float model`, () => {
      const int = pulsesToFireOnArray(a, s.protocol, 1);
      const flt = pulsesToFire(paper003Track, s.protocol, trials, 1);
      expect(int.misses).toBe(0);
      expect(Math.abs(int.mean - s.paperMean)).toBeLessThanOrEqual(s.tolerance);
      expect(Math.abs(int.mean - flt.mean)).toBeLessThanOrEqual(within);
      expect(Math.abs(int.std - flt.std)).toBeLessThanOrEqual(0.15); // the spread too (0.46 vs 0.45, 0.76 vs 0.75)
    });
  }

  it('the noise ROM is N(1, sigma): mean within 0.001, sd within 2 % of sigma', () => {
    const r = deriveNeuronRoms(neuronArrayDefaults, { sigma: 0.3 });
    const xi = Array.from(r.noise, (v) => v / 2 ** NOISE_FRAC);
    const mean = xi.reduce((s, v) => s + v, 0) / xi.length;
    const sd = Math.sqrt(xi.reduce((s, v) => s + (v - mean) ** 2, 0) / xi.length);
    expect(Math.abs(mean - 1)).toBeLessThan(1e-3);
    expect(Math.abs(sd / 0.3 - 1)).toBeLessThan(0.02);
  });

  it('the drive ROM follows the velocity law: 6.74 / 2.59 / 1.60 nm per step at x = 0 / 100 / 200 nm (paper code 6.7 / 2.6 / 1.6)', () => {
    const p = neuronArrayDefaults;
    const r = deriveNeuronRoms(p, { sigma: 0.3 });
    const nm = (seg: number) => (r.drive[seg]! / 2 ** p.driveFrac) * r.lsbMetres * 1e9;
    expect(nm(0)).toBeCloseTo(6.6, 0); // segment centre 1.6 nm in
    expect(nm(32)).toBeCloseTo(2.59, 1);
    expect(nm(63)).toBeCloseTo(1.61, 1);
  });
});

const paramsArb = fc.record({
  neurons: fc.integer({ min: 1, max: 40 }),
  posBits: fc.integer({ min: 10, max: 16 }),
  segBits: fc.integer({ min: 1, max: 8 }),
  noiseBits: fc.integer({ min: 2, max: 10 }),
  driveFrac: fc.integer({ min: 0, max: 4 }),
});

function scalarRun(p: NeuronArrayParams, roms: ReturnType<typeof deriveNeuronRoms>, seed: number, steps: number, input: (t: number, j: number) => number): number[] {
  const st: NeuronState[] = Array.from({ length: p.neurons }, () => ({ x: 0, c: 0, ph: PHASE.EMPTY }));
  const out: number[] = [];
  for (let t = 0; t < steps; t++) {
    for (let j = 0; j < p.neurons; j++) out.push(neuronStep(p, roms.config, roms.drive, roms.noise, st[j]!, input(t, j), draw32(seed, j, t) >>> (32 - p.noiseBits)));
    for (const s of st) out.push(s.x, s.c, s.ph);
  }
  return out;
}

function twinRun(tw: NeuronTwin, p: NeuronArrayParams, roms: ReturnType<typeof deriveNeuronRoms>, seed: number, steps: number, input: (t: number, j: number) => number): number[] {
  tw.cfg = { ...roms.config };
  tw.drive.set(roms.drive);
  tw.noise.set(roms.noise);
  tw.seed = seed;
  tw.step = 0;
  const inp = new Int32Array(p.neurons);
  const sp = new Uint8Array(p.neurons);
  const out: number[] = [];
  for (let t = 0; t < steps; t++) {
    for (let j = 0; j < p.neurons; j++) inp[j] = input(t, j);
    tw.stepAll(inp, sp);
    out.push(...sp);
    for (let j = 0; j < p.neurons; j++) out.push(tw.x[j]!, tw.c[j]!, tw.ph[j]!);
  }
  return out;
}

// Pulses every 10 steps with per-neuron amplitude, occasionally negative or saturating codes.
const input = (seed: number) => (t: number, j: number) => (t % 10 === 0 ? toCode(0.4 + 0.15 * j) : draw32(seed, 77, t * 64 + j) % 23 === 0 ? (draw32(seed, 78, t) & 0xffff) - 0x8000 : 0);

describe('the twin is the scalar definition, word for word', () => {
  it('over random parameters, modes, thresholds and seeds', () => {
    fc.assert(
      fc.property(paramsArb, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 ** 31 }), fc.double({ min: 0, max: 0.8, noNaN: true }), (q, mode, seed, sigma) => {
        const p = { ...q, lanes: 1, segBits: Math.min(q.segBits, q.posBits), rng: 'parallel' as const };
        const roms = deriveNeuronRoms(p, { sigma, mode, depinUnits: 0.3, ejectUnits: 0.2 });
        const steps = 60;
        // Scalar steps interleave spikes and state per neuron; bring the twin's into the same order.
        const ref = scalarRun(p, roms, seed, steps, input(seed));
        const tw = twinRun(new NeuronTwin(p), p, roms, seed, steps, input(seed));
        const K = p.neurons;
        const reorder: number[] = [];
        for (let t = 0; t < steps; t++) reorder.push(...tw.slice(t * 4 * K, t * 4 * K + 4 * K));
        const refSp: number[] = [];
        const refSt: number[] = [];
        for (let t = 0; t < steps; t++) {
          refSp.push(...ref.slice(t * 4 * K, t * 4 * K + K));
          refSt.push(...ref.slice(t * 4 * K + K, t * 4 * K + 4 * K));
        }
        const twSp: number[] = [];
        const twSt: number[] = [];
        for (let t = 0; t < steps; t++) {
          twSp.push(...reorder.slice(t * 4 * K, t * 4 * K + K));
          twSt.push(...reorder.slice(t * 4 * K + K, t * 4 * K + 4 * K));
        }
        expect(twSp).toEqual(refSp);
        expect(twSt).toEqual(refSt);
      }),
      { numRuns: 40, seed: 14 },
    );
  });

  it('a flipped noise-ROM bit in the twin is caught', () => {
    const p = { ...neuronArrayDefaults, neurons: 32, lanes: 1 };
    const roms = deriveNeuronRoms(p, { sigma: 0.3, mode: MODE.AUTO });
    const ref = scalarRun(p, roms, 5, 200, input(5));
    const tw = new NeuronTwin(p);
    const bad = { ...roms, noise: roms.noise.slice() };
    bad.noise[100] = bad.noise[100]! ^ (1 << 4);
    const got = twinRun(tw, p, bad, 5, 200, input(5));
    const K = p.neurons;
    const stateOf = (a: number[], perStep: number, off: number) => Array.from({ length: 200 }, (_, t) => a.slice(t * perStep + off, t * perStep + off + 3 * K)).flat();
    expect(stateOf(got, 4 * K, K)).not.toEqual(stateOf(ref, 4 * K, K));
  });
});

describe('ROM derivation refuses what cannot be built', () => {
  it('sigma out of range names the field', () => {
    expect(() => deriveNeuronRoms(neuronArrayDefaults, { sigma: 0.95 }, 'p.json')).toThrow(/p\.json: field 'sigma'/);
    expect(() => deriveNeuronRoms(neuronArrayDefaults, { sigma: -0.1 }, 'p.json')).toThrow(/field 'sigma'/);
  });
  it('a drive ROM entry overflowing 16 bits names driveFrac', () => {
    expect(() => deriveNeuronRoms({ ...neuronArrayDefaults, driveFrac: 6 }, {}, 'p.json')).toThrow(/p\.json: field 'driveFrac': drive ROM entry 0/);
  });
});
