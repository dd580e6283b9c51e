// Transition and level ROMs derived from the float device: with P = 16 the integer device moves exactly as the float
// device (DeviceArray) for the same request and draw; with P < 16 its move distribution is within 2^-P.
import { describe, expect, it } from 'vitest';
import { DeviceArray } from '../../src/accel/device-array.ts';
import { draw32 } from '../../src/base/rng.ts';
import { notchAfter, prepare } from '../../src/devices/synapse/notch-step.ts';
import type { DeltaGTable, DeltaGTablePair } from '../../src/devices/synapse/lut.ts';
import { decodeBytes, splitResponses, tileEncode } from '../../src/semantics/tile-commands.ts';
import { moveNotch } from '../../src/semantics/tile-arith.ts';
import { tileDefaults, tileSizes, type TileParams } from '../../src/semantics/tile-params.ts';
import { TileReference } from '../../src/semantics/tile-reference.ts';
import { deriveTileRoms, floatTableSet } from '../../src/semantics/tile-roms.ts';
import { transitionIndex } from '../../src/semantics/tile-rom-layout.ts';

/** Synthetic tables with a wide, skewed spread (one pulse moves 0..3 notches) and a conductance-dependent mean. */
function table(direction: 'increasing' | 'decreasing', mean: number, spread: number): DeltaGTable {
  const nb = 11;
  const nq = 37;
  const gBins = Float64Array.from({ length: nb }, (_, j) => 1 + j / (nb - 1));
  const cdf = Float64Array.from({ length: nq }, (_, k) => k / (nq - 1));
  const sign = direction === 'increasing' ? 1 : -1;
  const dG = new Float64Array(nq * nb);
  for (let k = 0; k < nq; k++) for (let j = 0; j < nb; j++) dG[k * nb + j] = sign * mean * (1 - 0.3 * (j / nb) * sign) + spread * (cdf[k]! - 0.3 * sign) ** 3 * 4; // ascending: an inverse CDF
  return { direction, gBins, cdf, dG, header: 'synthetic' };
}
const pair = (mean: number, spread: number): DeltaGTablePair => ({ increasing: table('increasing', mean, spread), decreasing: table('decreasing', mean, spread) });
const tables = [pair(1 / 31, 1.5 / 31), pair(1.2 / 31, 1 / 31)];
const params: TileParams = { ...tileDefaults, rows: 1, cols: 64, lanes: 4, notches: 32, variants: 2, probBits: 16, moveSpan: 8, rowSlots: 1, colLevels: 1 };

describe('tile ROMs from the float device', () => {
  it('P = 16: every entry moves as notchAfter for every quantile row', () => {
    const p: TileParams = { ...params, rowSlots: 3, colLevels: 2 };
    const unit = 0.004;
    const set = floatTableSet(tables, p.notches, unit);
    const roms = deriveTileRoms(p, set);
    expect(roms.foldedMax).toBe(0);
    const nt = set.nt;
    const top = p.notches - 1;
    let moved = 0;
    for (let v = 0; v < 2; v++)
      for (let dir = 0; dir < 2; dir++)
        for (let n = 0; n < p.notches; n++)
          for (let q = 1; q <= 6; q++) {
            const e = transitionIndex(p, v, dir, n, q);
            const t = (v << 1) | dir;
            const en = t * p.notches + n;
            const abs = q * unit;
            for (let u = 0; u < 65536; u += 97) {
              const want = notchAfter(nt.level[v * p.notches + n]!, abs * nt.invMean[t]!, nt.rowAve[en]!, Math.sqrt(abs) * nt.rootInvMean[t]!, nt.dG[nt.rowOff[en]! + ((u * nt.nq) >>> 16)]!, nt.gMin[v]!, nt.scale[v]!, top);
              const got = moveNotch(n, roms.transitions.m0[e]!, roms.transitions.t, e * p.moveSpan, p.moveSpan, u, top);
              if (got !== want) throw new Error(`v ${v} dir ${dir} n ${n} p ${q} u ${u}: ${got} vs ${want}`);
              if (got !== n) moved++;
            }
          }
    expect(moved).toBeGreaterThan(1000); // the comparison saw moves, not only rests
  });

  it('P = 16: a tile driven by the same requests and draws ends in the same notches as DeviceArray', () => {
    const lr = 0.04;
    const wMax = 1;
    const seed = 11;
    const dev = new DeviceArray(1, 64, { tables, notches: 32, carry: false, carryEvery: 100, encoding: { rowSlots: 1, colLevels: 1, stochastic: false }, wMax, seed, source: 'synthetic', exhaustive: true });
    dev.program(new Float32Array(64));
    const inc0 = prepare(tables[0]!.increasing);
    const wScale = wMax / (inc0.gMax - inc0.gMin);
    const unit = lr / wScale / 2; // DeviceArray's |gain| for full-scale codes
    const set = floatTableSet(tables, 32, unit);
    const roms = deriveTileRoms(params, set);
    expect(roms.foldedMax).toBe(0); // else the span would cut the float device's largest moves
    const sz = tileSizes(params);
    const variant = Array.from({ length: sz.devices }, (_, d) => draw32(seed, d, 0xfffffff0) % 2);
    const gMid = (inc0.gMin + inc0.gMax) / 2;
    const notchOf = (d: number, g: number) => Math.min(31, Math.max(0, ((g - set.nt.gMin[variant[d]!]!) * set.nt.scale[variant[d]!]! + 0.5) | 0));
    const tile = new TileReference(params);
    tile.execute([...tileEncode.loadLevels(0, roms.levels), ...tileEncode.loadTransitions(params, roms.transitions, 0, sz.transitionEntries), ...tileEncode.writeVariants(0, variant), ...tileEncode.writeStates(0, variant.map((_, d) => notchOf(d, gMid))), ...tileEncode.setSeed(seed, 0)]);
    let moves = 0;
    for (let s = 0; s < 40; s++) {
      const sign = Array.from({ length: 64 }, (_, j) => (draw32(5, j, s) & 1 ? 1 : -1));
      dev.update(Float32Array.of(1), Float32Array.from(sign), lr);
      tile.execute(tileEncode.update([1], sign.map((x) => -x))); // the host negates the error
      const { gPlus, gMinus } = dev.readConductances();
      const want = Array.from({ length: 64 }, (_, k) => [notchOf(2 * k, gPlus[k]!), notchOf(2 * k + 1, gMinus[k]!)]).flat();
      const got = Array.from(decodeBytes(splitResponses(tile.execute(tileEncode.readStates(0, 128)))[0]!.results, 128));
      expect(got).toEqual(want);
      moves += want.filter((n, d) => n !== notchOf(d, gMid)).length;
    }
    expect(moves).toBeGreaterThan(500);
  });

  it('P < 16: each cumulative move probability is within 2^-P of the float one', () => {
    for (const P of [4, 8, 12]) {
      const p: TileParams = { ...params, probBits: P, rowSlots: 2, colLevels: 2 };
      const set = floatTableSet(tables, p.notches, 0.006);
      const exact = deriveTileRoms({ ...p, probBits: 16 }, set);
      const coarse = deriveTileRoms(p, set);
      let worst = 0;
      for (let e = 0; e < exact.transitions.m0.length; e++) {
        // P(move >= m) on both grids for every m in the span
        const cum = (rom: typeof exact.transitions, bits: number, m: number) => {
          const m0 = rom.m0[e]!;
          if (m <= m0) return 1;
          const k = m - m0 - 1;
          if (k >= p.moveSpan) return 0;
          return (2 ** bits - 1 - rom.t[e * p.moveSpan + k]!) / 2 ** bits;
        };
        for (let m = -4; m <= 8; m++) worst = Math.max(worst, Math.abs(cum(exact.transitions, 16, m) - cum(coarse.transitions, P, m)));
      }
      expect(worst).toBeLessThanOrEqual(2 ** -P);
      expect(worst).toBeGreaterThan(0);
    }
  });

  it('reports mass beyond m0 + K and refuses a table set with fewer variants than asked', () => {
    const r = deriveTileRoms({ ...params, moveSpan: 1, rowSlots: 4, colLevels: 4 }, floatTableSet(tables, 32, 0.02));
    expect(r.foldedEntries).toBeGreaterThan(0);
    expect(r.foldedMax).toBeGreaterThan(0);
    expect(() => deriveTileRoms({ ...params, variants: 3 }, floatTableSet(tables, 32, 0.01))).toThrow(/has 2 variant\(s\), the tile asks for 3/);
  });

  it('level codes span 0 .. 2^G - 1 over all variants', () => {
    const r = deriveTileRoms({ ...params, probBits: 8 }, floatTableSet(tables, 32, 0.01));
    expect(Math.min(...r.levels)).toBe(0);
    expect(Math.max(...r.levels)).toBe(255);
  });
});
