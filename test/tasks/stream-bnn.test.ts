// Stream learning with metaplastic binarized synapses (paper 001): the array's fused update equals the device
// functions it fuses, stochastic rounding is unbiased, a tiny stream run learns and is byte-identical on rerun (1 and 2
// workers), and bad options exit 2 with nothing written.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MetaplasticArray, notchLevel, roundStochastic } from '../../src/accel/metaplastic-array.ts';
import { draw32, toUnit } from '../../src/base/rng.ts';
import { metaplasticUpdate, trapezoidMeta } from '../../src/devices/shaped/metaplasticity.ts';
import { repoRoot } from '../support/requirements.ts';

const dwtwin = (...args: string[]) => spawnSync(process.execPath, ['src/cli/dwtwin.mjs', ...args], { cwd: repoRoot, encoding: 'utf8' });

describe('MetaplasticArray', () => {
  const spec = { kind: 'metaplastic' as const, ...trapezoidMeta, binarized: true };
  it('applies f_meta, delta and clipping as devices/shaped/metaplasticity.ts does, then settles on a notch by a keyed draw', () => {
    for (const levels of [0, 4, 16]) {
      const a = new MetaplasticArray(3, 5, { ...spec, levels }, 9);
      const w0 = Float32Array.from({ length: 15 }, (_, k) => Math.sin(3 * k) * 0.9);
      a.program(w0);
      const before = Float32Array.from(a.wH);
      const dw = Float32Array.from({ length: 15 }, (_, k) => Math.cos(5 * k) * 0.2);
      a.applyIncrements(dw);
      for (let k = 0; k < 15; k++) {
        const cont = Math.fround(metaplasticUpdate(before[k]!, dw[k]!, spec));
        const want = levels ? roundStochastic(cont, levels, toUnit(draw32(9, 0, k))) : cont;
        expect(a.wH[k]).toBeCloseTo(want, 6);
      }
      expect(Array.from(a.readWeights()).every((v) => v === 1 || v === -1)).toBe(true);
    }
  });

  it('stochastic rounding is unbiased and lands on the notches', () => {
    const levels = 4;
    for (const w of [-0.9, -0.2, 0.1, 0.5]) {
      const N = 20000;
      const qs = Array.from({ length: N }, (_, k) => roundStochastic(w, levels, toUnit(draw32(1, 2, k))));
      expect(new Set(qs.map((q) => [0, 1, 2, 3].findIndex((i) => Math.abs(notchLevel(i, levels) - q) < 1e-12))).has(-1)).toBe(false);
      expect(Math.abs(qs.reduce((a, b) => a + b, 0) / N - w)).toBeLessThan(0.02);
    }
  });

  it('a linear device (1:1, delta 1) applies the request as it is; the trapezoid damps the wide end', () => {
    const lin = new MetaplasticArray(1, 2, { kind: 'metaplastic', w1: 1, w2: 1, delta: 1, levels: 0, binarized: true }, 1);
    const trap = new MetaplasticArray(1, 2, { ...spec, levels: 0 }, 1);
    for (const a of [lin, trap]) a.program(Float32Array.of(0.9, 0.9));
    lin.applyIncrements(Float32Array.of(-0.1, 0.05));
    trap.applyIncrements(Float32Array.of(-0.1, 0.05));
    expect(lin.wH[0]).toBeCloseTo(0.8, 6);
    expect(lin.wH[1]).toBeCloseTo(0.95, 6);
    expect(trap.wH[0]).toBeCloseTo(0.9 - 0.1 * (0.1 * 0.75 + 0.25), 6); // f_meta(0.9) = 0.325
    expect(trap.wH[1]).toBeCloseTo(Math.min(1, 0.9 + 3 * 0.05 * 0.325), 6);
  });
});

describe('dwtwin train --task stream-bnn', () => {
  const tiny = ['train', '--task', 'stream-bnn', '--subsets', '3', '--subset-size', '300', '--epochs', '2', '--hidden', '64', '--test-limit', '1000', '--levels', '0'];
  it('learns above chance on a tiny stream; byte-identical files for 1 and 2 workers', () => {
    const a = mkdtempSync(join(tmpdir(), 'dwtwin-stream-'));
    const b = mkdtempSync(join(tmpdir(), 'dwtwin-stream-'));
    const r1 = dwtwin(...tiny, '--seeds', '2', '--workers', '1', '--out', a);
    expect(r1.status, r1.stderr).toBe(0);
    expect(dwtwin(...tiny, '--seeds', '2', '--workers', '2', '--out', b).status).toBe(0);
    const files = readdirSync(a).sort();
    expect(files).toEqual(['accuracy-per-subset.svg', 'report.md', 'seed-1.json', 'seed-2.json', 'summary.json']);
    for (const f of files) expect(readFileSync(join(b, f), 'utf8')).toBe(readFileSync(join(a, f), 'utf8'));
    const s = JSON.parse(readFileSync(join(a, 'summary.json'), 'utf8')) as { finalAccuracy: { mean: number }; perPointMean: number[] };
    expect(s.perPointMean).toHaveLength(3);
    expect(s.finalAccuracy.mean).toBeGreaterThan(0.4); // chance is 0.1
    expect(r1.stdout).toMatch(/paper 001 Fig\. 5a: trapezoid .* about 86 %/);
  });

  it.each([
    [['--synapse', 'sot-300k'], /--synapse: expected one of trapezoid, linear, linear-d3, linear-32/],
    [['--synapse', 'linear-32', '--levels', '4'], /--levels: synapse linear-32 has 32 levels/],
    [['--levels', '1'], /--levels: expected 0 \(continuous\) or at least 2/],
    [['--subsets', '0'], /--subsets: expected a positive integer/],
    [['--lr', '-1'], /--lr: expected a positive number/],
    [['--task', 'nope'], /--task: expected one of mlp, stream-bnn/],
  ])('bad input %j exits 2 and writes nothing', (args, msg) => {
    const out = mkdtempSync(join(tmpdir(), 'dwtwin-stream-'));
    const r = dwtwin('train', '--task', 'stream-bnn', ...args, '--out', join(out, 'res'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(out)).toEqual([]);
  });
});
