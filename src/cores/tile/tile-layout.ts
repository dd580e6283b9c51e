// Where the tile core keeps what (derived from the semantics' parameters; the core, its tests and the synthesis
// notes read these numbers). Pair (i, j) lives in lane l = j mod L at address a = i * G + floor(j / L) of that lane's
// memories, G = ceil(C / L) column groups; every device slot of a pair has its own state and variant memory
// (slot 0 = G+ or the parallel device, 1 = G-, 2 = high G+, 3 = high G-), so one address reads a whole pair.
import type { TileParams } from '../../semantics/tile-params.ts';
import { bitsFor, tileSizes } from '../../semantics/tile-params.ts';

export const pow2 = (n: number): number => 2 ** bitsFor(Math.max(2, n));

export interface TileLayout {
  R: number;
  C: number;
  L: number;
  /** Column groups. */
  G: number;
  N: number;
  S: number;
  /** Devices per weight (1 parallel, 2 differential) and device slots per pair (x 2 with carry). */
  dpw: number;
  slots: number;
  /** Depth and address width of a lane's state memories. */
  stDepth: number;
  stAddrW: number;
  vBits: number;
  lvlDepth: number;
  trnDepth: number;
  /** Transition ROM word: 8-bit m0 then K P-bit thresholds. */
  trnBits: number;
  accW: number;
  /** Weight (level-code difference) width, signed. */
  wW: number;
  /** Cycles one UPDATE pair-step takes (the serial RNG: kernel/lib/rng-block.ts serialDraw). */
  pairCycles: number;
}

export function tileLayout(p: TileParams): TileLayout {
  const sz = tileSizes(p);
  const G = sz.colGroups;
  const stDepth = pow2(p.rows * G);
  return {
    R: p.rows,
    C: p.cols,
    L: p.lanes,
    G,
    N: p.notches,
    S: sz.stateBits,
    dpw: sz.devicesPerWeight,
    slots: sz.devicesPerWeight * (p.carry ? 2 : 1),
    stDepth,
    stAddrW: Math.log2(stDepth),
    vBits: sz.variantBits,
    lvlDepth: pow2(sz.levelEntries),
    trnDepth: pow2(sz.transitionEntries),
    trnBits: sz.transitionEntryBits,
    accW: sz.accBits,
    wW: bitsFor(sz.maxWeight + 1) + 2,
    pairCycles: 8,
  };
}
