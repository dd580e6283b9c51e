// The tile through the serial link: the Verilator build of link + tile behind a pty (byte level) answers a random
// command stream (set-up, updates, reads, carries, malformed commands; long commands split into frames) exactly as
// the twin; --check twin (CheckedLevel) names the first operation a target-side fault changes (a flipped bit in
// every level-ROM write: the first FORWARD); a device that is not a dwtwin target is refused with one line.
import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import { TileArray } from '../../src/accel/tile-array.ts';
import { CheckedLevel } from '../../src/accel/tile-level.ts';
import { SerialTileLevel } from '../../src/accel/tile-level-serial.ts';
import { CheckFailed, InputError } from '../../src/base/errors.ts';
import { TileCommandSource } from '../../src/cores/tile/random-commands.ts';
import type { VerilogOutput } from '../../src/kernel/index.ts';
import { TILE_OP } from '../../src/semantics/tile-commands.ts';
import { tileDefaults, type TileParams } from '../../src/semantics/tile-params.ts';
import { TileTwin } from '../../src/twin/tile-twin.ts';
import { resolveTables } from '../../src/accel/table-source.ts';
import { describeWith } from '../support/requirements.ts';

const p: TileParams = { ...tileDefaults, rows: 13, cols: 7, notches: 8, variants: 2, lanes: 3, rowSlots: 2, colLevels: 3, probBits: 10, moveSpan: 3, adcShare: 2 };
const quiet = { log: () => {} };
// Every code written into the level ROM is inverted: states and updates are untouched, reads differ.
const levelRomFault = (v: VerilogOutput): VerilogOutput => ({ ...v, files: v.files.map((f) => ({ ...f, text: f.text.replace(/(level_rom\[\w+\] <= )(\w+);/g, '$1~$2;') })) });

describeWith(['verilator', 'socat'], 'tile level serial:verilator (link + tile behind a pty)', () => {
  it('answers a random command stream as the twin does (STATUS aside: split commands count as several)', { timeout: 600_000 }, async () => {
    const lvl = await SerialTileLevel.create('serial:verilator', p, quiet);
    try {
      const twin = new TileTwin(p);
      const src = new TileCommandSource(p, 5);
      const cmds = [...src.setup()];
      for (let i = 0; i < 300; i++) cmds.push(src.next());
      let compared = 0;
      for (const c of cmds) {
        if (c[0]! >>> 24 === TILE_OP.STATUS) continue;
        // A few commands per call, as the tile array sends them (SET_ADC + FORWARD, UPDATE + CARRY).
        expect(lvl.execute(c)).toEqual(twin.execute(c));
        compared++;
      }
      expect(compared).toBeGreaterThan(250);
      expect(lvl.linkStats.frames).toBeGreaterThan(compared); // the set-up's long commands went as several frames
      expect(lvl.linkStats.retransmissions).toBe(0);
    } finally {
      lvl.close();
    }
  });

  it('--check twin reports a target-side fault at the first FORWARD', { timeout: 600_000 }, async () => {
    const raw = await SerialTileLevel.create('serial:verilator', p, { ...quiet, transformVerilog: levelRomFault });
    const level = new CheckedLevel(raw, 'replay-command');
    try {
      const tables = await resolveTables({ kind: 'preset', preset: 'sot-300k', seed: 1, variants: 2 });
      const o = { tables, notches: p.notches, carry: false, carryEvery: 1000, rowSlots: p.rowSlots, colLevels: p.colLevels, bits: { ...p, lanes: p.lanes }, wMax: 1, seed: 3, adcRange: 16, stretch: 1000, source: 'sot-300k' };
      const arr = new TileArray(p.rows, p.cols, level, o);
      arr.program(Float32Array.from({ length: p.rows * p.cols }, (_, k) => ((k % 7) - 3) / 10));
      const before = level.operations; // LOAD_LEVELS, WRITE_VARIANTS, SET_SEED, WRITE_STATES: all agree
      expect(before).toBe(4);
      let err: unknown;
      try {
        arr.forward(Float32Array.from({ length: p.rows }, (_, i) => (i % 3) / 2), 1);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CheckFailed);
      // SET_ADC (operation 4) agrees; FORWARD (operation 5) reads the faulty levels.
      expect((err as Error).message).toMatch(/diverged at operation 5 \(FORWARD\), response word \d+: expected 0x[0-9a-f]{8}, got 0x[0-9a-f]{8}\n {2}replay: replay-command/);
    } finally {
      level.close();
    }
  });

  it('a device that is not a dwtwin target is refused with one line (InputError)', { timeout: 60_000 }, async () => {
    // A socat pty pair: we open one end, nothing answers at the other.
    const socat = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      const path = await new Promise<string>((resolve, reject) => {
        let t = '';
        const timer = setTimeout(() => reject(new Error('socat printed no pty')), 10_000);
        socat.stderr!.on('data', (d: Buffer) => {
          t += d.toString();
          const m = /PTY is (\S+)/.exec(t);
          if (m) (clearTimeout(timer), resolve(m[1]!));
        });
      });
      const e = await SerialTileLevel.create(`serial:${path}`, p, quiet).then(() => undefined, (x: unknown) => x);
      expect(e).toBeInstanceOf(InputError);
      expect((e as Error).message).toMatch(new RegExp(`serial:${path}: not a dwtwin target`));
      const f = await SerialTileLevel.create('serial:/dev/null', p, quiet).then(() => undefined, (x: unknown) => x);
      expect(f).toBeInstanceOf(InputError);
      expect((f as Error).message).toMatch(/serial:\/dev\/null: not a serial port or terminal/);
    } finally {
      socat.kill('SIGTERM');
    }
  });
});
