// Metrics: checked on synthetic tables with known answers (so an injected fault shows), on CrossSim's
// reference tables against paper 000's Table I, and dwtwin's own generated tables against the reference tables.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeltaGTable, DeltaGTablePair, PulseDirection } from '../../src/devices/synapse/lut.ts';
import { readLutFile } from '../../src/devices/synapse/lut-io.ts';
import { fitNonlinearity, pairC2C, rampPulsesFor, tableMetrics } from '../../src/devices/synapse/metrics.ts';
import { fidelityChecks, paperTableI, type FidelityCheck } from '../../src/devices/synapse/report.ts';
import { seedVerdict, summarizeSeeds } from '../../src/devices/synapse/seed-summary.ts';
import { generateSynapse } from '../../src/devices/synapse/generate.ts';
import { synapsePreset } from '../../src/devices/synapse/presets.ts';
import { energyPerUpdate } from '../../src/devices/synapse/energy.ts';
import { subNotchResponse } from '../../src/accel/sub-notch-response.ts';
import { describeWith, sharedDir } from '../support/requirements.ts';

/** Synthetic table: ΔG(G, u) = sign * a exp(-nu x') + spread * (u - 0.5), x' = x for increasing, 1 - x for decreasing. */
function synth(direction: PulseDirection, nu: number, spread: number, nb = 101, nq = 101): DeltaGTable {
  const gBins = Float64Array.from({ length: nb }, (_, j) => 1e-4 + (1e-4 * j) / (nb - 1));
  const cdf = Float64Array.from({ length: nq }, (_, k) => k / (nq - 1));
  const dG = new Float64Array(nb * nq);
  const a = 1e-4 / 30;
  for (let k = 0; k < nq; k++)
    for (let j = 0; j < nb; j++) {
      const x = j / (nb - 1);
      const mag = a * Math.exp(-nu * (direction === 'increasing' ? x : 1 - x));
      dG[k * nb + j] = (direction === 'increasing' ? mag : -mag) + spread * (cdf[k]! - 0.5);
    }
  return { direction, gBins, cdf, dG, header: 'synthetic' };
}

describe('metrics on synthetic data with known answers', () => {
  it('fitNonlinearity recovers nu of an exact saturating ramp, 0 for a linear one, and its sign', () => {
    for (const nu of [-2, -0.5, 0, 0.3, 1.5, 4]) {
      const g = Array.from({ length: 31 }, (_, i) => 5 + 3 * (Math.abs(nu) < 1e-9 ? i / 30 : (1 - Math.exp((-nu * i) / 30)) / (1 - Math.exp(-nu))));
      expect(fitNonlinearity(g)).toBeCloseTo(nu, 3);
    }
  });
  it('a linear, noise-free table pair has nonlinearity ~0 and c2c 0; a saturating one is positive/negative', () => {
    const lin: DeltaGTablePair = { increasing: synth('increasing', 0, 0), decreasing: synth('decreasing', 0, 0) };
    const m = tableMetrics(lin, 1);
    expect(Math.abs(m.nonlinearityPlus)).toBeLessThan(0.05);
    expect(Math.abs(m.nonlinearityMinus)).toBeLessThan(0.05);
    expect(m.c2cPercent).toBeLessThan(1e-9);
    // Steps shrink toward high G when increasing (nu > 0); when decreasing, steps shrink toward low G:
    // under the paper's convention the decreasing side then reports a negative number.
    const sat: DeltaGTablePair = { increasing: synth('increasing', 1, 0), decreasing: synth('decreasing', 1, 0) };
    const s = tableMetrics(sat, 1);
    expect(s.nonlinearityPlus).toBeGreaterThan(0.6);
    expect(s.nonlinearityMinus).toBeLessThan(-0.6);
  });
  it('c2c equals the known spread: uniform spread w has std w / sqrt(12)', () => {
    const w = 2e-6;
    const pair: DeltaGTablePair = { increasing: synth('increasing', 0, w), decreasing: synth('decreasing', 0, w) };
    const expected = w / Math.sqrt(12) / 1e-4;
    expect(pairC2C(pair) / expected).toBeCloseTo(1, 3);
  });
  it('energy per update is I^2 R t of the write path', () => {
    const p = synapsePreset('stt-300k');
    const r = (p.material.resistivity * p.geometry.length) / (p.geometry.width * p.geometry.thickness);
    expect(energyPerUpdate(p)).toBeCloseTo(p.drive.current ** 2 * r * p.drive.pulseDuration, 25);
  });
  it('a replayed ramp has the fewest pulses that cross the range, ceil(range / mean step); an exact integer stays', () => {
    expect(rampPulsesFor(30)).toBe(30);
    expect(rampPulsesFor(30 + 1e-9)).toBe(30);
    expect(rampPulsesFor(30.3)).toBe(31);
    expect(rampPulsesFor(30.7)).toBe(31);
    expect(rampPulsesFor(0.5)).toBe(2);
    // A table whose range is 30.3 mean steps: round() would replay 30 pulses, which end short of the top on average.
    const t = (d: PulseDirection) => {
      const x = synth(d, 0, 0);
      return { ...x, dG: x.dG.map((v) => (v * 30) / 30.3) };
    };
    const m = tableMetrics({ increasing: t('increasing'), decreasing: t('decreasing') }, 1);
    expect(m.rampPulses).toBe(31);
    expect(tableMetrics({ increasing: synth('increasing', 0, 0), decreasing: synth('decreasing', 0, 0) }, 1).rampPulses).toBe(30);
  });
  it('the fidelity checker flags values outside the targets (injected fault)', () => {
    const ok = fidelityChecks({ nonlinearityPlus: 0.07, nonlinearityMinus: -0.15, c2cPercent: 0.77 }, 'stt');
    expect(ok.every((c) => c.pass)).toBe(true);
    const bad = fidelityChecks({ nonlinearityPlus: 0.2, nonlinearityMinus: -0.15, c2cPercent: 1.2 }, 'stt');
    expect(bad.map((c) => c.pass)).toEqual([false, true, false]);
  });
});

describeWith(['shared'], 'metrics on the CrossSim reference tables (300 K) are near paper 000 Table I', () => {
  const load = (kind: string, i: number): DeltaGTablePair => {
    const d = resolve(sharedDir, 'data', 'crosssim-dwmtj-luts', `DWMTJ_${kind}`, '300K');
    return { increasing: readLutFile(join(d, `dG_increasing${i}.txt.gz`)), decreasing: readLutFile(join(d, `dG_decreasing${i}.txt.gz`)) };
  };
  it('STT: nonlinearity within ±0.05 of +0.07 / -0.15, c2c within a factor 1.5 of 0.77 %', () => {
    const m = tableMetrics(load('STT', 0), 1);
    expect(Math.abs(m.nonlinearityPlus - paperTableI.stt.plus)).toBeLessThan(0.05);
    expect(Math.abs(m.nonlinearityMinus - paperTableI.stt.minus)).toBeLessThan(0.05);
    expect(m.c2cPercent).toBeGreaterThan(0.77 / 1.5);
    expect(m.c2cPercent).toBeLessThan(0.77 * 1.5);
  });
  it('SOT: nonlinearity +/- with the right signs, within 0.35 of +0.80 / -0.81; c2c within a factor 1.5 of 3.23 %', () => {
    const m = tableMetrics(load('SOT', 1), 1);
    expect(Math.abs(m.nonlinearityPlus - paperTableI.sot.plus)).toBeLessThan(0.35);
    expect(Math.abs(m.nonlinearityMinus - paperTableI.sot.minus)).toBeLessThan(0.35);
    expect(m.c2cPercent).toBeGreaterThan(3.23 / 1.5);
    expect(m.c2cPercent).toBeLessThan(3.23 * 1.5);
  });
  it('SOT is much more stochastic than STT (c2c ratio > 3)', () => {
    expect(tableMetrics(load('SOT', 0), 1).c2cPercent / tableMetrics(load('STT', 0), 1).c2cPercent).toBeGreaterThan(3);
  });
});

// dwtwin's own 300 K tables (full 30-ramp generation) are calibrated to the reference tables' sub-notch response
// (issue 17): depinning threshold and the spread of the move at a one-notch request within 25 %, both directions.
// Table I's cycle-to-cycle variation holds on every seed, and so does the nonlinearity on most: STT 9-10 of 10 seeds
// on seeds 1-10, 100-109 and 110-119, asserted on seeds 1-5 with the 9-of-10 verdict (all five); SOT (120-ramp tables
// since issue 17's third pass) 10 / 10 on 100-109, ν+ 10 and ν− 8 on 1-10, ν+ 8 and ν− 10 on 110-119
// (REPRODUCTION.md, "Table I on every seed"), asserted on seeds 1 and 2 (both within).
const RESPONSE_TOLERANCE = 0.25;
function withinTolerance(ours: number, ref: number): boolean {
  return Math.abs(ours / ref - 1) <= RESPONSE_TOLERANCE;
}

describe('the response comparison catches a 30 % deviation (injected fault)', () => {
  it('within 25 % passes, 30 % off fails', () => {
    expect(withinTolerance(0.29, 0.314)).toBe(true);
    expect(withinTolerance(0.314 * 0.7, 0.314)).toBe(false);
    expect(withinTolerance(0.314 * 1.3, 0.314)).toBe(false);
  });
});

describeWith(['shared'], "dwtwin's own generated 300 K tables against the reference tables (seeds 1 and 2)", () => {
  const dir = mkdtempSync(join(tmpdir(), 'dwtwin-fid-'));
  let saved: string | undefined;
  beforeAll(() => {
    saved = process.env.DWTWIN_CACHE;
    process.env.DWTWIN_CACHE = dir;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.DWTWIN_CACHE;
    else process.env.DWTWIN_CACHE = saved;
  });
  for (const [preset, kind] of [['stt-300k', 'STT'], ['sot-300k', 'SOT']] as const) {
    const seeds = kind === 'STT' ? [1, 2, 3, 4, 5] : [1, 2];
    it(`${preset}: thresholds and one-notch spreads within 25 % of the reference's; Table I within target on seeds ${seeds.join(', ')}`, async () => {
      const ref = resolve(sharedDir, 'data', 'crosssim-dwmtj-luts', `DWMTJ_${kind}`, '300K');
      const refPair = { increasing: readLutFile(join(ref, 'dG_increasing0.txt.gz')), decreasing: readLutFile(join(ref, 'dG_decreasing0.txt.gz')) };
      const theirs = subNotchResponse(refPair, 32, [1]);
      const perSeed: FidelityCheck[][] = [];
      for (const seed of seeds) {
        const { pairs } = await generateSynapse(synapsePreset(preset), { seed, variants: 1, workers: 2 });
        const m = tableMetrics(pairs[0]!, seed);
        const checks = fidelityChecks(m, kind === 'STT' ? 'stt' : 'sot');
        perSeed.push(checks);
        const c2c = checks[2]!;
        expect(c2c.pass, `seed ${seed}: c2c ${c2c.ours}`).toBe(true);
        expect(m.nonlinearityPlus).toBeGreaterThan(0);
        expect(m.nonlinearityMinus).toBeLessThan(0);
        if (seed !== 1) continue; // training uses the seed-1 tables: the response is compared there
        const ours = subNotchResponse(pairs[0]!, 32, [1]);
        for (let d = 0; d < 2; d++) {
          expect(withinTolerance(ours[d]!.thresholdMedian, theirs[d]!.thresholdMedian), `${ours[d]!.direction} threshold ${ours[d]!.thresholdMedian} vs ${theirs[d]!.thresholdMedian}`).toBe(true);
          expect(withinTolerance(ours[d]!.points[0]!.std, theirs[d]!.points[0]!.std), `${ours[d]!.direction} spread ${ours[d]!.points[0]!.std} vs ${theirs[d]!.points[0]!.std}`).toBe(true);
        }
      }
      {
        const verdict = seedVerdict(summarizeSeeds(perSeed));
        expect(verdict.pass, verdict.failed.map((f) => `${f.name}: ${f.values.map((v) => v.toFixed(3)).join(' ')}`).join('; ')).toBe(true);
      }
    });
  }
});
