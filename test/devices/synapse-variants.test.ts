// Splitting device-to-device variation into range and offset: the derived table sets keep exactly the component
// they name, removing both components gives table 0 back, and `dwtwin device variants --keep-only` writes a set
// that `dwtwin train --tables` trains on.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeltaGTable, DeltaGTablePair } from '../../src/devices/synapse/lut.ts';
import { readLutFile, writeLutFile } from '../../src/devices/synapse/lut-io.ts';
import { keepOnly, linearized, notchGrids, variantGeometry } from '../../src/devices/synapse/variants.ts';
import { repoRoot } from '../support/requirements.ts';

const NB = 21;
const NQ = 5;
const span = (t: DeltaGTable) => t.gBins[NB - 1]! - t.gBins[0]!;

/** A table on [gMin, gMin + range] whose ΔG (in units of the range) has a shape given by `bend`. */
function table(direction: DeltaGTable['direction'], gMin: number, range: number, bend: number): DeltaGTable {
  const gBins = Float64Array.from({ length: NB }, (_, j) => gMin + (range * j) / (NB - 1));
  const cdf = Float64Array.from({ length: NQ }, (_, k) => k / (NQ - 1));
  const sign = direction === 'increasing' ? 1 : -1;
  const dG = Float64Array.from({ length: NQ * NB }, (_, i) => {
    const k = Math.floor(i / NB);
    const x = (i % NB) / (NB - 1);
    return sign * range * (0.01 + 0.02 * k) * (1 - bend * (direction === 'increasing' ? x : 1 - x));
  });
  return { direction, gBins, cdf, dG, header: 'test table' };
}
const pair = (gMin: number, range: number, bend = 0.5): DeltaGTablePair => ({ increasing: table('increasing', gMin, range, bend), decreasing: table('decreasing', gMin, range, bend) });

// Variants that are table 0 scaled and shifted (as dwtwin's generator makes them), plus the same set with one variant
// whose shape also differs.
const affineSet = [pair(50e-6, 80e-6), pair(60e-6, 120e-6), pair(44e-6, 75e-6)];
const close = (a: number, b: number, rel = 1e-12) => Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));

/** Largest difference between two tables' range-normalized shapes (bins and ΔG), in units of the range. */
function shapeDistance(a: DeltaGTable, b: DeltaGTable): number {
  let worst = 0;
  for (let j = 0; j < NB; j++) worst = Math.max(worst, Math.abs((a.gBins[j]! - a.gBins[0]!) / span(a) - (b.gBins[j]! - b.gBins[0]!) / span(b)));
  for (let i = 0; i < a.dG.length; i++) worst = Math.max(worst, Math.abs(a.dG[i]! / span(a) - b.dG[i]! / span(b)));
  return worst;
}

describe('keepOnly: one component of device-to-device variation', () => {
  it("'range' keeps each variant's range and ΔG and moves it to table 0's G_min", () => {
    const d = keepOnly(affineSet, 'range');
    for (let i = 0; i < affineSet.length; i++)
      for (const dir of ['increasing', 'decreasing'] as const) {
        const [o, t] = [affineSet[i]![dir], d[i]![dir]];
        expect(t.gBins[0]).toBe(affineSet[0]![dir].gBins[0]);
        expect(close(span(t), span(o), 1e-9)).toBe(true);
        expect(t.dG).toEqual(o.dG);
        expect(t.cdf).toEqual(o.cdf);
      }
  });

  it("'offset' keeps each variant's G_min and gives it table 0's range, ΔG scaled with it", () => {
    const d = keepOnly(affineSet, 'offset');
    for (let i = 0; i < affineSet.length; i++)
      for (const dir of ['increasing', 'decreasing'] as const) {
        const [o, t] = [affineSet[i]![dir], d[i]![dir]];
        expect(t.gBins[0]).toBe(o.gBins[0]);
        expect(close(span(t), span(affineSet[0]![dir]), 1e-9)).toBe(true);
        expect(shapeDistance(t, o)).toBeLessThan(1e-12);
      }
    const g = variantGeometry(d);
    expect(g.every((v) => close(v.rangeRatio, 1, 1e-9))).toBe(true);
    expect(g.map((v) => v.gMinRatio)).toEqual(variantGeometry(affineSet).map((v) => v.gMinRatio));
  });

  it('removing both components from affine copies of table 0 gives table 0 back; a variant of another shape stays apart', () => {
    const both = keepOnly(keepOnly(affineSet, 'range'), 'offset');
    for (const p of both)
      for (const dir of ['increasing', 'decreasing'] as const) {
        const [t, t0] = [p[dir], affineSet[0]![dir]];
        for (let j = 0; j < NB; j++) expect(close(t.gBins[j]!, t0.gBins[j]!, 1e-12)).toBe(true);
        for (let i = 0; i < t.dG.length; i++) expect(close(t.dG[i]!, t0.dG[i]!, 1e-9)).toBe(true);
      }
    // The check is not blind: a variant that differs in shape, not only in range and offset, is not mapped onto table 0.
    const odd = keepOnly(keepOnly([...affineSet, pair(55e-6, 90e-6, 0.2)], 'range'), 'offset');
    expect(shapeDistance(odd[3]!.increasing, affineSet[0]!.increasing)).toBeGreaterThan(1e-3);
  });
});

describe('notchGrids: variants that differ only in where their notches sit', () => {
  it('shifts table 0 by v/V of a notch pitch: same range and ΔG, V distinct grids within one pitch', () => {
    const N = 32;
    const g = notchGrids(affineSet, N);
    const t0 = affineSet[0]!.increasing;
    const pitch = span(t0) / (N - 1);
    const offsets: number[] = [];
    for (let v = 0; v < g.length; v++)
      for (const dir of ['increasing', 'decreasing'] as const) {
        const t = g[v]![dir];
        const o = affineSet[0]![dir];
        expect(t.dG).toEqual(o.dG);
        expect(close(span(t), span(o), 1e-9)).toBe(true);
        expect(Math.abs(t.gBins[0]! - o.gBins[0]! - ((v / g.length) * span(o)) / (N - 1))).toBeLessThan(1e-9 * span(o));
        if (dir === 'increasing') offsets.push((t.gBins[0]! - t0.gBins[0]!) / pitch);
      }
    // every variant's levels fall between table 0's, at a different fraction of the pitch
    expect(offsets.map((o) => Math.round(o * 1e9) / 1e9)).toEqual([0, 1 / 3, 2 / 3].map((o) => Math.round(o * 1e9) / 1e9));
  });
});

describe('linearized: the same tables without nonlinearity', () => {
  it("every bin gets each quantile's average over the bins; bins, CDF and the average step are kept", () => {
    const l = linearized(affineSet);
    for (let v = 0; v < affineSet.length; v++)
      for (const dir of ['increasing', 'decreasing'] as const) {
        const [o, t] = [affineSet[v]![dir], l[v]![dir]];
        expect(t.gBins).toEqual(o.gBins);
        expect(t.cdf).toEqual(o.cdf);
        for (let k = 0; k < NQ; k++) {
          const row = (x: DeltaGTable) => Array.from(x.dG.subarray(k * NB, (k + 1) * NB));
          const mean = row(o).reduce((a, b) => a + b, 0) / NB;
          for (const d of row(t)) expect(close(d, mean, 1e-12)).toBe(true);
          // the source really was nonlinear: its first and last bins differ by the bend
          expect(Math.abs(row(o)[0]! - row(o)[NB - 1]!)).toBeGreaterThan(0.1 * Math.abs(mean));
        }
      }
  });
});

const run = (...args: string[]) => spawnSync(process.execPath, ['src/cli/dwtwin.mjs', ...args], { cwd: repoRoot, encoding: 'utf8' });

describe('dwtwin device variants', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'dwtwin-variants-'));
  const src = join(tmp, 'src');
  mkdirSync(src);
  affineSet.forEach((p, i) => {
    writeLutFile(join(src, `dG_increasing${i}.txt`), p.increasing);
    writeLutFile(join(src, `dG_decreasing${i}.txt`), p.decreasing);
  });

  it('reports each variant against table 0 and writes a --keep-only set that training reads', () => {
    const r = run('device', 'variants', '--tables', src, '--out', join(tmp, 'report'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/range \/ table 0: 0\.938\.\.1\.500; G_min \/ table 0: 0\.880\.\.1\.200/);
    expect(readdirSync(join(tmp, 'report')).sort()).toEqual(['report.txt', 'variants.json', 'variants.svg']);
    expect(readFileSync(join(tmp, 'report', 'variants.svg'), 'utf8')).toMatch(/^<svg/);
    const out = join(tmp, 'offset');
    const k = run('device', 'variants', '--tables', src, '--keep-only', 'offset', '--out', out);
    expect(k.status, k.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['dG_decreasing0.txt', 'dG_decreasing1.txt', 'dG_decreasing2.txt', 'dG_increasing0.txt', 'dG_increasing1.txt', 'dG_increasing2.txt', 'variants.json', 'variants.svg']);
    const t1 = readLutFile(join(out, 'dG_increasing1.txt'));
    expect(t1.gBins[0]).toBe(60e-6);
    expect(close(span(t1), 80e-6, 1e-8)).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'variants.json'), 'utf8')).keepOnly).toBe('offset');
    const tr = run('train', '--task', 'mlp', '--dataset', 'fashion-mnist', '--tables', out, '--notches', '32', '--epochs', '1', '--limit', '200', '--seed', '1', '--out', join(tmp, 'train'));
    expect(tr.status, tr.stderr).toBe(0);
    const arrays = JSON.parse(readFileSync(join(tmp, 'train', 'seed-1.json'), 'utf8')).arrays as string[];
    expect(arrays).toHaveLength(2);
    for (const a of arrays) expect(a).toMatch(/32 notches, 3 device variants/);
  });

  it('--linearize alone writes the chosen variants without nonlinearity', () => {
    const out = join(tmp, 'linear');
    const r = run('device', 'variants', '--tables', src, '--variants', '1', '--linearize', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['dG_decreasing0.txt', 'dG_increasing0.txt', 'variants.json', 'variants.svg']);
    const t = readLutFile(join(out, 'dG_increasing0.txt'));
    expect(t.dG[0]).toBe(t.dG[NB - 1]);
    expect(JSON.parse(readFileSync(join(out, 'variants.json'), 'utf8')).linearized).toBe(true);
  });

  it.each([
    [['--tables', 'SRC', '--synapse', 'sot-300k'], /--synapse \/ --tables: give exactly one table source/],
    [[], /--synapse \/ --tables: give exactly one table source/],
    [['--tables', 'SRC', '--keep-only', 'scale'], /--keep-only: expected one of range, offset, grid/],
    [['--tables', 'SRC', '--keep-only', 'range', '--variants', '1'], /--keep-only: needs at least 2 variants \(the source gives 1\)/],
    [['--synapse', 'sot-301k'], /--synapse: expected one of/],
    [['--tables', 'SRC', '--keep-only', 'grid'], /--notches: --keep-only grid needs the notch count/],
    [['--tables', 'SRC', '--keep-only', 'range', '--notches', '32'], /--notches: only with --keep-only grid/],
    [['--tables', 'SRC', '--keep-only', 'grid', '--notches', '1'], /--notches: expected a notch count in 2\.\.256 \(got "1"\)/],
    [['--tables', '/nonexistent/dir'], /--tables: \/nonexistent\/dir is not a directory/],
  ])('%j exits 2 and writes nothing', (args, msg) => {
    const out = mkdtempSync(join(tmpdir(), 'dwtwin-variants-bad-'));
    const r = run('device', 'variants', ...args.map((a) => (a === 'SRC' ? src : a)), '--out', join(out, 'x'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(out)).toEqual([]);
  });

  it('--keep-only refuses a non-empty --out and leaves it as it was', () => {
    const out = join(tmp, 'busy');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'mine');
    const r = run('device', 'variants', '--tables', src, '--keep-only', 'range', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--out: .*busy is not empty/);
    expect(readdirSync(out)).toEqual(['keep.txt']);
  });
});
