// Table I over several seeds (`dwtwin device ramp --seeds N`): the summary and its 9-of-10 verdict on known inputs
// (an injected miss flips it), the NeuroSim label against NeuroSim's own table, and the CLI's bad input.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fidelityChecks } from '../../src/devices/synapse/report.ts';
import { median, seedVerdict, seedsNeeded, summarizeSeeds } from '../../src/devices/synapse/seed-summary.ts';
import { neurosimLabel } from '../../src/devices/synapse/metrics.ts';
import { repoRoot } from '../support/requirements.ts';

const checks = (plus: number, minus: number, c2c: number) => fidelityChecks({ nonlinearityPlus: plus, nonlinearityMinus: minus, c2cPercent: c2c }, 'stt');

describe('seed summary', () => {
  it('median, range and seeds within target per metric', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    const per = [checks(0.05, -0.15, 0.7), checks(0.1, -0.2, 0.8), checks(0.3, -0.1, 0.6)];
    const s = summarizeSeeds(per);
    expect(s.map((m) => m.name)).toEqual(['nonlinearity +', 'nonlinearity −', 'cycle-to-cycle %']);
    expect(s[0]).toMatchObject({ median: 0.1, min: 0.05, max: 0.3, within: 2, seeds: 3 });
    expect(s[2]).toMatchObject({ median: 0.7, within: 3 });
  });
  it('the verdict needs 9 of 10 seeds within every target; one more miss fails it', () => {
    expect(seedsNeeded(10)).toBe(9);
    expect(seedsNeeded(3)).toBe(3);
    expect(seedsNeeded(1)).toBe(1);
    const good = Array.from({ length: 10 }, (_, i) => checks(0.07 + (i === 0 ? 0.2 : 0), -0.15, 0.77));
    expect(seedVerdict(summarizeSeeds(good)).pass).toBe(true);
    const bad = good.map((c, i) => (i === 1 ? checks(0.3, -0.15, 0.77) : c));
    const v = seedVerdict(summarizeSeeds(bad));
    expect(v.pass).toBe(false);
    expect(v.failed.map((m) => m.name)).toEqual(['nonlinearity +']);
  });
});

describe("NeuroSim's nonlinearity label", () => {
  it("matches NeuroSim's tabulated normalized A (label -> A / P_max) to 4 digits, signed as nu", () => {
    // Entries of MLP_NeuroSim_V3.0 formula.cpp getParamA: label, normalized A. nu = 1 / (A / P_max).
    for (const [label, a] of [[0.01, 126.268958], [0.1, 12.625807], [1.51, 0.8195], [3.01, 0.3853], [7.51, 0.0702]] as const) {
      expect(neurosimLabel(1 / a)).toBeCloseTo(label, 2);
      expect(neurosimLabel(-1 / a)).toBeCloseTo(-label, 2);
    }
    expect(neurosimLabel(0)).toBe(0);
  });
});

describe('dwtwin device ramp --seeds: bad input', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, ['src/cli/dwtwin.mjs', ...args], { cwd: repoRoot, encoding: 'utf8' });
  it.each([
    [['--preset', 'stt-300k', '--seeds', '0'], /--seeds: expected a positive integer \(got "0"\)/],
    [['--preset', 'stt-300k', '--seeds', '101'], /--seeds: expected at most 100/],
    [['--preset', 'sot-300k', '--seeds', 'x'], /--seeds: expected a positive integer/],
    [['--preset', 'stt-0k', '--seeds', '3'], /--seeds: preset stt-0k has no Table I target .*300 K.*stt-300k or sot-300k/],
  ])('%j exits 2, one line, writes nothing', (args, msg) => {
    const out = mkdtempSync(join(tmpdir(), 'dwtwin-seeds-'));
    const r = run('device', 'ramp', ...args, '--out', join(out, 'x'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('dwtwin device lut --ramp-pulses: bad input', () => {
  it.each(['1', '1001', 'x'])('--ramp-pulses %s exits 2 naming the option', (v) => {
    const r = spawnSync(process.execPath, ['src/cli/dwtwin.mjs', 'device', 'lut', '--from', '/nonexistent/dG_increasing0.txt', '--ramp-pulses', v], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--ramp-pulses: expected an integer in 2\.\.1000/);
  });
});
