// The tile's ROMs derived from a device model. A table set gives, per (variant, direction, notch, request code p),
// the device's move distribution on the 16-bit draw grid; the derivation rounds it onto the P-bit grid of the
// transition ROM and maps the notch conductances onto G-bit level codes (layouts: tile-rom-layout.ts).
//
// Float ΔG tables (CrossSim's rule, DeviceArray's step): the float device draws u16, reads quantile row
// q = (u16 * nq) >>> 16 and lands in notchAfter(...) (src/devices/synapse/notch-step.ts), monotone in q because a
// table row holds sorted quantiles. For request p the float request is |dG| = p * unit. The smallest u16 reaching
// quantile Q is ceil(Q * 2^16 / nq), so the thresholds are integers on the u16 grid and with P = 16 the integer
// device moves exactly as DeviceArray for the same request and draw; with P < 16 each cumulative probability moves
// by at most 2^-(P+1). Moves beyond m0 + K are folded into m0 + K; the derivation reports the largest folded mass.
import { InputError } from '../base/errors.ts';
import { notchAfter, notchTables, prepare, type NotchTables } from '../devices/synapse/notch-step.ts';
import type { DeltaGTablePair } from '../devices/synapse/lut.ts';
import type { TileParams } from './tile-params.ts';
import { emptyTransitionRom, transitionIndex, type TransitionRom } from './tile-rom-layout.ts';

const U16 = 65536;

/** A move distribution: the move at u16 = 0, and cut[j] = the u16 (real, in [0, 2^16]) from which move >= minMove + j + 1. */
export interface MoveDistribution {
  minMove: number;
  cut: number[];
}

/** The device model behind a tile's ROMs. */
export interface TileTableSet {
  name: string;
  variants: number;
  notches: number;
  /** Conductance (any unit, same for all variants) of each notch of variant v. */
  levels(v: number): Float64Array;
  distribution(v: number, dir: 0 | 1, n: number, request: number): MoveDistribution;
}

export interface TileRoms {
  levels: Uint16Array;
  transitions: TransitionRom;
  /** Level code 0 and one level-code step, in the table set's conductance unit. */
  gRef: number;
  gLsb: number;
  /** Largest probability folded into m0 + K over all entries, and how many entries folded any. */
  foldedMax: number;
  foldedEntries: number;
}

/**
 * The float notched device (DeviceArray's tables and step) as a table set, for requests p * unit siemens. `unit` may
 * be changed between derivations (a new pulse-unit stretch). The move is monotone in the quantile row, so only the
 * rows where it steps are searched (binary search), not all nq.
 */
export function floatTableSet(tables: DeltaGTablePair[], notches: number, unit: number, name = 'float'): TileTableSet & { nt: NotchTables; unit: number } {
  const nt = notchTables(tables.map((t) => prepare(t.increasing)), tables.map((t) => prepare(t.decreasing)), notches, true);
  const set = {
    name,
    nt,
    unit,
    variants: tables.length,
    notches,
    levels: (v: number) => nt.level.slice(v * notches, (v + 1) * notches),
    distribution: (v: number, dir: 0 | 1, n: number, request: number): MoveDistribution => floatDistribution(nt, notches, v, dir, n, request * set.unit),
  };
  return set;
}

/** The move of DeviceArray's step at quantile row q (a plain function: no closure per entry, the derivation's hot path). */
function moveAt(nt: NotchTables, g: number, s: number, avg: number, rs: number, off: number, gMin: number, scale: number, top: number, n: number, q: number): number {
  return notchAfter(g, s, avg, rs, nt.dG[off + q]!, gMin, scale, top) - n;
}

/** floatTableSet's distribution of (variant v, direction, notch n) for a request of `abs` siemens. */
function floatDistribution(nt: NotchTables, notches: number, v: number, dir: 0 | 1, n: number, abs: number): MoveDistribution {
  const top = notches - 1;
  const root = Math.sqrt(abs);
  const t = (v << 1) | dir;
  const e = t * notches + n;
  const g = nt.level[v * notches + n]!;
  const s = abs * nt.invMean[t]!;
  const rs = root * nt.rootInvMean[t]!;
  const avg = nt.rowAve[e]!;
  const off = nt.rowOff[e]!;
  const gMin = nt.gMin[v]!;
  const scale = nt.scale[v]!;
  const nq = nt.nq;
  const lo = moveAt(nt, g, s, avg, rs, off, gMin, scale, top, n, 0);
  const hi = moveAt(nt, g, s, avg, rs, off, gMin, scale, top, n, nq - 1);
  const cut: number[] = [];
  let from = 1;
  for (let m = lo + 1; m <= hi; m++) {
    // smallest q >= from with move(q) >= m
    let a = from;
    let b = nq - 1;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (moveAt(nt, g, s, avg, rs, off, gMin, scale, top, n, mid) >= m) b = mid;
      else a = mid + 1;
    }
    cut.push(Math.ceil((a * U16) / nq));
    from = a;
  }
  return { minMove: lo, cut };
}

/** Cuts of a move per quantile row (nq rows, u16 -> q = (u16 nq) >>> 16): must be non-decreasing. */
export function fromQuantileMoves(moves: Int32Array, where: string): MoveDistribution {
  const nq = moves.length;
  const cut: number[] = [];
  for (let q = 1; q < nq; q++) {
    if (moves[q]! < moves[q - 1]!) throw new InputError(`${where}: the move is not monotone in the quantile (row ${q}: ${moves[q]} after ${moves[q - 1]}); table rows must hold sorted quantiles`);
    for (let m = moves[q - 1]!; m < moves[q]!; m++) cut.push(Math.ceil((q * U16) / nq));
  }
  return { minMove: moves[0]!, cut };
}

/** Cuts of a probability row over target notches (a Markov-chain device: paper 001's and 002's). */
export function fromProbabilityRow(from: number, row: ArrayLike<number>): MoveDistribution {
  let lo = 0;
  while (lo < row.length - 1 && row[lo]! <= 0) lo++;
  let hi = row.length - 1;
  while (hi > lo && row[hi]! <= 0) hi--;
  const cut: number[] = [];
  let acc = 0;
  for (let j = lo; j < hi; j++) {
    acc += row[j]!;
    cut.push(Math.min(U16, acc * U16));
  }
  return { minMove: lo - from, cut };
}

function checkSet(p: TileParams, set: TileTableSet): void {
  if (set.variants < p.variants) throw new InputError(`tile: the table set ${set.name} has ${set.variants} variant(s), the tile asks for ${p.variants}`);
  if (set.notches !== p.notches) throw new InputError(`tile: the table set ${set.name} has ${set.notches} notches, the tile ${p.notches}`);
}

/** Level codes: one affine map for all variants, code 0 at the lowest notch of any variant, 2^G - 1 at the highest. */
export function deriveLevelRom(p: TileParams, set: TileTableSet): { levels: Uint16Array; gRef: number; gLsb: number } {
  checkSet(p, set);
  const N = p.notches;
  const V = p.variants;
  const lv = Array.from({ length: V }, (_, v) => set.levels(v));
  let gRef = Infinity;
  let gTop = -Infinity;
  for (const l of lv) for (const g of l) ((gRef = Math.min(gRef, g)), (gTop = Math.max(gTop, g)));
  const gLsb = (gTop - gRef) / (2 ** p.levelBits - 1);
  const levels = new Uint16Array(V * N);
  for (let v = 0; v < V; v++) for (let n = 0; n < N; n++) levels[v * N + n] = gLsb > 0 ? Math.round((lv[v]![n]! - gRef) / gLsb) : 0;
  return { levels, gRef, gLsb };
}

/** The transition ROM: each entry's distribution rounded onto the P-bit grid, moves beyond m0 + K folded. */
export function deriveTransitionRom(p: TileParams, set: TileTableSet): { transitions: TransitionRom; foldedMax: number; foldedEntries: number } {
  checkSet(p, set);
  const rom = emptyTransitionRom(p);
  const K = p.moveSpan;
  const grid = 2 ** p.probBits;
  let foldedMax = 0;
  let foldedEntries = 0;
  for (let v = 0; v < p.variants; v++)
    for (let dir = 0 as 0 | 1; dir < 2; dir = (dir + 1) as 0 | 1)
      for (let n = 0; n < p.notches; n++)
        for (let q = 1; q <= p.rowSlots * p.colLevels; q++) {
          const d = set.distribution(v, dir, n, q);
          const e = transitionIndex(p, v, dir, n, q);
          const tp = d.cut.map((c) => Math.min(grid, Math.max(0, Math.round((c * grid) / U16))));
          let z = 0;
          while (z < tp.length && tp[z] === 0) z++;
          const m0 = d.minMove + z;
          if (m0 < -128 || m0 > 127) throw new InputError(`tile: ${set.name}: variant ${v} dir ${dir} notch ${n} request ${q}: base move ${m0} does not fit 8 bits`);
          rom.m0[e] = m0;
          for (let k = 0; k < K; k++) rom.t[e * K + k] = z + k < tp.length ? tp[z + k]! - 1 : grid - 1;
          if (z + K < tp.length) {
            const folded = (grid - tp[z + K]!) / grid;
            if (folded > 0) {
              foldedEntries++;
              foldedMax = Math.max(foldedMax, folded);
            }
          }
        }
  return { transitions: rom, foldedMax, foldedEntries };
}

/** Both ROMs for a tile from a table set. */
export function deriveTileRoms(p: TileParams, set: TileTableSet): TileRoms {
  return { ...deriveLevelRom(p, set), ...deriveTransitionRom(p, set) };
}
