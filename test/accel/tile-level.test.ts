// Tile levels: the twin level, `--check twin` (a flipped ROM bit is caught at the first operation it changes, with
// a report naming it), the registry's "not built yet", and the TileArray periphery (forward, transposed read, update).
import { describe, expect, it } from 'vitest';
import { CheckFailed, InputError } from '../../src/base/errors.ts';
import { CheckedLevel, createTileLevel, isTileLevelBuilt, TwinLevel, type TileLevel } from '../../src/accel/tile-level.ts';
import { TileArray, tileParamsFor } from '../../src/accel/tile-array.ts';
import { TILE_OP } from '../../src/semantics/tile-commands.ts';
import { tileParamsSchema, type TileParams } from '../../src/semantics/tile-params.ts';
import { TileReference } from '../../src/semantics/tile-reference.ts';
import type { DeltaGTable, DeltaGTablePair } from '../../src/devices/synapse/lut.ts';
import { randomSession } from '../support/tile-session.ts';

const p: TileParams = tileParamsSchema.parse({ rows: 6, cols: 5, notches: 4, variants: 1, carry: false, lanes: 2, rowSlots: 1, colLevels: 1, probBits: 8, moveSpan: 2, levelBits: 6, dacBits: 6, adcBits: 8, adcShare: 2, reference: 'differential' });

/** A level whose transition ROM has one flipped bit (in the words it is loaded with). */
class FlippedRomLevel implements TileLevel {
  readonly name = 'flipped';
  private readonly t: TileReference;
  constructor(readonly params: TileParams, private readonly word: number, private readonly bit: number) {
    this.t = new TileReference(params);
  }
  execute(words: readonly number[]): number[] {
    const w = words.slice();
    if (w[0]! >>> 24 === TILE_OP.LOAD_TRANSITIONS) w[3 + this.word] = (w[3 + this.word]! ^ (1 << this.bit)) >>> 0;
    return this.t.execute(w);
  }
}

describe('tile levels', () => {
  it('--check twin stops at the first operation a flipped ROM bit changes, and names it', () => {
    const session = randomSession(p, 4, 80);
    // entry 5's m0 (word 5 * 2 of the payload), bit 0; where does it first matter? (independently: two references)
    const good = new TileReference(p);
    const bad = new FlippedRomLevel(p, 5 * 2, 0);
    const first = session.findIndex((c) => JSON.stringify(good.execute(c)) !== JSON.stringify(bad.execute(c)));
    expect(first).toBeGreaterThan(4); // not at the load: the load itself answers OK
    const checked = new CheckedLevel(new FlippedRomLevel(p, 5 * 2, 0), 'dwtwin replay-me');
    let caught: unknown;
    let op = 0;
    try {
      for (const c of session) {
        checked.execute(c);
        op++;
      }
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CheckFailed);
    expect(op).toBe(first);
    expect((caught as Error).message).toMatch(new RegExp(`diverged at operation ${first} \\((UPDATE|FORWARD|TRANSPOSE|READ_STATES)\\), response word \\d+: expected 0x[0-9a-f]{8}, got 0x[0-9a-f]{8}\\n  replay: dwtwin replay-me`));
  });

  it('an intact level passes the check', () => {
    const checked = new CheckedLevel(new TwinLevel(p), 'x');
    for (const c of randomSession(p, 4, 80)) checked.execute(c);
    expect(checked.operations).toBe(87); // 5 loads + 80 + READ_STATES + STATUS
  });

  it('a level that is not built says so (exit 2)', async () => {
    for (const level of ['cycle', 'verilator'] as const) {
      if (isTileLevelBuilt(level)) continue; // the core's levels have landed (tested with the core)
      await expect(createTileLevel(level, p)).rejects.toThrow(InputError);
      await expect(createTileLevel(level, p)).rejects.toThrow(new RegExp(`--level ${level}: not built yet`));
    }
  });
});

function table(direction: 'increasing' | 'decreasing'): DeltaGTable {
  const nb = 11;
  const nq = 21;
  const gBins = Float64Array.from({ length: nb }, (_, j) => 1 + j / (nb - 1));
  const cdf = Float64Array.from({ length: nq }, (_, k) => k / (nq - 1));
  const dG = new Float64Array(nq * nb);
  for (let k = 0; k < nq; k++) for (let j = 0; j < nb; j++) dG[k * nb + j] = (direction === 'increasing' ? 1 : -1) / 31 + (0.5 / 31) * (cdf[k]! - 0.5);
  return { direction, gBins, cdf, dG, header: 'synthetic' };
}
const tables: DeltaGTablePair[] = [{ increasing: table('increasing'), decreasing: table('decreasing') }];

describe('TileArray periphery', () => {
  const mk = () => {
    const o = { notches: 32, carry: false, rowSlots: 4, colLevels: 4, bits: { lanes: 2, probBits: 12, moveSpan: 4, levelBits: 12, dacBits: 10, adcBits: 12, adcShare: 2 } };
    const params = tileParamsFor(7, 3, o, 1);
    return new TileArray(7, 3, new TwinLevel(params), { ...o, tables, carryEvery: 100, wMax: 1, seed: 3, adcRange: 4, stretch: 50, source: 'synthetic' });
  };
  it('forward and transposed reads match the realised weights within the converters resolution', () => {
    const a = mk();
    a.program(Float32Array.from({ length: 21 }, (_, k) => Math.sin(k) * 0.8));
    const w = a.readWeights();
    const x = Float32Array.from({ length: 7 }, (_, i) => (i % 3) / 2);
    const y = a.forward(x, 1);
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let i = 0; i < 7; i++) s += x[i]! * w[i * 3 + j]!;
      expect(Math.abs(y[j]! - s)).toBeLessThan(0.02);
    }
    const d = Float32Array.of(0.3, -0.1, 0.05);
    const b = a.backward(d);
    for (let i = 0; i < 7; i++) expect(Math.abs(b[i]! - (w[i * 3]! * 0.3 - w[i * 3 + 1]! * 0.1 + w[i * 3 + 2]! * 0.05))).toBeLessThan(0.01);
  });
  it('an update moves weights against x delta (gradient descent)', () => {
    const a = mk();
    a.program(new Float32Array(21));
    const x = Float32Array.of(1, 0, 0, 0, 0, 0, 1);
    for (let s = 0; s < 20; s++) a.update(x, Float32Array.of(0.5, 0, -0.5), 0.05);
    const w = a.readWeights();
    expect(w[0]).toBeLessThan(-0.05);
    expect(w[2]).toBeGreaterThan(0.05);
    expect(w[1]).toBe(0);
    expect(w[3]).toBe(0); // row 1 had x = 0
  });
});
