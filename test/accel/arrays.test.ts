// Synapse arrays: exact ideal arithmetic, untouched devices where no pulse arrives, notch levels, carry, determinism.
import { beforeAll, describe, expect, it } from 'vitest';
import { DeviceArray } from '../../src/accel/device-array.ts';
import { loadDeviceKernel } from '../../src/accel/device-kernel.ts';
import { IdealArray } from '../../src/accel/ideal.ts';
import { Rng } from '../../src/base/rng.ts';
import { loadTableDir, tableDirVariants } from '../../src/accel/table-source.ts';
import { mlpConfigFromArgs } from '../../src/cli/commands/train.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { DeltaGTable, DeltaGTablePair } from '../../src/devices/synapse/lut.ts';
import { describeWith, sharedDir } from '../support/requirements.ts';
import { join } from 'node:path';

/** A synthetic table: mean step `mean`, spread `spread` (uniform quantiles), conductance 1..2 (arbitrary units). */
function table(direction: 'increasing' | 'decreasing', mean: number, spread: number): DeltaGTable {
  const nb = 11;
  const nq = 21;
  const gBins = Float64Array.from({ length: nb }, (_, j) => 1 + j / (nb - 1));
  const cdf = Float64Array.from({ length: nq }, (_, k) => k / (nq - 1));
  const sign = direction === 'increasing' ? 1 : -1;
  const dG = new Float64Array(nq * nb);
  for (let k = 0; k < nq; k++) for (let j = 0; j < nb; j++) dG[k * nb + j] = sign * (mean + spread * (cdf[k]! - 0.5) * 2);
  return { direction, gBins, cdf, dG, header: 'synthetic' };
}
const pair = (mean: number, spread: number): DeltaGTablePair => ({ increasing: table('increasing', mean, spread), decreasing: table('decreasing', mean, spread) });
const enc = { rowSlots: 8, colLevels: 8, stochastic: false };
// The fast loops run as JS and as WebAssembly (device-kernel.ts); every differential test below runs on both.
const kernels = ['js', 'wasm'] as const;
type Kernel = (typeof kernels)[number];
// After a test changed the JS tables: copy them into the kernel's memory as the constructor did.
const reloadKernel = (a: DeviceArray) => (a as unknown as { kernelTables?: () => void }).kernelTables?.();
beforeAll(async () => {
  expect(await loadDeviceKernel()).toBeDefined(); // compiled (or read from the cache) before any array is made
}, 120_000); // a first compile loads the compiler (~12 s)

describe('ideal array', () => {
  it('forward and exact update', () => {
    const a = new IdealArray(3, 2, { rowSlots: 0, colLevels: 0, stochastic: false }, 1);
    a.program(Float32Array.from([1, 2, 3, 4, 5, 6]));
    expect(Array.from(a.forward(Float32Array.from([1, 0, 2]), 1))).toEqual([11, 14]);
    a.update(Float32Array.from([1, 0, 0.5]), Float32Array.from([2, -1]), 0.1);
    expect(Array.from(a.readWeights()).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([0.8, 2.1, 3, 4, 4.9, 6.05]);
  });
});

describe('device array', () => {
  it('devices whose row or column gets no pulse are not touched', () => {
    const a = new DeviceArray(4, 3, { tables: [pair(0.05, 0.02)], notches: 'continuous', carry: false, carryEvery: 100, encoding: enc, wMax: 1, seed: 3, source: 'synthetic' });
    a.program(new Float32Array(12).fill(0.1));
    const before = a.readConductances();
    a.update(Float32Array.from([0, 1, 0, 0]), Float32Array.from([0, 0.5, 0]), 0.1);
    const after = a.readConductances();
    for (let k = 0; k < 12; k++) {
      const touched = k === 1 * 3 + 1;
      expect(after.gPlus[k] !== before.gPlus[k]).toBe(touched);
      expect(after.gMinus[k] !== before.gMinus[k]).toBe(touched);
    }
    expect(a.stats().devicesTouched).toBe(2);
  });

  it('continuous mode follows the requested change on average', () => {
    const a = new DeviceArray(1, 1, { tables: [pair(0.01, 0.01)], notches: 'continuous', carry: false, carryEvery: 100, encoding: { rowSlots: 0, colLevels: 0, stochastic: false }, wMax: 1, seed: 5, source: 'synthetic' });
    a.program(Float32Array.from([-0.5]));
    const w0 = a.readWeights()[0]!;
    for (let t = 0; t < 200; t++) a.update(Float32Array.from([1]), Float32Array.from([-1]), 0.002); // request +0.002 each
    expect(a.readWeights()[0]! - w0).toBeCloseTo(0.4, 1);
  });

  it('notched devices rest on their levels; small requests on a reliable device do not move it', () => {
    const reliable = new DeviceArray(1, 1, { tables: [pair(1 / 31, 0.0001)], notches: 32, carry: false, carryEvery: 100, encoding: { rowSlots: 0, colLevels: 0, stochastic: false }, wMax: 1, seed: 5, source: 'synthetic' });
    reliable.program(Float32Array.from([0]));
    const g0 = reliable.readConductances().gPlus[0]!;
    for (let t = 0; t < 100; t++) reliable.update(Float32Array.from([1]), Float32Array.from([-1]), 0.01);
    expect(reliable.readConductances().gPlus[0]).toBe(g0);
    const noisy = new DeviceArray(1, 1, { tables: [pair(1 / 31, 0.06)], notches: 32, carry: false, carryEvery: 100, encoding: { rowSlots: 0, colLevels: 0, stochastic: false }, wMax: 1, seed: 5, source: 'synthetic' });
    noisy.program(Float32Array.from([0]));
    for (let t = 0; t < 100; t++) noisy.update(Float32Array.from([1]), Float32Array.from([-1]), 0.01);
    const g = noisy.readConductances().gPlus[0]!;
    const level = (g - 1) * 31;
    expect(Math.abs(level - Math.round(level))).toBeLessThan(1e-4);
    expect(g).toBeGreaterThan(g0); // stochastic steps act as stochastic rounding
  });

  it('periodic carry keeps the represented weight and the same seed gives the same weights', () => {
    const mk = () => new DeviceArray(2, 2, { tables: [pair(1 / 31, 0.02), pair(1.1 / 31, 0.02)], notches: 32, carry: true, carryEvery: 5, encoding: enc, wMax: 1, seed: 9, source: 'synthetic' });
    const a = mk();
    const b = mk();
    for (const arr of [a, b]) {
      arr.program(Float32Array.from([0.2, -0.1, 0, 0.4]));
      for (let t = 0; t < 4; t++) arr.update(Float32Array.from([1, 0.5]), Float32Array.from([-0.3, 0.2]), 0.05);
    }
    const before = a.readWeights();
    a.update(new Float32Array(2), new Float32Array(2), 0.05); // 5th update: carry only
    const after = a.readWeights();
    for (let k = 0; k < 4; k++) expect(Math.abs(after[k]! - before[k]!)).toBeLessThan(1 / 31 + 1e-6);
    b.update(new Float32Array(2), new Float32Array(2), 0.05);
    expect(Array.from(b.readWeights())).toEqual(Array.from(after));
  });
});

describe('depinning dead zone (pairs whose request cannot move a wall are skipped)', () => {
  // Wide-spread tables (one pulse moves 0..2 notches), two variants, carry: every path of the notched loop.
  const tables = [pair(1 / 31, 1 / 31), pair(1.2 / 31, 0.9 / 31)];
  const mk = (exhaustive: boolean, kernel: Kernel = 'js') => new DeviceArray(30, 20, { tables, notches: 32, carry: true, carryEvery: 7, encoding: enc, wMax: 1, seed: 4, source: 'synthetic', exhaustive, kernel });
  type Thresholds = { deadZone: number; entryDeadZone: Float64Array };
  const run = (a: DeviceArray, dz?: (n: Thresholds) => void) => {
    if (dz) {
      dz((a as unknown as { nt: Thresholds }).nt);
      reloadKernel(a);
    }
    const rng = new Rng(3, 3);
    a.program(Float32Array.from({ length: 600 }, () => rng.normal() * 0.2));
    for (let i = 0; i < 300; i++) {
      const x = Float32Array.from({ length: 30 }, () => (rng.uniform() < 0.3 ? 0 : rng.uniform()));
      const d = Float32Array.from({ length: 20 }, () => rng.normal() * 0.3);
      // Rates two decades apart, so pairs fall on both sides of the threshold.
      a.update(x, d, i % 2 ? 0.0005 : 0.05);
    }
    return Array.from(a.readWeights());
  };

  it.each(kernels)('%s: gives bit for bit the weights of computing every pulse', (kernel) => {
    const skipping = mk(false, kernel);
    expect(skipping.kernel).toBe(kernel);
    const dz = (skipping as unknown as { nt: { deadZone: number } }).nt.deadZone;
    expect(dz).toBeGreaterThan(0);
    const exhaustive = mk(true);
    expect(run(skipping)).toEqual(run(exhaustive));
    // Both sides of the threshold occurred (else this compared nothing), and only the skipping array skipped.
    const st = skipping.stats();
    expect(st.subThreshold).toBeGreaterThan(0.1 * st.pulses);
    expect(st.subThreshold).toBeLessThan(0.9 * st.pulses);
    expect(exhaustive.stats().subThreshold).toBe(0);
  });

  it.each(kernels)('%s: the comparison catches a threshold set too high (global or per notch)', (kernel) => {
    expect(run(mk(false, kernel), (n) => (n.deadZone *= 50))).not.toEqual(run(mk(true)));
    expect(run(mk(false, kernel), (n) => n.entryDeadZone.forEach((v, i, a) => (a[i] = v * 5)))).not.toEqual(run(mk(true)));
  });
});

describe('continuous devices on the compact tables (repeated rows stored once)', () => {
  // Rows that repeat between neighbouring bins (as the k-nearest window of dwtwin's table build gives) and rows that
  // differ, two variants with different ranges (clamps on both ends), with and without carry.
  const stepped = (direction: 'increasing' | 'decreasing', mean: number, range: number): DeltaGTable => {
    const t = table(direction, mean, 0.02);
    const nb = t.gBins.length;
    const nq = t.cdf.length;
    t.gBins = Float64Array.from(t.gBins, (g) => 1 + (g - 1) * range);
    for (let k = 0; k < nq; k++) for (let j = 0; j < nb; j++) t.dG[k * nb + j]! *= 1 + 0.3 * Math.floor(j / 3) * (k / nq);
    return t;
  };
  const tables: DeltaGTablePair[] = [
    { increasing: stepped('increasing', 0.05, 1), decreasing: stepped('decreasing', 0.05, 1) },
    { increasing: stepped('increasing', 0.04, 1.2), decreasing: stepped('decreasing', 0.06, 1.2) },
  ];
  const run = (exhaustive: boolean, carry: boolean, fault?: (ct: { rowOff: Int32Array; q: Float32Array }) => void, kernel: Kernel = 'js') => {
    // A faulted run gets a table set of its own: the compact layout is shared by every array on the same set.
    const a = new DeviceArray(30, 20, { tables: fault ? [...tables] : tables, notches: 'continuous', carry, carryEvery: 7, encoding: enc, wMax: 1, seed: 6, source: 'synthetic', exhaustive, kernel });
    if (fault) {
      fault((a as unknown as { ct: { rowOff: Int32Array; q: Float32Array } }).ct);
      reloadKernel(a);
    }
    const rng = new Rng(5, 5);
    a.program(Float32Array.from({ length: 600 }, () => rng.normal() * 0.3));
    for (let i = 0; i < 200; i++) {
      const x = Float32Array.from({ length: 30 }, () => (rng.uniform() < 0.3 ? 0 : rng.uniform()));
      const d = Float32Array.from({ length: 20 }, () => rng.normal() * 0.3);
      a.update(x, d, i % 2 ? 0.01 : 0.3);
    }
    return { w: Array.from(a.readWeights()), g: a.readConductances() };
  };

  it.each(kernels)('%s: gives bit for bit the conductances and weights of the reference loop', (kernel) => {
    for (const carry of [false, true]) {
      const fast = run(false, carry, undefined, kernel);
      const ref = run(true, carry);
      expect(fast.w).toEqual(ref.w);
      expect(Array.from(fast.g.gPlus)).toEqual(Array.from(ref.g.gPlus));
      expect(Array.from(fast.g.gMinus)).toEqual(Array.from(ref.g.gMinus));
    }
  });

  it.each(kernels)('%s: rows wider than one block of the two-pass loop give the reference loop\'s conductances', (kernel) => {
    // 1,300 columns: the loop's first pass covers at most ROW_BLOCK (512) pairs of a row at a time.
    const wide = (exhaustive: boolean) => {
      const a = new DeviceArray(3, 1300, { tables, notches: 'continuous', carry: false, carryEvery: 7, encoding: enc, wMax: 1, seed: 8, source: 'synthetic', exhaustive, kernel });
      const rng = new Rng(7, 7);
      a.program(Float32Array.from({ length: 3 * 1300 }, () => rng.normal() * 0.3));
      for (let i = 0; i < 20; i++) a.update(Float32Array.from({ length: 3 }, () => rng.uniform()), Float32Array.from({ length: 1300 }, () => rng.normal() * 0.3), 0.2);
      return Array.from(a.readConductances().gPlus);
    };
    expect(wide(false)).toEqual(wide(true));
  });

  it.each(kernels)('%s: stores repeated rows once, and the comparison catches a row pointing at its neighbour', (kernel) => {
    const ct = (new DeviceArray(2, 2, { tables, notches: 'continuous', carry: false, carryEvery: 7, encoding: enc, wMax: 1, seed: 6, source: 'synthetic' }) as unknown as { ct: { rowsKept: number } }).ct;
    expect(ct.rowsKept).toBe(4 * 4); // 11 bins in runs of 3: 4 distinct rows per table, 4 tables
    const ref = run(true, false).w;
    // Bin 3's row is the first of a new run: let it reuse bin 2's (a dedup that compared too little).
    expect(run(false, false, undefined, kernel).w).toEqual(ref);
    expect(run(false, false, (c) => (c.rowOff[3] = c.rowOff[2]!), kernel).w).not.toEqual(ref);
  });
});

describe('the wasm kernel truncates only inside the range where that is ToInt32', () => {
  it('requests far beyond any real one (moves past 2^31 notches) run the JS loop and give its weights', () => {
    const tables = [pair(1 / 31, 1 / 31), pair(1.2 / 31, 0.9 / 31)];
    const run = (kernel: Kernel) => {
      const a = new DeviceArray(6, 5, { tables, notches: 32, carry: false, carryEvery: 7, encoding: enc, wMax: 1, seed: 4, source: 'synthetic', kernel });
      const rng = new Rng(8, 8);
      a.program(Float32Array.from({ length: 30 }, () => rng.normal() * 0.2));
      // lr 1e12: |x| of notchAfter's rounding is ~1e12 notches, where truncation saturates and `| 0` wraps.
      for (let i = 0; i < 20; i++) a.update(Float32Array.from({ length: 6 }, () => rng.uniform()), Float32Array.from({ length: 5 }, () => rng.normal()), i % 2 ? 1e12 : 0.05);
      return Array.from(a.readWeights());
    };
    expect(run('wasm')).toEqual(run('js'));
  });
});

describe('an update split over two threads (wasm kernel, helper thread on the same memory)', () => {
  // 300 x 100 weights: a helper (HELPER_MIN_WEIGHTS), and about 210 live rows x 75 live columns per update, above
  // HELPER_MIN_PAIRS, at the large rate; at the small one most notched updates are below the dead zone and stay on
  // one thread.
  const wide = [pair(1 / 31, 1 / 31), pair(1.2 / 31, 0.9 / 31)];
  const cases = [
    ['continuous', 'continuous', false],
    ['32 notches, carry', 32, true],
  ] as const;
  it.each(cases)('%s: the same weights and statistics as one thread and as the JS loop', async (_, notches, carry) => {
    const run = async (kernel: Kernel, updateThreads: number) => {
      const a = new DeviceArray(300, 100, { tables: wide, notches, carry, carryEvery: 7, encoding: enc, wMax: 1, seed: 12, source: 'synthetic', kernel, updateThreads });
      for (let t = 0; updateThreads > 1 && !a.helperReady && t < 600; t++) await new Promise((r) => setTimeout(r, 50));
      const rng = new Rng(11, 11);
      a.program(Float32Array.from({ length: 300 * 100 }, () => rng.normal() * 0.2));
      for (let i = 0; i < 40; i++) {
        const x = Float32Array.from({ length: 300 }, () => (rng.uniform() < 0.3 ? 0 : rng.uniform()));
        const d = Float32Array.from({ length: 100 }, () => rng.normal() * 0.3);
        a.update(x, d, i % 2 ? 0.0005 : 0.05);
      }
      return { w: Array.from(a.readWeights()), g: a.readConductances(), st: a.stats(), split: a.helperUpdates };
    };
    const two = await run('wasm', 2);
    // every update with work enough was split; some notched updates at the small rate were not
    if (notches === 'continuous') expect(two.split).toBe(40);
    else expect([two.split >= 20, two.split < 40]).toEqual([true, true]);
    for (const other of [await run('wasm', 1), await run('js', 1)]) {
      expect(other.split).toBe(0);
      expect(two.w).toEqual(other.w);
      expect(Array.from(two.g.gPlus)).toEqual(Array.from(other.g.gPlus));
      expect(two.st).toEqual(other.st);
    }
  }, 60_000);
});

describe('periodic carry transfers to the high devices', () => {
  it('a steady push moves the high pair by whole notches, beyond what the low pair alone can hold', () => {
    const a = new DeviceArray(1, 1, { tables: [pair(1 / 31, 0.0001)], notches: 32, carry: true, carryEvery: 4, encoding: { rowSlots: 0, colLevels: 0, stochastic: false }, wMax: 1, seed: 2, source: 'synthetic' });
    a.program(Float32Array.from([0]));
    const hi0 = a.readConductances().gPlus[0]!;
    for (let t = 0; t < 400; t++) a.update(Float32Array.from([1]), Float32Array.from([-1]), 0.02); // +0.02 requested each
    const hi = a.readConductances().gPlus[0]!;
    const notches = (hi - hi0) * 31;
    expect(notches).toBeGreaterThanOrEqual(2);
    expect(Math.abs(notches - Math.round(notches))).toBeLessThan(1e-3);
    expect(a.readWeights()[0]).toBeGreaterThan(0.5); // the low pair alone could hold at most 1/32 of the range
  });
});

describeWith(['shared'], 'reference table directories', () => {
  it('loads CrossSim pairs and names a missing partner', () => {
    const pairs = loadTableDir(join(sharedDir, 'data', 'crosssim-dwmtj-luts', 'DWMTJ_SOT', '0K'));
    expect(pairs.length).toBe(2);
    expect(pairs[0]!.increasing.gBins.length).toBe(501);
    expect(() => loadTableDir(join(sharedDir, 'data', 'nope'))).toThrow(/--tables: .* is not a directory/);
    const lone = mkdtempSync(join(tmpdir(), 'dwtwin-lone-'));
    writeFileSync(join(lone, 'dG_increasing3.txt'), '');
    expect(() => tableDirVariants(lone, 20)).toThrow(/table 3 has no decreasing partner for dG_increasing3.txt/);
  });
  it('a run records the variants a directory really gives (CrossSim holds 10): the 20 default and an explicit 10 agree', () => {
    const dir = join(sharedDir, 'data', 'crosssim-dwmtj-luts', 'DWMTJ_SOT', '300K');
    expect(tableDirVariants(dir, 20)).toBe(10);
    expect(tableDirVariants(dir, 3)).toBe(3);
    const cfg = (variants: number) => mlpConfigFromArgs({ synapse: 'sot-300k', tables: dir, notches: '32', variants, dataset: 'fashion-mnist', epochs: 1, limit: 10, 'test-limit': 10, lr: 0.02, 'row-slots': 8, 'col-levels': 8 });
    expect(JSON.stringify(cfg(20))).toBe(JSON.stringify(cfg(10)));
    expect(JSON.stringify(cfg(20))).not.toBe(JSON.stringify(cfg(9)));
  });
});
