// Sub-notch response: the training's own device step played at every notch and quantile, checked against tables
// whose answer is known in closed form.
import { describe, expect, it } from 'vitest';
import { subNotchResponse } from '../../src/accel/sub-notch-response.ts';
import type { DeltaGTable, DeltaGTablePair } from '../../src/devices/synapse/lut.ts';

/** G in 1..2 (11 notches: 0.1 apart); every bin's quantiles take the given values (16 quantiles: equal draw weights). */
function table(direction: 'increasing' | 'decreasing', values: (k: number) => number): DeltaGTable {
  const nb = 21;
  const nq = 16;
  const gBins = Float64Array.from({ length: nb }, (_, j) => 1 + j / (nb - 1));
  const cdf = Float64Array.from({ length: nq }, (_, k) => k / (nq - 1));
  const sign = direction === 'increasing' ? 1 : -1;
  const dG = new Float64Array(nq * nb);
  for (let k = 0; k < nq; k++) for (let j = 0; j < nb; j++) dG[k * nb + j] = sign * values(k);
  return { direction, gBins, cdf, dG, header: 'synthetic' };
}
const pair = (values: (k: number) => number): DeltaGTablePair => ({ increasing: table('increasing', values), decreasing: table('decreasing', values) });

describe('sub-notch response', () => {
  it('a deterministic one-notch device: nothing below half a notch, then whole notches', () => {
    for (const d of subNotchResponse(pair(() => 0.1), 11, [0.2, 0.45, 0.55, 1])) {
      expect(d.thresholdMedian).toBeCloseTo(0.5, 6);
      expect(d.thresholdMin).toBeCloseTo(0.5, 6);
      expect(d.points.map((p) => +p.drift.toFixed(9))).toEqual([0, 0, 1, 1]);
      expect(d.points.map((p) => +p.std.toFixed(6))).toEqual([0, 0, 0, 0]);
      expect(d.points.every((p) => p.pWrong === 0)).toBe(true);
    }
  });

  it('a two-valued device (0 or 2 notches per pulse) rounds stochastically: move r ± √r notches', () => {
    const [inc, dec] = subNotchResponse(pair((k) => (k < 8 ? 0 : 0.2)), 11, [0.1, 0.2, 1]);
    for (const d of [inc!, dec!]) {
      // r + √r = 1/2 at r = ((√3 − 1) / 2)²
      expect(d.thresholdMin).toBeCloseTo(((Math.sqrt(3) - 1) / 2) ** 2, 6);
      const [p01, p02, p1] = d.points;
      expect(p01!.drift).toBe(0); // 0.1 + 0.316 < 1/2
      expect(p02!.drift).toBeCloseTo(0.5, 12); // 0.2 + 0.447 rounds to 1, 0.2 − 0.447 to 0
      expect(p02!.std).toBeCloseTo(0.5, 12);
      expect(p02!.pRight).toBeCloseTo(0.5, 12);
      // r = 1: 2 or 0 notches; from the notch next to the end the 2-notch move is cut to 1 (as in training): 9.5 / 10
      expect(p1!.drift).toBeCloseTo(0.95, 12);
      expect(p1!.pWrong).toBe(0);
    }
  });

  it('a device with back-hops moves against the request with their probability', () => {
    // 4 of 16 quantiles step one notch back, the rest 1.5 notches forward: mean 0.875 notch per pulse.
    const [inc] = subNotchResponse(pair((k) => (k < 4 ? -0.1 : 0.15)), 11, [1]);
    expect(inc!.points[0]!.pWrong).toBeGreaterThan(0.2);
    expect(inc!.points[0]!.pWrong).toBeLessThanOrEqual(0.25 + 1e-12);
  });
});
