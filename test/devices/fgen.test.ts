import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fgenReport, fitSigmoid, meanCurve, pulseEnergy, runRamps, sigmoid, sigmoidAt, staircase, switchCurrent } from '../../src/devices/fgen/index.ts';
import { repoRoot } from '../support/requirements.ts';

const tmp = mkdtempSync(join(tmpdir(), 'dwtwin-fgen-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('linear staircase synapse (paper 004)', () => {
  it('resistance is a monotone staircase in every cycle: 7 of 9 MTJs switch, 8 levels', () => {
    const run = runRamps(staircase, 3);
    for (let c = 0; c < run.ohms.length; c++) {
      const r = run.ohms[c]!;
      for (let i = 1; i < r.length; i++) expect(r[i]!).toBeGreaterThanOrEqual(r[i - 1]!);
      expect(new Set(r.map((x) => x.toFixed(9))).size).toBe(8);
      expect(run.switched[c]![r.length - 1]).toBe(7);
    }
  });
  it('switching thresholds are regularly spaced (linear wire taper) and vary from cycle to cycle', () => {
    const gaps = Array.from({ length: 8 }, (_, k) => switchCurrent(staircase, k + 1) - switchCurrent(staircase, k));
    for (const g of gaps) expect(g).toBeCloseTo(gaps[0]!, 12);
    const run = runRamps(staircase, 3);
    const firstSwitch = run.switched.map((s) => s.findIndex((n) => n >= 1));
    expect(new Set(firstSwitch).size).toBeGreaterThan(1);
  });
});

describe('sigmoid activation generator (paper 004)', () => {
  it('mean output over 75 cycles rises monotonically and is fitted well by a shifted sigmoid centred inside the ramp', () => {
    const run = runRamps(sigmoid, 1);
    const norm = run.ohms.map((row) => row.map((x) => (x - run.rAllP) / (run.rAllAP - run.rAllP)));
    const m = meanCurve(norm).mean;
    for (let i = 1; i < m.length; i++) expect(m[i]!).toBeGreaterThanOrEqual(m[i - 1]! - 1e-12);
    const xs = run.current.map((i) => i * 1e6);
    const fit = fitSigmoid(xs, m);
    expect(fit.rms).toBeLessThan(0.05);
    expect(fit.x0).toBeGreaterThan(100);
    expect(fit.x0).toBeLessThan(520);
    // Steepest in the centre: the middle step (larger MTJs) is taller than the outer ones.
    const step = (k: number) => m[Math.round(switchCurrent(sigmoid, k) * 1e6 / 5) + 3]! - m[Math.round(switchCurrent(sigmoid, k) * 1e6 / 5) - 3]!;
    expect(step(3)).toBeGreaterThan(step(8));
  });
  it('fitSigmoid recovers known parameters', () => {
    const truth = { y0: 0.1, amplitude: 0.8, x0: 300, scale: 40, rms: 0 };
    const xs = Array.from({ length: 125 }, (_, k) => k * 5);
    const f = fitSigmoid(xs, xs.map((x) => sigmoidAt(truth, x)));
    expect(f.x0).toBeCloseTo(300, 0);
    expect(f.scale).toBeCloseTo(40, 0);
    expect(f.rms).toBeLessThan(1e-3);
  });
  it('energy per switch is I^2 R t (2.0 mW over 8 ns = 16 pJ at 620 uA through 5.2 kOhm)', () => {
    expect(pulseEnergy(620e-6, 5200, 8e-9)).toBeCloseTo(16e-12, 13);
  });
});

describe('dwtwin device fgen', () => {
  it('--preset sigmoid writes the staircase-sigmoid plot and its JSON, identical for the same seed', async () => {
    const r = spawnSync(process.execPath, ['src/cli/dwtwin.mjs', 'device', 'fgen', '--preset', 'sigmoid', '--out', join(tmp, 'cli'), '--seed', '4'], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/paper ~18-36 fJ/);
    expect(existsSync(join(tmp, 'cli', 'sigmoid.svg'))).toBe(true);
    await fgenReport('sigmoid', { seed: 4, outDir: join(tmp, 'lib') });
    expect(readFileSync(join(tmp, 'cli', 'sigmoid.json')).equals(readFileSync(join(tmp, 'lib', 'sigmoid.json')))).toBe(true);
    expect(readFileSync(join(tmp, 'cli', 'sigmoid.svg')).equals(readFileSync(join(tmp, 'lib', 'sigmoid.svg')))).toBe(true);
  });
  it('an unknown preset exits 2 naming --preset', () => {
    const r = spawnSync(process.execPath, ['src/cli/dwtwin.mjs', 'device', 'fgen', '--preset', 'tanh'], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--preset: expected one of staircase, sigmoid/);
  });
});
