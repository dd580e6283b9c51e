// The table cache is keyed by the full parameter set: a recalibrated preset (or any override) gets new tables, never a
// stale entry of the old parameters (issue 17, "a recalibrated preset changes the table cache key").
import { describe, expect, it } from 'vitest';
import { cacheKey } from '../../src/devices/synapse/cache.ts';
import { synapsePreset } from '../../src/devices/synapse/presets.ts';

describe('table cache key', () => {
  it('same parameters, seed and variants give the same key; any change gives another', () => {
    const p = synapsePreset('sot-300k');
    expect(cacheKey(p, 1, 20)).toBe(cacheKey(synapsePreset('sot-300k'), 1, 20));
    expect(cacheKey(p, 2, 20)).not.toBe(cacheKey(p, 1, 20));
    expect(cacheKey(p, 1, 1)).not.toBe(cacheKey(p, 1, 20));
    // The SOT calibration before issue 17's second pass (pinWidth 10 nm, thermalScale 0.18) is another entry.
    const before = { ...p, model: { ...p.model, pinWidth: 10e-9, thermalScale: 0.18 } };
    expect(cacheKey(before, 1, 20)).not.toBe(cacheKey(p, 1, 20));
    // So is the second pass (driveScale 2.78, 30 ramps) against the third (2.77, 120 ramps).
    const second = { ...p, ramps: 30, model: { ...p.model, driveScale: 2.78 } };
    expect(p.ramps).toBe(120);
    expect(cacheKey(second, 1, 20)).not.toBe(cacheKey(p, 1, 20));
    for (const field of ['pinDepth', 'pinWidth', 'thermalScale', 'driveScale', 'readNoise'] as const) {
      const q = { ...p, model: { ...p.model, [field]: (p.model[field] ?? 0) * 1.01 + 1e-12 } };
      expect(cacheKey(q, 1, 20), field).not.toBe(cacheKey(p, 1, 20));
    }
  });
});
