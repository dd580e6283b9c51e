import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/base/rng.ts';
import { Quantized5Chain, sampleNext, shapedPresetNames, shapedRamp, straightChain, ThresholdChain, transitionMatrix, trapezoidChain } from '../../src/devices/shaped/index.ts';
import { quantized5Paper, straightPaper, trapezoidPaper } from '../../src/devices/shaped/paper-targets.ts';
import { conductanceFromMz, quantized5Conductances, signedWeights } from '../../src/devices/shaped/quantized5.ts';
import { runStraight, runTrapezoid } from '../../src/devices/shaped/ramps.ts';

const tmp = mkdtempSync(join(tmpdir(), 'dwtwin-shaped-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('trapezoid (paper 001)', () => {
  const P = trapezoidPaper;
  it('three write levels, write V_C and the reset V_C fall within the measured spreads; reset is one shot', () => {
    for (const seed of [1, 2, 3]) {
      const run = runTrapezoid(trapezoidChain(), P.cycles, seed);
      expect(run.firstNotchBy).toBeLessThanOrEqual(P.firstNotch.reachedBy);
      expect(Math.abs(run.levels[1]!.mean - P.firstNotch.rMean)).toBeLessThanOrEqual(P.firstNotch.rStd);
      P.writes.forEach((w, k) => {
        expect(Math.abs(run.writeVc[k]!.avg - w.vcAvg)).toBeLessThanOrEqual((w.varPct / 100) * w.vcAvg);
        expect(Math.abs(run.levels[k + 2]!.mean - w.rMean)).toBeLessThanOrEqual(w.rStd);
      });
      expect(Math.abs(run.resetVc.avg - P.reset.vcAvg)).toBeLessThanOrEqual((P.reset.varPct / 100) * P.reset.vcAvg);
      expect(run.cycles.every((c) => c.resetOneShot)).toBe(true);
    }
  });
  it('the switching-voltage variation var = (max - min)/2/avg, averaged over repeats of the 13-cycle experiment, matches the paper', () => {
    const chain = trapezoidChain();
    const sums = [0, 0, 0];
    const repeats = 100;
    for (let k = 0; k < repeats; k++) {
      const run = runTrapezoid(chain, P.cycles, 100 + k);
      sums[0] += run.writeVc[0]!.varPct;
      sums[1] += run.writeVc[1]!.varPct;
      sums[2] += run.resetVc.varPct;
    }
    const paper = [P.writes[0].varPct, P.writes[1].varPct, P.reset.varPct];
    sums.forEach((s, k) => expect(Math.abs(s / repeats - paper[k]!) / paper[k]!).toBeLessThan(0.2));
  });
  it('the one-shot check catches a device whose last notch depins below the one before it', () => {
    const base = trapezoidChain();
    const bad = new ThresholdChain('bad', base.levels, [base.thresholds[0]!, base.thresholds[1]!, base.thresholds[2]!, { mean: 3.3, sd: 0.01 }]);
    const run = runTrapezoid(bad, P.cycles, 1);
    expect(run.cycles.some((c) => !c.resetOneShot)).toBe(true);
  });
  it('write pulses only move the wall forward, reset pulses only back', () => {
    const c = trapezoidChain();
    for (let s = 0; s < 4; s++) {
      const fw = c.row(s, 3.6);
      const bw = c.row(s, -3.6);
      for (let j = 0; j < s; j++) expect(fw[j]).toBe(0);
      for (let j = s + 1; j < 4; j++) expect(bw[j]).toBe(0);
    }
  });
});

describe('straight (paper 001)', () => {
  it('the five levels lie within ±3 sigma of the measured ones and multi-notch jumps occur', () => {
    const run = runStraight(straightChain(), straightPaper.cycles, 500, 1);
    straightPaper.levels.forEach((l, k) => {
      if (run.levels[k]!.n > 0) expect(Math.abs(run.levels[k]!.mean - l.rMean)).toBeLessThanOrEqual(3 * l.rStd);
    });
    expect(run.levels[0]!.n).toBeGreaterThan(0);
    expect(run.levels[4]!.n).toBeGreaterThan(0);
    expect(run.multiJumps).toBeGreaterThan(0);
    // The state map is a probability distribution at every voltage.
    for (const row of run.map.prob) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
  it('the jump counter sees none when thresholds rise steeply from notch to notch (trapezoid-like)', () => {
    const levels = straightChain().levels;
    const rising = new ThresholdChain('rising', levels, [1, 2, 3, 4, 5].map((m) => ({ mean: m, sd: 0.01 })));
    expect(runStraight(rising, 10, 200, 1).multiJumps).toBe(0);
  });
  it('a single pulse can cross several notches: P(jump >= 2 | depinned) > 0 in the chain', () => {
    const row = straightChain().row(0, 3.0);
    expect(row[2]! + row[3]! + row[4]!).toBeGreaterThan(0.1);
  });
});

describe('quantized-5 (paper 002)', () => {
  const P = quantized5Paper;
  it('transition matrix rows sum to 1 for any drive and agree with sampling', () => {
    const chain = new Quantized5Chain();
    for (const d of [-2, -1, -0.5, 0, 0.3, 0.7, 1, 1.5, 3]) for (const row of transitionMatrix(chain, d)) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const rng = new Rng(3, 0);
    const counts = new Array(5).fill(0);
    for (let k = 0; k < 20000; k++) counts[sampleNext(chain, 1, 1, rng)]++;
    const row = chain.row(1, 1);
    counts.forEach((c, j) => expect(Math.abs(c / 20000 - row[j]!)).toBeLessThan(0.01));
    expect(Array.from(chain.row(2, 0.2))).toEqual([0, 0, 1, 0, 0]); // below depinning nothing moves
  });
  it('Table VIII: conductances and signed weights with the G_parallel column', () => {
    const g = quantized5Conductances();
    const w = signedWeights();
    P.gE5.forEach((gp, k) => expect(Math.abs(g[k]! * 1e5 - gp)).toBeLessThanOrEqual(0.1));
    P.signedE5.forEach((wp, k) => expect(Math.abs(w[k]! * 1e5 - wp)).toBeLessThanOrEqual(0.2));
    // Eq. 1 reproduces the end states exactly and is linear in the wall position.
    expect(conductanceFromMz(60)).toBeCloseTo(g[0]!, 15);
    expect(conductanceFromMz(380)).toBeCloseTo(g[4]!, 15);
    expect(conductanceFromMz(220)).toBeCloseTo((g[0]! + g[4]!) / 2, 15);
  });
});

describe('shapedRamp (contract with dwtwin device ramp)', () => {
  it('every preset passes its targets, writes JSON + SVG, and the same seed gives identical bytes', async () => {
    for (const preset of shapedPresetNames) {
      const a = await shapedRamp(preset, { seed: 7, outDir: join(tmp, preset, 'a') });
      await shapedRamp(preset, { seed: 7, outDir: join(tmp, preset, 'b') });
      expect((a.json as { pass: boolean }).pass).toBe(true);
      expect(a.text).toMatch(/paper/);
      expect(a.text).not.toMatch(/FAIL/);
      const ja = readFileSync(join(tmp, preset, 'a', 'ramp.json'));
      expect(ja.equals(readFileSync(join(tmp, preset, 'b', 'ramp.json')))).toBe(true);
    }
  });
  it('an unknown preset is an InputError', async () => {
    await expect(shapedRamp('hexagon', { seed: 1, outDir: join(tmp, 'x') })).rejects.toThrow(/--preset: expected one of trapezoid, straight, quantized-5/);
  });
});
