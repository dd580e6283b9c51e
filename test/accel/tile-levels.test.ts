// The tile's cycle and verilator levels through the level registry, checked against the twin (--check twin's
// wrapper): a session of set-up, updates and reads on a small tile answers word for word as the twin, and a level
// whose core is faulty is stopped at the operation where it first diverges.
import { expect, it } from 'vitest';
import { CheckedLevel, createTileLevel } from '../../src/accel/tile-level.ts';
import { CycleTileLevel } from '../../src/accel/tile-level-cycle.ts';
import { TileCommandSource } from '../../src/cores/tile/random-commands.ts';
import { tileDefaults, type TileParams } from '../../src/semantics/tile-params.ts';
import { TileTwin } from '../../src/twin/tile-twin.ts';
import { describeWith } from '../support/requirements.ts';

const p: TileParams = { ...tileDefaults, rows: 9, cols: 5, lanes: 2, notches: 16, variants: 3, carry: true, rowSlots: 3, colLevels: 2 };

function session(seed: number, n: number): number[][] {
  const src = new TileCommandSource(p, seed);
  return [...src.setup(), ...Array.from({ length: n }, () => src.next())];
}

it('cycle level = twin, command by command and batched', async () => {
  const level = new CheckedLevel(await createTileLevel('cycle', p), 'replay');
  const twin = new TileTwin(p);
  for (const c of session(21, 60)) expect(level.execute(c)).toEqual(twin.execute(c));
  expect(level.operations).toBeGreaterThan(60);
}, 120_000);

it('cycle level with the pipelined UPDATE = twin with the same parameters (cycle counts included)', async () => {
  const q: TileParams = { ...p, update: 'pipelined' };
  const level = new CheckedLevel(await createTileLevel('cycle', q), 'replay');
  const twin = new TileTwin(q);
  for (const c of session(23, 60)) expect(level.execute(c)).toEqual(twin.execute(c));
  expect(level.operations).toBeGreaterThan(60);
}, 120_000);

it('a faulty core behind the cycle level is stopped at its first divergence, naming the operation', () => {
  const level = new CheckedLevel(new CycleTileLevel(p, { ...p, fault: 'row-list-off-by-one' }), 'dwtwin train ... --level cycle --check twin');
  let err: Error | undefined;
  try {
    for (const c of session(21, 60)) level.execute(c);
  } catch (e) {
    err = e as Error;
  }
  expect(err?.message).toMatch(/diverged at operation \d+ \(UPDATE\), response word \d+/);
  expect(err?.message).toContain('replay: dwtwin train');
}, 120_000);

describeWith(['verilator'], 'verilator level', () => {
  it('= twin over the same session', async () => {
    const level = await createTileLevel('verilator', p);
    try {
      const twin = new TileTwin(p);
      expect(level.execute(session(22, 40).flat())).toEqual(twin.execute(session(22, 40).flat()));
    } finally {
      level.close?.();
    }
  }, 300_000);
});
