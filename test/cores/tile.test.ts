// The tile core against the semantics: the compiled cycle simulation answers every command with the same words
// (reported cycles included) as the reference executor and the vectorized twin, over configurations that are not
// multiples of the lanes (13 x 7), lanes 1 / 3 / 16, carry on and off, the parallel reference, ADC bits 1..12,
// one and several variants, P = 16, and random command streams with malformed commands. An injected off-by-one in
// the walk over the non-zero rows is caught at the first UPDATE it affects. Against Verilator: the same streams
// through the streaming harness, and `dwtwin cosim`'s lockstep with command traffic. The pipelined UPDATE
// (`update: 'pipelined'`): the same checks on two configurations, the same states and responses as the serial one
// (cycle counts aside), and a write-back at the wrong pipeline stage is caught.
import { describe, expect, it } from 'vitest';
import { crossCheck } from '../../src/kernel/cosim/lockstep.ts';
import { streamStimulus, findCore } from '../../src/cores/registry.ts';
import { TileCommandSource } from '../../src/cores/tile/random-commands.ts';
import { tileDesign, tileOnTsSim, tileOnVerilator } from '../../src/cores/tile/tile-sim.ts';
import type { TileCoreParams } from '../../src/cores/tile.ts';
import { commandName, splitResponses, TILE_OP, tileEncode } from '../../src/semantics/tile-commands.ts';
import { tileDefaults, tileParamsSchema, tileSizes, type TileParams } from '../../src/semantics/tile-params.ts';
import { TileReference } from '../../src/semantics/tile-reference.ts';
import { TileTwin } from '../../src/twin/tile-twin.ts';
import { describeWith } from '../support/requirements.ts';

const base: TileParams = { ...tileDefaults, rows: 13, cols: 7, notches: 8, variants: 2, lanes: 3, rowSlots: 2, colLevels: 3, probBits: 10, moveSpan: 3, adcShare: 2 };
const configs: [string, TileParams][] = [
  ['13x7, 1 lane, 1 variant, 1-bit ADC', { ...base, lanes: 1, variants: 1, adcBits: 1 }],
  ['13x7, 3 lanes, carry, 12-bit ADC, 3 variants', { ...base, carry: true, adcBits: 12, variants: 3, adcShare: 5 }],
  ['5x16, 16 lanes, parallel reference, P = 16, K = 1', { ...base, rows: 5, cols: 16, lanes: 16, reference: 'parallel', probBits: 16, moveSpan: 1, adcBits: 6 }],
  ['6x9, 3 lanes, carry, 16-bit DAC and levels, one ADC per output', { ...base, rows: 6, cols: 9, carry: true, dacBits: 16, levelBits: 16, adcBits: 16, adcShare: 1, notches: 5 }],
];
const pipelined = (p: TileParams): TileParams => ({ ...p, update: 'pipelined' });
const pipelinedConfigs: [string, TileParams][] = [1, 2].map((i) => [`pipelined UPDATE: ${configs[i]![0]}`, pipelined(configs[i]![1])]);

/** Run `commands` on a core runner and a reference; index of the first differing command (or -1). */
function firstDivergence(core: { execute(w: number[]): number[] }, ref: { execute(w: number[]): number[] }, commands: number[][]): number {
  for (let i = 0; i < commands.length; i++) {
    const got = core.execute(commands[i]!);
    const want = ref.execute(commands[i]!);
    if (got.length !== want.length || got.some((w, k) => w !== want[k])) return i;
  }
  return -1;
}

function stream(p: TileParams, seed: number, n: number): number[][] {
  const src = new TileCommandSource(p, seed);
  return [...src.setup(), ...Array.from({ length: n }, () => src.next())];
}

describe('tile core (cycle simulation) = reference = twin', () => {
  for (const [name, p] of [...configs, ...pipelinedConfigs]) {
    it(name, () => {
      expect(tileParamsSchema.safeParse(p).success).toBe(true);
      const cmds = stream(p, 11, 160);
      const core = tileOnTsSim(p);
      const ref = new TileReference(p);
      const twin = new TileTwin(p);
      let updates = 0;
      for (const [i, c] of cmds.entries()) {
        const got = core.execute(c);
        const want = ref.execute(c);
        expect(got, `command ${i} (${commandName(c[0]! >>> 24)})`).toEqual(want);
        expect(twin.execute(c)).toEqual(want);
        if (c[0]! >>> 24 === TILE_OP.UPDATE && splitResponses(want)[0]!.status === 0) updates++;
      }
      expect(updates).toBeGreaterThan(20); // the stream is not vacuous
    }, 120_000);
  }

  it('several commands in one call answer as one call each', () => {
    const p = configs[1]![1];
    const cmds = stream(p, 5, 40);
    const core = tileOnTsSim(p);
    const ref = new TileReference(p);
    expect(core.execute(cmds.flat())).toEqual(ref.execute(cmds.flat()));
  }, 60_000);

  it('an off-by-one in the walk over the non-zero rows is caught at the first UPDATE it changes', () => {
    const p = configs[1]![1];
    const cmds = stream(p, 7, 120);
    const faulty: TileCoreParams = { ...p, fault: 'row-list-off-by-one' };
    const at = firstDivergence(tileOnTsSim(faulty), new TileReference(p), cmds);
    // The fault walks one listed row too far: the first successful UPDATE with a non-zero row and an active group.
    const ref = new TileReference(p);
    let expected = -1;
    for (const [i, c] of cmds.entries()) {
      const r = splitResponses(ref.execute(c))[0]!;
      if (c[0]! >>> 24 === TILE_OP.UPDATE && r.status === 0 && r.results[1]! > 7) {
        expected = i;
        break;
      }
    }
    expect(expected).toBeGreaterThan(0);
    expect(at).toBe(expected);
  }, 60_000);

  // The words of a response that count cycles: UPDATE's second result, STATUS's fourth (its cycle counter).
  const withoutCycles = (c: number[], r: number[]) =>
    splitResponses(r).map((x) => ({ ...x, results: c[0]! >>> 24 === TILE_OP.UPDATE && x.status === 0 ? x.results.slice(0, 1) : c[0]! >>> 24 === TILE_OP.STATUS ? x.results.slice(0, 3) : x.results }));

  it('pipelined and serial UPDATE give the same states and responses, in fewer cycles', () => {
    for (const i of [0, 1]) {
      const p = configs[i]![1];
      const cmds = [...stream(p, 17, 150), tileEncode.readStates(0, tileSizes(p).devices)];
      const serial = tileOnTsSim(p);
      const piped = tileOnTsSim(pipelined(p));
      let faster = 0;
      for (const [k, c] of cmds.entries()) {
        const a = serial.execute(c);
        const b = piped.execute(c);
        expect(withoutCycles(c, b), `command ${k} (${commandName(c[0]! >>> 24)})`).toEqual(withoutCycles(c, a));
        if (c[0]! >>> 24 === TILE_OP.UPDATE && a[2]! > b[2]!) faster++;
      }
      expect(faster).toBeGreaterThan(10);
    }
  }, 60_000);

  it('a pipelined write-back at the wrong stage is caught at the first read after an UPDATE that moved a device', () => {
    const p = pipelined(configs[1]![1]);
    const cmds = stream(p, 7, 120);
    const at = firstDivergence(tileOnTsSim({ ...p, fault: 'pipeline-write-early' }), new TileReference(p), cmds);
    const firstMove = cmds.findIndex((c) => c[0]! >>> 24 === TILE_OP.UPDATE);
    expect(at).toBeGreaterThan(firstMove);
    expect(['FORWARD', 'TRANSPOSE', 'READ_STATES', 'CARRY']).toContain(commandName(cmds[at]![0]! >>> 24));
  }, 60_000);
});

describeWith(['verilator'], 'tile core on Verilator', () => {
  it('answers a random stream (with malformed commands) as the reference, through the streaming harness', () => {
    const p = configs[1]![1];
    const v = tileOnVerilator(p);
    try {
      expect(firstDivergence(v, new TileReference(p), stream(p, 13, 150))).toBe(-1);
    } finally {
      v.close();
    }
  }, 300_000);

  for (const [name, p] of [configs[0]!, configs[2]!, pipelinedConfigs[0]!]) {
    it(`cosim lockstep with command traffic: ${name}`, async () => {
      const res = await crossCheck(tileDesign(p), { cycles: 6000, seed: 3, stream: streamStimulus(findCore('tile'), p, 3) });
      expect(res.mismatches).toBe(0);
      expect(res.wordsSent).toBeGreaterThan(500);
    }, 300_000);
  }
});
