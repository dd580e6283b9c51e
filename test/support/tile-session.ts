// Random tile configurations and command sessions for the differential tests (twin vs reference, levels vs twin).
import fc from 'fast-check';
import { Rng } from '../../src/base/rng.ts';
import { header } from '../../src/semantics/command-port.ts';
import { tileEncode } from '../../src/semantics/tile-commands.ts';
import { tileSizes, type TileParams } from '../../src/semantics/tile-params.ts';
import { emptyTransitionRom } from '../../src/semantics/tile-rom-layout.ts';

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
  // Still entries (no move whatever the draw), as small requests have: the twin skips their pairs.
  for (let e = 0; e < rom.m0.length; e++) if (rng.uniform() < 0.4) ((rom.m0[e] = 0), rom.t.fill(2 ** p.probBits - 1, e * p.moveSpan, (e + 1) * p.moveSpan));
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

