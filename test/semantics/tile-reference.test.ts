// The tile's reference executor: hand-computed cases of every command, the checks' order and effects, and the schema.
import { describe, expect, it } from 'vitest';
import { draw32 } from '../../src/base/rng.ts';
import { header } from '../../src/semantics/command-port.ts';
import { TILE_OP, TILE_STATUS, decodeBytes, decodeCodes, infoWords, splitResponses, tileEncode } from '../../src/semantics/tile-commands.ts';
import { tileDefaults, tileParamsSchema, tileSizes, type TileParams } from '../../src/semantics/tile-params.ts';
import { TileReference } from '../../src/semantics/tile-reference.ts';
import { emptyTransitionRom, transitionIndex } from '../../src/semantics/tile-rom-layout.ts';
import { carryWeight } from '../../src/semantics/tile-arith.ts';

const small: TileParams = { ...tileDefaults, rows: 2, cols: 3, notches: 4, variants: 1, lanes: 2, rowSlots: 2, colLevels: 2, probBits: 16, moveSpan: 1, levelBits: 8, dacBits: 4, adcBits: 6, adcShare: 2 };

/** A tile whose devices move exactly one notch per request in the asked direction (threshold "never"). */
function deterministicTile(p: TileParams): TileReference {
  const t = new TileReference(p);
  const rom = emptyTransitionRom(p);
  for (let dir = 0; dir < 2; dir++)
    for (let n = 0; n < p.notches; n++)
      for (let q = 1; q <= p.rowSlots * p.colLevels; q++) {
        const e = transitionIndex(p, 0, dir, n, q);
        rom.m0[e] = dir === 0 ? 1 : -1;
        rom.t.fill(2 ** p.probBits - 1, e * p.moveSpan, (e + 1) * p.moveSpan);
      }
  const sz = tileSizes(p);
  const rsp = splitResponses(t.execute([...tileEncode.loadLevels(0, [0, 10, 20, 30]), ...tileEncode.loadTransitions(p, rom, 0, sz.transitionEntries), ...tileEncode.writeStates(0, new Array(sz.devices).fill(2))]));
  expect(rsp.map((r) => r.status)).toEqual([0, 0, 0]);
  return t;
}

describe('tile reference', () => {
  it('updates, reads forward and transposed, counts cycles (hand-computed)', () => {
    const t = deterministicTile(small);
    // r = [1, 0], c = [2, 0, -1]: pair (0,0) increases (G+ up, G- down), pair (0,2) decreases.
    const [u] = splitResponses(t.execute(tileEncode.update([1, 0], [2, 0, -1])));
    // touched 2; cycles = 7 fixed + 1 row * (0 + 2 active groups of lanes 2: {c0,c1}, {c2} x 8-cycle pair-steps)
    expect(u).toEqual({ status: 0, results: [2, 23] });
    const [s] = splitResponses(t.execute(tileEncode.readStates(0, 12)));
    expect(Array.from(decodeBytes(s!.results, 12))).toEqual([3, 1, 2, 2, 1, 3, 2, 2, 2, 2, 2, 2]);
    // W (level codes): row 0 = [30-10, 0, 10-30] = [20, 0, -20], row 1 = 0.
    const [f] = splitResponses(t.execute(tileEncode.forward([3, -2])));
    expect(Array.from(decodeCodes(f!.results, 3))).toEqual([31, 0, -32]); // 60, 0, -60 saturated to 6 bits
    expect(f!.results.at(-1)).toBe(3 + 2 * 2 + 2); // 2 non-zero inputs x 2 groups, 2 conversions
    t.execute(tileEncode.setAdc(2, 0));
    const [g] = splitResponses(t.execute(tileEncode.forward([3, -2])));
    expect(Array.from(decodeCodes(g!.results, 3))).toEqual([15, 0, -15]); // (60 + 2) >> 2, (-60 + 2) >> 2
    const [h] = splitResponses(t.execute(tileEncode.transpose([1, 5, 1])));
    expect(Array.from(decodeCodes(h!.results, 2))).toEqual([0, 0]); // (20 - 20 + 2) >> 2 = 0
    expect(h!.results.at(-1)).toBe(3 + 2 * 2 + 2);
  });

  it('draws one 32-bit word per pair and step: halves for G+ and G-, P bits each', () => {
    const p: TileParams = { ...small, probBits: 3 };
    const t = deterministicTile(p);
    // Rewrite every entry: m0 0, threshold 3: a device moves by one iff its 3-bit draw exceeds 3.
    const rom = emptyTransitionRom(p);
    rom.t.fill(3);
    for (let e = 0; e < rom.m0.length; e++) rom.m0[e] = 0;
    t.execute([...tileEncode.loadTransitions(p, rom, 0, rom.m0.length), ...tileEncode.setSeed(77, 40)]);
    t.execute(tileEncode.update([2, 2], [1, 1, 1]));
    const [s] = splitResponses(t.execute(tileEncode.readStates(0, 12)));
    const got = Array.from(decodeBytes(s!.results, 12));
    const want: number[] = [];
    for (let k = 0; k < 6; k++) {
      const bits = draw32(77, k, 41);
      want.push(2 + ((bits & 0xffff) >>> 13 > 3 ? 1 : 0), 2 + ((bits >>> 16) >>> 13 > 3 ? 1 : 0));
    }
    expect(got).toEqual(want);
  });

  it('answers errors without hanging, consumes all words, in the documented order', () => {
    const t = deterministicTile(small);
    const words = [
      header(0x7f, 3), 1, 2, 3, // unknown opcode: consumed whole
      header(TILE_OP.SET_SEED, 1), 5, // wrong length
      header(TILE_OP.READ_STATES, 2), 10, 5, // 10 + 5 > 12 devices
      ...tileEncode.update([3, 0], [1, 0, 0]), // |r| > rowSlots: no effect
      ...tileEncode.carry(), // built without carry
      ...tileEncode.forward([8, 0]), // outside 4-bit signed
      ...tileEncode.writeStates(0, [1, 9, 1]), // writes device 0, stops at 9
      ...tileEncode.status(),
    ];
    const r = splitResponses(t.execute(words));
    expect(r.map((x) => x.status)).toEqual([TILE_STATUS.UNKNOWN_OPCODE, TILE_STATUS.BAD_LENGTH, TILE_STATUS.ARG_OUT_OF_RANGE, TILE_STATUS.ARG_OUT_OF_RANGE, TILE_STATUS.NO_CARRY, TILE_STATUS.ARG_OUT_OF_RANGE, TILE_STATUS.ARG_OUT_OF_RANGE, 0]);
    expect(r.at(-1)!.results).toEqual([3 + 7, 7, 0, 0]); // 3 loads + 7 commands so far, 7 errors, no update
    const [s] = splitResponses(t.execute(tileEncode.readStates(0, 3)));
    expect(Array.from(decodeBytes(s!.results, 3))).toEqual([1, 2, 2]);
  });

  it('accepts a command split across calls', () => {
    const t = new TileReference(small);
    const w = tileEncode.info();
    expect(t.execute([])).toEqual([]);
    expect(splitResponses(t.execute(w))[0]!.results).toEqual(infoWords(small));
    const s = tileEncode.setSeed(1, 2);
    expect(t.execute(s.slice(0, 2))).toEqual([]);
    expect(t.execute(s.slice(2))).toEqual([header(0, 0)]);
  });

  it('carries one notch into the high pair, nearer the centre, and re-centres the low pair', () => {
    expect(carryWeight(16, 15, 20, 12, 32)).toBeNull(); // d = 8 < 16
    expect(carryWeight(16, 15, 28, 10, 32)).toEqual({ hiPlus: 17, hiMinus: 15, loPlus: 9, loMinus: 23 }); // d 18 -> q 1, rest -14
    expect(carryWeight(20, 15, 28, 10, 32)).toEqual({ hiPlus: 20, hiMinus: 14, loPlus: 9, loMinus: 23 }); // hi+ above centre: hi- steps down
    expect(carryWeight(16, 15, 0, 17, 32)).toEqual({ hiPlus: 16, hiMinus: 16, loPlus: 24, loMinus: 9 }); // d -17 -> q -1, rest 15
  });

  it('refuses unbuildable parameter sets, naming the field', () => {
    const issue = (q: Partial<TileParams>) => {
      const r = tileParamsSchema.safeParse({ ...tileDefaults, ...q });
      return r.success ? 'ok' : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    };
    expect(issue({})).toBe('ok');
    expect(issue({ lanes: 40 })).toMatch(/^lanes: lanes \(40\)/);
    expect(issue({ carry: true, reference: 'parallel' })).toMatch(/^carry:/);
    expect(issue({ probBits: 17 })).toMatch(/^probBits/);
    expect(issue({ adcBits: 0 })).toMatch(/^adcBits/);
    expect(issue({ notches: 256, variants: 32, rowSlots: 127, colLevels: 127 })).toMatch(/^notches: the transition ROM/);
    expect(issue({ rows: 4096, cols: 4096, carry: true })).toMatch(/^rows:/);
    expect(issue({ dacBits: 16, levelBits: 16, carry: true, notches: 256, rows: 4096 })).toMatch(/^dacBits: the accumulator/);
  });
});
