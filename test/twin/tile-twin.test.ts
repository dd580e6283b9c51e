// The vectorized twin gives the reference's words for every configuration and seed (fast-check over random
// configurations, ROMs, states and command streams, errors included).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/base/rng.ts';
import { header } from '../../src/semantics/command-port.ts';
import { TILE_OP, tileEncode } from '../../src/semantics/tile-commands.ts';
import { tileParamsSchema, tileSizes, type TileParams } from '../../src/semantics/tile-params.ts';
import { TileReference } from '../../src/semantics/tile-reference.ts';
import { emptyTransitionRom } from '../../src/semantics/tile-rom-layout.ts';
import { TileTwin } from '../../src/twin/tile-twin.ts';

export const tileParamsArb: fc.Arbitrary<TileParams> = fc
  .record({
    rows: fc.integer({ min: 1, max: 14 }),
    cols: fc.integer({ min: 1, max: 18 }),
    notches: fc.integer({ min: 2, max: 40 }),
    variants: fc.integer({ min: 1, max: 4 }),
    carry: fc.boolean(),
    lanes: fc.constantFrom(1, 3, 16),
    rowSlots: fc.integer({ min: 1, max: 5 }),
    colLevels: fc.integer({ min: 1, max: 4 }),
    probBits: fc.integer({ min: 1, max: 16 }),
    moveSpan: fc.integer({ min: 1, max: 5 }),
    levelBits: fc.integer({ min: 1, max: 12 }),
    dacBits: fc.integer({ min: 1, max: 12 }),
    adcBits: fc.integer({ min: 1, max: 12 }),
    adcShare: fc.integer({ min: 1, max: 9 }),
    reference: fc.constantFrom('differential' as const, 'differential' as const, 'parallel' as const),
  })
  .map((p) => ({ ...p, lanes: Math.min(p.lanes, p.cols), carry: p.carry && p.reference === 'differential' }));

/** A random session: ROMs, variants, states, then updates, reads, carries, ADC settings and some bad commands. */
export function randomSession(p: TileParams, seed: number, ops: number): number[][] {
  const rng = new Rng(seed, 7);
  const sz = tileSizes(p);
  const int = (lo: number, hi: number) => lo + rng.int(hi - lo + 1);
  const rom = emptyTransitionRom(p);
  for (let e = 0; e < rom.m0.length; e++) rom.m0[e] = int(-2, 1);
  for (let i = 0; i < rom.t.length; i++) rom.t[i] = rng.int(2 ** p.probBits);
  const cmds: number[][] = [
    tileEncode.loadLevels(0, Array.from({ length: sz.levelEntries }, () => rng.int(2 ** p.levelBits))),
    tileEncode.loadTransitions(p, rom, 0, sz.transitionEntries),
    tileEncode.writeVariants(0, Array.from({ length: sz.devices }, () => rng.int(p.variants))),
    tileEncode.writeStates(0, Array.from({ length: sz.devices }, () => rng.int(p.notches))),
    tileEncode.setSeed(rng.u32(), rng.u32()),
  ];
  const code = (lim: number, density: number) => (rng.uniform() < density ? int(-lim, lim) : 0);
  const input = () => int(-(2 ** (p.dacBits - 1)), 2 ** (p.dacBits - 1) - 1) * (rng.uniform() < 0.7 ? 1 : 0);
  for (let o = 0; o < ops; o++) {
    const k = rng.int(20);
    if (k < 8) {
      const d = rng.uniform();
      cmds.push(tileEncode.update(Array.from({ length: p.rows }, () => code(p.rowSlots, d)), Array.from({ length: p.cols }, () => code(p.colLevels, d))));
    } else if (k < 10) cmds.push(tileEncode.forward(Array.from({ length: p.rows }, input)));
    else if (k < 12) cmds.push(tileEncode.transpose(Array.from({ length: p.cols }, input)));
    else if (k < 13) cmds.push(tileEncode.carry());
    else if (k < 14) cmds.push(tileEncode.setAdc(int(0, sz.maxAdcShift + 1), rng.int(2 ** p.levelBits + 1)));
    else if (k < 15) cmds.push(tileEncode.readStates(int(0, sz.devices), int(0, 9)));
    else if (k < 16) cmds.push(tileEncode.status());
    else if (k < 17) cmds.push(tileEncode.writeStates(int(0, sz.devices - 1), Array.from({ length: int(0, 5) }, () => int(0, p.notches))));
    else if (k < 18) cmds.push(tileEncode.update(Array.from({ length: p.rows }, () => int(-p.rowSlots - 1, p.rowSlots + 1)), Array.from({ length: p.cols }, () => code(p.colLevels, 0.5)))); // sometimes out of range
    else if (k < 19) cmds.push([header(int(0, 20), 3), rng.u32(), rng.u32(), rng.u32()]); // unknown or wrong length
    else cmds.push(tileEncode.info());
  }
  cmds.push(tileEncode.readStates(0, sz.devices), tileEncode.status());
  return cmds;
}

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
