// The tile's loadable memories as the host computes them and as they travel in LOAD_LEVELS / LOAD_TRANSITIONS.
//
// Level ROM: level[v * N + n] = unsigned G-bit conductance code of notch n of variant v. Two codes per word,
//   low half first.
// Transition ROM: entry e = ((v * 2 + dir) * N + n) * (Rs * Cl) + (p - 1), dir 0 = the increasing table,
//   1 = the decreasing one, p = |r| * |c| in 1..Rs*Cl. An entry is { m0, t[0..K-1] }: a device at notch n with P-bit
//   draw u moves by m0 + #{k : u > t[k]} notches, then clamps to [0, N-1]. t[k] = (the smallest u whose move is
//   >= m0 + k + 1) - 1, so t[k] is in [0, 2^P - 1] and 2^P - 1 means "never" (no u exceeds it). m0 is the move at
//   u = 0, so "always" is never needed. Thresholds need not be sorted (the count defines the move), but derived
//   ones are non-decreasing.
//   Loaded as 1 + ceil(K/2) words per entry: word 0 bits 7:0 = m0 (two's complement; bits 31:8 ignored), then two
//   16-bit thresholds per word, low half first (an odd K leaves the last high half unused, ignored).
import type { TileParams } from './tile-params.ts';
import { tileSizes } from './tile-params.ts';

export interface TransitionRom {
  /** Per entry: base move in notches (int8). */
  m0: Int8Array;
  /** [entry * K + k]: thresholds t[k], P bits. */
  t: Uint16Array;
}

export function transitionIndex(p: TileParams, v: number, dir: number, n: number, request: number): number {
  return ((v * 2 + dir) * p.notches + n) * (p.rowSlots * p.colLevels) + (request - 1);
}

export function emptyTransitionRom(p: TileParams): TransitionRom {
  const e = tileSizes(p).transitionEntries;
  return { m0: new Int8Array(e), t: new Uint16Array(e * p.moveSpan) };
}

/** Words of `count` transition entries from `start` (the payload of LOAD_TRANSITIONS). */
export function packTransitions(p: TileParams, rom: TransitionRom, start: number, count: number): number[] {
  const K = p.moveSpan;
  const out: number[] = [];
  for (let e = start; e < start + count; e++) {
    out.push(rom.m0[e]! & 0xff);
    for (let k = 0; k < K; k += 2) {
      const lo = rom.t[e * K + k]!;
      const hi = k + 1 < K ? rom.t[e * K + k + 1]! : 0;
      out.push((lo | (hi << 16)) >>> 0);
    }
  }
  return out;
}

/** 16-bit halves, low half first (level codes, read codes). */
export function packHalves(values: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i += 2) out.push(((values[i]! & 0xffff) | ((i + 1 < values.length ? values[i + 1]! & 0xffff : 0) << 16)) >>> 0);
  return out;
}

/** Bytes, low byte first (states, variants, update codes). */
export function packBytes(values: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i += 4) {
    let w = 0;
    for (let b = 0; b < 4 && i + b < values.length; b++) w |= (values[i + b]! & 0xff) << (8 * b);
    out.push(w >>> 0);
  }
  return out;
}

/** Half `i` of a word array as unsigned 16 bits. */
export const halfAt = (words: ArrayLike<number>, offset: number, i: number): number => (words[offset + (i >> 1)]! >>> ((i & 1) * 16)) & 0xffff;
/** Byte `i` of a word array as unsigned 8 bits. */
export const byteAt = (words: ArrayLike<number>, offset: number, i: number): number => (words[offset + (i >> 2)]! >>> ((i & 3) * 8)) & 0xff;
export const signed8 = (b: number): number => (b << 24) >> 24;
export const signed16 = (h: number): number => (h << 16) >> 16;
