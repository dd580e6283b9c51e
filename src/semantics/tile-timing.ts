// The tile's cycle counts: the compute cycles a command reports (UPDATE, CARRY, FORWARD, TRANSPOSE) and adds to
// STATUS's cycle counter. This formula is the definition: the twin computes it, the core must spend exactly this
// many cycles in the command's compute phase (from the last argument word accepted to the response header
// presented), and the differential test compares the reported counts. The core owns the constants: change them
// here (and only here) if its pipeline needs different ones.
import type { TileParams } from './tile-params.ts';
import { tileSizes } from './tile-params.ts';

export const TILE_TIMING = {
  /**
   * UPDATE: fixed cost, per non-zero row, per (non-zero row, active column group). The core (src/cores/tile.ts):
   * 7 = unpacking the last column word (4) + step increment and the seed's part of the RNG key (3); rows cost
   * nothing (the row list is read one cycle ahead); a pair-step is 8 cycles, because each lane draws its 32 random
   * bits with ONE multiplier over 8 cycles (kernel/lib/rng-block.ts serialDraw): seven 32x32 multiplies per draw
   * and lane do not fit a small FPGA (an iCE40 UP5K has 8 DSPs).
   */
  updateFixed: 7,
  updateRow: 0,
  updateGroup: 8,
  /**
   * UPDATE with `update: 'pipelined'` (software levels): one pair-step issued per cycle (each lane draws with a
   * combinational draw32, seven multipliers), through a 3-stage pipeline (state + variant read -> transition reads
   * -> move + write back); one drain cycle after the last issue (its touched count), the last write lands during
   * the response header. Within one UPDATE every pair-step has its own (row, group) address: no hazards.
   */
  updateGroupPipelined: 1,
  updateDrainPipelined: 1,
  /**
   * FORWARD / TRANSPOSE: fixed cost, per (non-zero input, output group) resp. (output row, active input group).
   * The core: 3 = unpacking the last input word (2) + the cycle that ends the issue (the pipeline drains during the
   * ADC time).
   */
  readFixed: 3,
  readGroup: 1,
  /** One ADC conversion (each ADC converts up to adcShare outputs one after another). */
  adcConversion: 1,
  /** CARRY: fixed cost, per (row, column group). */
  /** The core: 1 = the cycle that ends the issue (the last write-back lands during the response header). */
  carryFixed: 1,
  carryGroup: 1,
} as const;

/** Column groups of `lanes` that hold at least one non-zero code. */
export function activeGroups(codes: ArrayLike<number>, lanes: number): number {
  let n = 0;
  for (let g = 0; g < codes.length; g += lanes) {
    for (let j = g; j < Math.min(codes.length, g + lanes); j++)
      if (codes[j] !== 0) {
        n++;
        break;
      }
  }
  return n;
}

export function countNonZero(codes: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < codes.length; i++) if (codes[i] !== 0) n++;
  return n;
}

/**
 * UPDATE: rows whose code is 0 cost nothing, and so do column groups (of `lanes` columns) whose codes are all 0;
 * the rest costs updateRow per non-zero row and updateGroup (pipelined: updateGroupPipelined, plus the drain) per
 * (non-zero row, active group): every lane handles one pair.
 */
export function updateCycles(p: TileParams, nzRows: number, groups: number): number {
  const T = TILE_TIMING;
  const pipelined = p.update === 'pipelined';
  const perGroup = pipelined ? T.updateGroupPipelined : T.updateGroup;
  const drain = pipelined ? T.updateDrainPipelined : 0;
  return T.updateFixed + (groups > 0 && nzRows > 0 ? nzRows * (T.updateRow + groups * perGroup) + drain : 0);
}

/** FORWARD: every non-zero input row is read across all column groups; then each ADC converts its outputs. */
export function forwardCycles(p: TileParams, nzInputs: number): number {
  const T = TILE_TIMING;
  return T.readFixed + nzInputs * tileSizes(p).colGroups * T.readGroup + Math.min(p.adcShare, p.cols) * T.adcConversion;
}

/** TRANSPOSE: every output row sums the active column groups (lanes reduced by an adder tree); then the ADCs. */
export function transposeCycles(p: TileParams, groups: number): number {
  const T = TILE_TIMING;
  return T.readFixed + p.rows * groups * T.readGroup + Math.min(p.adcShare, p.rows) * T.adcConversion;
}

export function carryCycles(p: TileParams): number {
  const T = TILE_TIMING;
  return T.carryFixed + p.rows * tileSizes(p).colGroups * T.carryGroup;
}
