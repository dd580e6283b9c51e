// Shaped devices (papers 001, 002) as tile table sets: each entry's move distribution is the chain's row within
// 2^-P, the trapezoid's reset is one-shot, and the twin executes these ROMs word for word as the reference.
import { describe, expect, it } from 'vitest';
import { tileEncode } from '../../src/semantics/tile-commands.ts';
import { tileParamsSchema, tileSizes, type TileParams } from '../../src/semantics/tile-params.ts';
import { TileReference } from '../../src/semantics/tile-reference.ts';
import { deriveTileRoms } from '../../src/semantics/tile-roms.ts';
import { transitionIndex } from '../../src/semantics/tile-rom-layout.ts';
import { chainTableSet, shapedChain, shapedTableSetNames } from '../../src/semantics/tile-shaped.ts';
import { TileTwin } from '../../src/twin/tile-twin.ts';
import { randomSession } from '../support/tile-session.ts';

// drive units: request codes 1..16 reach 0.25..4 V (paper 001) or 0.1..1.6 x the nominal current (paper 002)
const unitOf = (name: string) => (name === 'quantized-5' ? 0.1 : 0.25);

describe('shaped devices as tile table sets', () => {
  for (const name of shapedTableSetNames) {
    it(`${name}: every entry's move distribution is the chain's within 2^-P`, () => {
      const chain = shapedChain(name);
      const N = chain.levels.length;
      const P = 12;
      const p: TileParams = tileParamsSchema.parse({ rows: 3, cols: 2, notches: N, variants: 1, carry: false, lanes: 1, rowSlots: 4, colLevels: 4, probBits: P, moveSpan: N - 1, levelBits: 8, dacBits: 6, adcBits: 8, adcShare: 1, reference: name === 'quantized-5' ? 'parallel' : 'differential' });
      const roms = deriveTileRoms(p, chainTableSet(chain, unitOf(name)));
      expect(roms.foldedMax).toBe(0);
      for (let dir = 0; dir < 2; dir++)
        for (let n = 0; n < N; n++)
          for (let q = 1; q <= 16; q++) {
            const row = chain.row(n, (dir === 0 ? 1 : -1) * q * unitOf(name));
            const e = transitionIndex(p, 0, dir, n, q);
            const m0 = roms.transitions.m0[e]!;
            // P(target >= n + m) from the ROM vs the chain
            for (let m = -N; m <= N; m++) {
              let want = 0;
              for (let k = Math.max(0, n + m); k < N; k++) want += row[k]!;
              const kk = m - m0 - 1;
              const got = m <= m0 ? 1 : kk >= p.moveSpan ? 0 : (2 ** P - 1 - roms.transitions.t[e * p.moveSpan + kk]!) / 2 ** P;
              if (n + m <= 0) continue; // clamped at the track end: every move lands there
              expect(Math.abs(got - want)).toBeLessThanOrEqual(2 ** -P + 1e-12);
            }
          }
      // and the twin runs these ROMs as the reference does
      const sz = tileSizes(p);
      const ref = new TileReference(p);
      const twin = new TileTwin(p);
      const load = [...tileEncode.loadLevels(0, roms.levels), ...tileEncode.loadTransitions(p, roms.transitions, 0, sz.transitionEntries)];
      expect(twin.execute(load)).toEqual(ref.execute(load));
      for (const c of randomSession(p, 4, 60).slice(2)) expect(twin.execute(c)).toEqual(ref.execute(c)); // the session's own ROM loads skipped
    });
  }

  it('trapezoid: from the last notch a reset-level drive returns the wall to the reset state in one shot', () => {
    const chain = shapedChain('trapezoid');
    const p = tileParamsSchema.parse({ rows: 1, cols: 1, notches: 4, variants: 1, carry: false, lanes: 1, rowSlots: 4, colLevels: 4, probBits: 12, moveSpan: 3, levelBits: 8, dacBits: 6, adcBits: 8, adcShare: 1, reference: 'differential' });
    const roms = deriveTileRoms(p, chainTableSet(chain, 0.25));
    const e = transitionIndex(p, 0, 1, 3, 16); // decreasing, from notch 3, 4 V
    expect(roms.transitions.m0[e]).toBe(-3); // no stop in between
    const e2 = transitionIndex(p, 0, 1, 3, 12); // 3 V: below the 3.7 V reset
    expect(roms.transitions.m0[e2]).toBe(0);
  });
});
