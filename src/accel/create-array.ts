// Build a SynapseArray from a plain, JSON-able spec (so specs can cross into worker threads).
import { DeviceArray } from './device-array.ts';
import { loadDeviceKernel } from './device-kernel.ts';
import { IdealArray } from './ideal.ts';
import { describeSource, resolveTables, type TableSource } from './table-source.ts';
import { TileArray, tileParamsFor, type TileBits } from './tile-array.ts';
import { CheckedLevel, createTileLevel, type TileLevelName } from './tile-level.ts';
import type { PulseEncoding, SynapseArray } from './types.ts';

export type ArraySpec =
  | { kind: 'ideal'; encoding: PulseEncoding }
  | { kind: 'device'; tables: TableSource; notches: number | 'continuous'; carry: boolean; carryEvery: number; wMax: number; encoding: PulseEncoding }
  | {
      kind: 'tile';
      /** Which executor of the tile's commands. */
      level: TileLevelName;
      /** Compare every response with the twin's and stop at the first divergence. */
      check: boolean;
      /** The command that replays this run (printed with a divergence). */
      replay: string;
      tables: TableSource;
      notches: number;
      carry: boolean;
      carryEvery: number;
      wMax: number;
      encoding: PulseEncoding;
      bits: TileBits;
      adcRange: number;
      stretch: number;
    };

export async function createArray(spec: ArraySpec, rows: number, cols: number, seed: number): Promise<SynapseArray> {
  if (spec.kind === 'ideal') return new IdealArray(rows, cols, spec.encoding, seed);
  const tables = await resolveTables(spec.tables);
  if (spec.kind === 'device') {
    await loadDeviceKernel(); // compiled once per machine (cached), loaded once per thread
    return new DeviceArray(rows, cols, { ...spec, tables, seed, source: describeSource(spec.tables) });
  }
  const o = { notches: spec.notches, carry: spec.carry, rowSlots: spec.encoding.rowSlots, colLevels: spec.encoding.colLevels, bits: spec.bits };
  const params = tileParamsFor(rows, cols, o, tables.length);
  const raw = await createTileLevel(spec.level, params);
  const level = spec.check ? new CheckedLevel(raw, spec.replay) : raw;
  return new TileArray(rows, cols, level, { ...o, tables, carryEvery: spec.carryEvery, wMax: spec.wMax, seed, adcRange: spec.adcRange, stretch: spec.stretch, source: describeSource(spec.tables) });
}
