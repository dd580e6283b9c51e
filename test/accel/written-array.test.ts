// Paper 001 Fig. 6's weight writing: levels, device choice and write noise of WrittenArray.
import { describe, expect, it } from 'vitest';
import { PAPER001_WRITE, WrittenArray, notchesForBits } from '../../src/accel/written-array.ts';

const { gMin, gMax } = PAPER001_WRITE;
const weights = Float32Array.from({ length: 2000 }, (_, i) => Math.sin(0.77 * i) * (i % 3 === 0 ? 0.2 : 1));

describe('WrittenArray', () => {
  it.each([2, 3, 5])('%i bits without noise: weights on 2^N - 1 signed levels, one device at G_min, both inside the window', (bits) => {
    const L = notchesForBits(bits);
    const a = new WrittenArray(40, 50, { bits, gMin, gMax, sigma: 0, seed: 1 });
    a.program(weights);
    const w = a.readWeights();
    const m = Math.max(...weights.map(Math.abs));
    const { gPlus, gMinus } = a.readConductances();
    const levels = new Set<number>();
    for (let k = 0; k < w.length; k++) {
      const q = (w[k]! / m) * (L - 1);
      expect(Math.abs(q - Math.round(q))).toBeLessThan(1e-3);
      expect(Math.abs(w[k]! - weights[k]!)).toBeLessThanOrEqual(m / (L - 1) / 2 + 1e-6); // nearest level
      levels.add(Math.round(q));
      expect(Math.min(gPlus[k]!, gMinus[k]!)).toBeCloseTo(gMin, 9);
      expect(Math.max(gPlus[k]!, gMinus[k]!)).toBeLessThanOrEqual(gMax * (1 + 1e-6));
      if (Math.round(q) !== 0) expect(gPlus[k]! > gMinus[k]!).toBe(weights[k]! > 0);
    }
    expect(levels.size).toBe(2 * L - 1);
  });

  it('write noise: every device off its level by N(0, sigma), the same bytes for the same seed, other bytes for another', () => {
    const sigma = 10 * PAPER001_WRITE.sigma;
    const clean = new WrittenArray(40, 50, { bits: 4, gMin, gMax, sigma: 0, seed: 1 });
    clean.program(weights);
    const noisy = new WrittenArray(40, 50, { bits: 4, gMin, gMax, sigma, seed: 1 });
    noisy.program(weights);
    const c = clean.readConductances();
    const n = noisy.readConductances();
    const err = [...n.gPlus.map((g, k) => g - c.gPlus[k]!), ...n.gMinus.map((g, k) => g - c.gMinus[k]!)];
    const mean = err.reduce((a, b) => a + b, 0) / err.length;
    const sd = Math.sqrt(err.reduce((a, b) => a + (b - mean) ** 2, 0) / err.length);
    expect(Math.abs(mean)).toBeLessThan(0.1 * sigma);
    expect(Math.abs(sd / sigma - 1)).toBeLessThan(0.05);
    const again = new WrittenArray(40, 50, { bits: 4, gMin, gMax, sigma, seed: 1 });
    again.program(weights);
    expect(again.readConductances().gPlus).toEqual(n.gPlus);
    const other = new WrittenArray(40, 50, { bits: 4, gMin, gMax, sigma, seed: 2 });
    other.program(weights);
    expect(other.readConductances().gPlus).not.toEqual(n.gPlus);
    // The checker catches a write that ignores sigma.
    expect(Math.abs(sd / (sigma / 2) - 1)).toBeGreaterThan(0.05);
  });

  it('refuses training and fewer than 2 bits', () => {
    expect(() => new WrittenArray(2, 2, { bits: 1, gMin, gMax, sigma: 0, seed: 1 })).toThrow(/bits must be an integer >= 2/);
    expect(() => new WrittenArray(2, 2, { bits: 3, gMin, gMax, sigma: 0, seed: 1 }).update()).toThrow(/no update/);
  });
});
