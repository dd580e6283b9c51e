// The vectorized twin gives the reference's words for every configuration and seed (fast-check over random
// configurations, ROMs, states and command streams, errors included).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TILE_OP } from '../../src/semantics/tile-commands.ts';
import { tileParamsSchema, type TileParams } from '../../src/semantics/tile-params.ts';
import { TileReference } from '../../src/semantics/tile-reference.ts';
import { TileTwin } from '../../src/twin/tile-twin.ts';
import { randomSession, tileParamsArb } from '../support/tile-session.ts';

describe('tile twin = tile reference, word for word', () => {
  it('random configurations (sizes not multiples of the lanes, lanes 1/3/16, carry, ADC 1..12 bits, variants, references)', () => {
    fc.assert(
      fc.property(tileParamsArb, fc.integer({ min: 0, max: 2 ** 31 }), (p, seed) => {
        tileParamsSchema.parse(p);
        const ref = new TileReference(p);
        const twin = new TileTwin(p);
        for (const c of randomSession(p, seed, 60)) expect(twin.execute(c)).toEqual(ref.execute(c));
      }),
      { numRuns: 150, seed: 13 },
    );
  });

  it("random configurations with the pipelined UPDATE (update: 'pipelined': its own cycle counts)", () => {
    fc.assert(
      fc.property(tileParamsArb, fc.integer({ min: 0, max: 2 ** 31 }), (p0, seed) => {
        const p = tileParamsSchema.parse({ ...p0, update: 'pipelined' });
        const ref = new TileReference(p);
        const twin = new TileTwin(p);
        for (const c of randomSession(p, seed, 60)) expect(twin.execute(c)).toEqual(ref.execute(c));
      }),
      { numRuns: 40, seed: 14 },
    );
  });

  it('13 x 7 with 3 lanes and carry, and the board default, over a longer session', () => {
    for (const p of [
      { rows: 13, cols: 7, notches: 32, variants: 3, carry: true, lanes: 3, rowSlots: 4, colLevels: 4, probBits: 10, moveSpan: 3, levelBits: 8, dacBits: 8, adcBits: 8, adcShare: 4, reference: 'differential' },
      tileParamsSchema.parse({ rows: 64, cols: 32, notches: 32, variants: 4, carry: false, lanes: 4, rowSlots: 4, colLevels: 4, probBits: 10, moveSpan: 3, levelBits: 8, dacBits: 8, adcBits: 8, adcShare: 8, reference: 'differential' }),
    ] as TileParams[]) {
      const ref = new TileReference(p);
      const twin = new TileTwin(p);
      let updates = 0;
      for (const c of randomSession(p, 5, 300)) {
        expect(twin.execute(c)).toEqual(ref.execute(c));
        if (c[0]! >>> 24 === TILE_OP.UPDATE) updates++;
      }
      expect(updates).toBeGreaterThan(100);
    }
  });

  it('the comparison catches a twin that skips the row after a zero row (an off-by-one in the skipping)', () => {
    class Skewed extends TileTwin {
      protected override update(a: number[]) {
        // zero the first non-zero row that follows a zero row, as a wrong skip would
        const p = this.p;
        const b = a.slice();
        for (let i = 1; i < p.rows; i++) {
          const sh = (i & 3) * 8;
          const prev = ((b[(i - 1) >> 2]! >>> (((i - 1) & 3) * 8)) & 0xff) === 0;
          if (prev && ((b[i >> 2]! >>> sh) & 0xff) !== 0) {
            b[i >> 2] = (b[i >> 2]! & ~(0xff << sh)) >>> 0;
            break;
          }
        }
        return super.update(b);
      }
    }
    const p = tileParamsSchema.parse({ rows: 13, cols: 7, notches: 16, variants: 2, carry: false, lanes: 3, rowSlots: 3, colLevels: 3, probBits: 8, moveSpan: 2, levelBits: 6, dacBits: 6, adcBits: 8, adcShare: 3, reference: 'differential' });
    const ref = new TileReference(p);
    const bad = new Skewed(p);
    const diverged = randomSession(p, 9, 100).findIndex((c) => JSON.stringify(bad.execute(c)) !== JSON.stringify(ref.execute(c)));
    expect(diverged).toBeGreaterThan(4);
  });
});
