// Build a SynapseArray from a plain, JSON-able spec (so specs can cross into worker threads).
import { DeviceArray } from './device-array.ts';
import { IdealArray } from './ideal.ts';
import { describeSource, resolveTables, type TableSource } from './table-source.ts';
import type { PulseEncoding, SynapseArray } from './types.ts';

export type ArraySpec =
  | { kind: 'ideal'; encoding: PulseEncoding }
  | { kind: 'device'; tables: TableSource; notches: number | 'continuous'; carry: boolean; carryEvery: number; wMax: number; encoding: PulseEncoding };

export async function createArray(spec: ArraySpec, rows: number, cols: number, seed: number): Promise<SynapseArray> {
  if (spec.kind === 'ideal') return new IdealArray(rows, cols, spec.encoding, seed);
  const tables = await resolveTables(spec.tables);
  return new DeviceArray(rows, cols, { ...spec, tables, seed, source: describeSource(spec.tables) });
}
