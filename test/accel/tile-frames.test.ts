// Tile commands split into link frames and their responses merged: on the twin, chunk by chunk, the same
// responses and the same tile contents as the unsplit command; an error stops its group where the unsplit command
// stops; what cannot split is refused.
import { describe, expect, it } from 'vitest';
import { frameWordsFor, mergeResponses, planCommand } from '../../src/accel/tile-frames.ts';
import { draw32 } from '../../src/base/rng.ts';
import { header, parseHeader, STATUS } from '../../src/semantics/command-port.ts';
import { TILE_OP, tileEncode } from '../../src/semantics/tile-commands.ts';
import { tileDefaults, tileSizes, type TileParams } from '../../src/semantics/tile-params.ts';
import { emptyTransitionRom } from '../../src/semantics/tile-rom-layout.ts';
import { TileTwin } from '../../src/twin/tile-twin.ts';

const p: TileParams = { ...tileDefaults, rows: 13, cols: 7, notches: 8, variants: 2, lanes: 3, rowSlots: 2, colLevels: 3, probBits: 10, moveSpan: 3, adcShare: 2 };
const sz = tileSizes(p);
const maxWords = 16;

/** The twin run frame by frame as the link worker does (a group stops after its first error). */
function viaFrames(t: TileTwin, cmd: number[]): number[] {
  const plan = planCommand(p, cmd, maxWords);
  if ('local' in plan) return plan.local;
  for (const f of plan.frames) expect(f.length).toBeLessThanOrEqual(maxWords);
  const got: number[][] = [];
  let failed = false;
  for (const f of plan.frames) {
    if (failed) {
      got.push([]);
      continue;
    }
    const r = t.execute(f);
    expect(r.length).toBeLessThanOrEqual(maxWords);
    failed = parseHeader(r[0]!).code !== STATUS.OK;
    got.push(r);
  }
  return mergeResponses(got);
}

describe('tile commands as link frames', () => {
  it('sizes the frame for the commands that cannot split (the MLP layer 1 tile: 512 words)', () => {
    expect(frameWordsFor(p)).toBe(16);
    expect(frameWordsFor({ ...tileDefaults, rows: 785, cols: 300, lanes: 8, variants: 20, notches: 32 })).toBe(512);
  });

  it('split writes and reads give the unsplit responses and contents', () => {
    const a = new TileTwin(p);
    const b = new TileTwin(p);
    const states = Array.from({ length: sz.devices }, (_, i) => draw32(3, 1, i) % p.notches);
    const variants = Array.from({ length: sz.devices }, (_, i) => draw32(3, 2, i) % p.variants);
    const levels = Array.from({ length: sz.levelEntries }, (_, i) => draw32(3, 3, i) % 2 ** p.levelBits);
    const rom = emptyTransitionRom(p);
    for (let e = 0; e < sz.transitionEntries; e++) rom.m0[e] = draw32(3, 4, e) % 3;
    for (let i = 0; i < rom.t.length; i++) rom.t[i] = draw32(3, 5, i) % 2 ** p.probBits;
    const cmds = [tileEncode.writeStates(0, states), tileEncode.writeVariants(0, variants), tileEncode.loadLevels(0, levels), tileEncode.loadTransitions(p, rom, 0, sz.transitionEntries), tileEncode.writeStates(5, states.slice(0, 61)), tileEncode.readStates(0, sz.devices), tileEncode.readStates(3, 70)];
    let split = 0;
    for (const c of cmds) {
      const plan = planCommand(p, c, maxWords);
      if ('frames' in plan && plan.frames.length > 1) split++;
      expect(viaFrames(b, c)).toEqual(a.execute(c));
    }
    expect(split).toBeGreaterThanOrEqual(5);
    expect(Array.from(b.states)).toEqual(Array.from(a.states));
    expect(Array.from(b.rom.t)).toEqual(Array.from(a.rom.t));
  });

  it('an out-of-range value stops the split write where the unsplit write stops; a range past the end writes nothing', () => {
    const a = new TileTwin(p);
    const b = new TileTwin(p);
    const states = Array.from({ length: sz.devices }, (_, i) => (i === 150 ? p.notches : i % p.notches));
    const c = tileEncode.writeStates(0, states);
    const want = a.execute(c);
    expect(want[0]! >>> 24).toBe(STATUS.ARG_OUT_OF_RANGE);
    expect(viaFrames(b, c)).toEqual(want);
    expect(Array.from(b.states)).toEqual(Array.from(a.states));
    const past = [header(TILE_OP.WRITE_STATES, 2 + Math.ceil(sz.devices / 4)), 1, sz.devices, ...new Array(Math.ceil(sz.devices / 4)).fill(0)];
    expect(viaFrames(b, past)).toEqual(a.execute(past));
  });

  it('refuses a command that neither fits nor splits', () => {
    const huge = [header(TILE_OP.FORWARD, 40), ...new Array(40).fill(0)];
    expect(() => planCommand(p, huge, maxWords)).toThrow(/does not fit the link's 16-word frame and cannot be split/);
  });
});
