import { describe, expect, it } from 'vitest';
import {
  fMetaArray,
  fMetaLaborieux,
  fMetaTrapezoid,
  growsMagnitude,
  laborieuxUpdate,
  laborieuxUpdateArray,
  linearMeta,
  metaplasticUpdate,
  metaplasticUpdateArray,
  trapezoidMeta,
} from '../../src/devices/shaped/metaplasticity.ts';

describe('metaplastic functions', () => {
  it('paper 001 Eq. 1: 1 at the narrow end, w1/w2 at the wide end, linear in |W_H|, even', () => {
    expect(fMetaTrapezoid(0, 1, 4)).toBe(1);
    expect(fMetaTrapezoid(1, 1, 4)).toBe(0.25);
    expect(fMetaTrapezoid(-1, 1, 4)).toBe(0.25);
    expect(fMetaTrapezoid(0.5, 1, 4)).toBeCloseTo(0.625, 15);
    expect(fMetaTrapezoid(-0.3, 1, 4)).toBe(fMetaTrapezoid(0.3, 1, 4));
    // A straight track (w1 = w2) has no metaplasticity.
    for (const w of [-1, -0.4, 0, 0.7, 1]) expect(fMetaTrapezoid(w, 2, 2)).toBe(1);
  });
  it('Laborieux: 1 - tanh^2(m|W|) is 1 at 0, decreasing, and vanishes for large m|W|', () => {
    expect(fMetaLaborieux(0, 3)).toBe(1);
    expect(fMetaLaborieux(0.5, 3)).toBeLessThan(fMetaLaborieux(0.2, 3));
    expect(fMetaLaborieux(1, 20)).toBeLessThan(1e-12);
    expect(fMetaLaborieux(0.5, 2)).toBeCloseTo(1 - Math.tanh(1) ** 2, 15);
  });
});

describe('metaplastic updates', () => {
  it('delta multiplies updates that grow |W| only; f_meta scales all; weights clip to [-1, 1]', () => {
    expect(growsMagnitude(0.2, 0.1)).toBe(true);
    expect(growsMagnitude(0.2, -0.1)).toBe(false);
    expect(growsMagnitude(0, -0.1)).toBe(true);
    const w = 0.5;
    const f = fMetaTrapezoid(w, 1, 4);
    expect(metaplasticUpdate(w, 0.01, trapezoidMeta)).toBeCloseTo(w + 3 * f * 0.01, 15);
    expect(metaplasticUpdate(w, -0.01, trapezoidMeta)).toBeCloseTo(w - f * 0.01, 15);
    expect(metaplasticUpdate(0.99, 0.5, trapezoidMeta)).toBe(1);
    expect(metaplasticUpdate(-0.99, -0.5, trapezoidMeta)).toBe(-1);
    // Linear synapse with delta 1: a plain clipped SGD step.
    expect(metaplasticUpdate(0.1, -0.05, linearMeta)).toBeCloseTo(0.05, 15);
  });
  it('large |W| is harder to move than small |W| (the consolidation effect)', () => {
    const small = Math.abs(metaplasticUpdate(0.1, -0.02, trapezoidMeta) - 0.1);
    const large = Math.abs(metaplasticUpdate(0.9, -0.02, trapezoidMeta) - 0.9);
    expect(large).toBeLessThan(small);
  });
  it('Laborieux damps only steps toward a sign flip', () => {
    expect(laborieuxUpdate(0.5, 0.1, 2)).toBeCloseTo(0.6, 15);
    expect(laborieuxUpdate(0.5, -0.1, 2)).toBeCloseTo(0.5 - 0.1 * fMetaLaborieux(0.5, 2), 15);
  });
  it('Float32Array versions equal the scalar ones (to float32 rounding)', () => {
    const w0 = Float32Array.from([-1, -0.6, -0.1, 0, 0.2, 0.75, 1]);
    const dw = Float32Array.from([0.3, 0.05, -0.02, 0.01, -0.4, 0.1, -0.2]);
    const a = Float32Array.from(w0);
    metaplasticUpdateArray(a, dw, trapezoidMeta);
    const b = Float32Array.from(w0);
    laborieuxUpdateArray(b, dw, 1.5);
    const f = fMetaArray(w0, trapezoidMeta);
    for (let k = 0; k < w0.length; k++) {
      expect(a[k]).toBe(Math.fround(metaplasticUpdate(w0[k]!, dw[k]!, trapezoidMeta)));
      expect(b[k]).toBe(Math.fround(laborieuxUpdate(w0[k]!, dw[k]!, 1.5)));
      expect(f[k]).toBe(Math.fround(fMetaTrapezoid(w0[k]!, 1, 4)));
    }
    expect(() => metaplasticUpdateArray(a, new Float32Array(2), trapezoidMeta)).toThrow(/dw 2/);
  });
});
