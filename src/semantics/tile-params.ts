// The DW-MTJ crossbar tile's parameters (one zod schema for the twin, the core, the levels and the docs) and the
// sizes derived from them. Defaults are the board-sized configuration (an iCE40 UP5K with room for the UART link);
// tasks pass their own sizes. Unbuildable sets are refused here, naming the field.
import { z } from 'zod';

/** Largest memory the tile's command port can address: start/count fields and header lengths are 24 bits. */
export const MAX_ADDRESS_BITS = 24;
/** Widest accumulator: the twin sums in doubles (exact below 2^53), the core in a register of this many bits. */
export const MAX_ACC_BITS = 48;

export const tileParamsSchema = z
  .object({
    rows: z.number().int().min(1).max(4096),
    /** Differential pairs per row (any count, not a multiple of the lanes required). */
    cols: z.number().int().min(1).max(4096),
    notches: z.number().int().min(2).max(256),
    variants: z.number().int().min(1).max(32),
    /** Periodic carry: a high and a low pair per weight (4 devices). Differential reference only. */
    carry: z.boolean(),
    lanes: z.number().int().min(1).max(64),
    /** Row codes r in [-rowSlots, rowSlots] (time slots of the row pulse). */
    rowSlots: z.number().int().min(1).max(127),
    /** Column codes c in [-colLevels, colLevels] (voltage levels of the column pulse). */
    colLevels: z.number().int().min(1).max(127),
    /** Resolution of a device's random draw and of the transition thresholds. */
    probBits: z.number().int().min(1).max(16),
    /** Thresholds per transition entry: moves m0 .. m0 + moveSpan. */
    moveSpan: z.number().int().min(1).max(8),
    /** Conductance code width of the level ROM. */
    levelBits: z.number().int().min(1).max(16),
    /** Signed input codes of the forward and transposed reads. */
    dacBits: z.number().int().min(1).max(16),
    /** Signed output codes. */
    adcBits: z.number().int().min(1).max(16),
    /** Outputs per ADC (conversions are time-multiplexed). */
    adcShare: z.number().int().min(1).max(256),
    /** 'differential': W = G+ - G-; 'parallel': one device per weight, W = G - Gpar (paper 002's reference column). */
    reference: z.enum(['differential', 'parallel']),
    /**
     * UPDATE's pair-step: 'serial' (absent: the board build) draws with ONE multiplier per lane over 8 cycles;
     * 'pipelined' issues one pair-step per cycle (seven multipliers per lane: too many DSPs for a small FPGA, but
     * 8x fewer cycles for the software levels). Same states and responses, other cycle counts (tile-timing.ts).
     * Optional so that every existing parameter set (and its hash) stays as it was.
     */
    update: z.enum(['serial', 'pipelined']).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const bad = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (p.lanes > p.cols) bad('lanes', `lanes (${p.lanes}) must not exceed cols (${p.cols})`);
    if (p.carry && p.reference === 'parallel') bad('carry', "periodic carry needs the differential reference (reference 'parallel' has one device per weight)");
    const d = deriveUnchecked(p);
    if (d.deviceAddrBits > MAX_ADDRESS_BITS) bad('rows', `${d.devices} devices need ${d.deviceAddrBits} address bits (at most ${MAX_ADDRESS_BITS})`);
    if (d.transitionAddrBits > MAX_ADDRESS_BITS) bad('notches', `the transition ROM has ${d.transitionEntries} entries (variants x 2 x notches x rowSlots x colLevels): ${d.transitionAddrBits} address bits, at most ${MAX_ADDRESS_BITS}`);
    if (d.transitionEntries * d.transitionEntryWords > 0xffffff) bad('notches', `loading the transition ROM takes ${d.transitionEntries * d.transitionEntryWords} words (a command holds at most ${0xffffff})`);
    if (d.accBits > MAX_ACC_BITS) bad('dacBits', `the accumulator needs ${d.accBits} bits (at most ${MAX_ACC_BITS}); lower dacBits, levelBits or the size`);
  });

export type TileParams = z.infer<typeof tileParamsSchema>;

/**
 * The board-sized configuration (64 x 32 pairs, 32 notches, 2 variants, 8-bit DAC and ADC, 1 lane). Measured
 * (README, `dwtwin synth --core tile --family ice40`): it fits an iCE40 UP5K alone (4827 / 5280 LCs, 27 / 30 block
 * RAMs, 5 / 8 DSPs, Fmax 12.1 MHz against the 12 MHz board clock), but not together with the UART link (the link
 * carrying it: 5639 LUTs > 5280, 33 block RAMs > 30; the link alone needs ~2,600 LCs and 6-7 block RAMs). It is
 * kept anyway because a smaller array does not help: a 16 x 8 tile still takes 3277 LUTs and 21 block RAMs. The
 * logic (command decoder, counters, serial RNG, datapath) and most RAMs (transition ROM 1024 x 32 bits = 8, lists
 * and result buffers) do not scale with rows, cols or variants. Tile and link together need a larger FPGA (ECP5)
 * or leaner control logic. Why these values: the transition ROM (variants x 2 x notches x rowSlots x colLevels
 * entries of 8 + K*P bits) is read by every lane, and the UP5K's 8 DSPs leave room for one serial RNG multiplier
 * (3 SB_MAC16) and the two read products: 1 lane.
 */
export const tileDefaults: TileParams = {
  rows: 64,
  cols: 32,
  notches: 32,
  variants: 2,
  carry: false,
  lanes: 1,
  rowSlots: 4,
  colLevels: 2,
  probBits: 8,
  moveSpan: 3,
  levelBits: 8,
  dacBits: 8,
  adcBits: 8,
  adcShare: 8,
  reference: 'differential',
};

export const bitsFor = (n: number): number => Math.max(1, Math.ceil(Math.log2(n)));

export interface TileSizes {
  stateBits: number;
  pairs: number;
  /** Devices per weight half-set: 2 (differential) or 1 (parallel). */
  devicesPerWeight: number;
  /** All devices: devicesPerWeight * pairs, doubled with carry (the high set follows the low set). */
  devices: number;
  deviceAddrBits: number;
  variantBits: number;
  levelEntries: number;
  levelAddrBits: number;
  /** Request codes per (variant, dir, notch): p = |r| |c| in 1..rowSlots*colLevels. */
  requestCodes: number;
  transitionEntries: number;
  transitionAddrBits: number;
  /** Words per transition entry when loaded: 1 (m0) + two 16-bit thresholds per word. */
  transitionEntryWords: number;
  /** Bits per entry in a packed hardware ROM: 8 (m0) + moveSpan * probBits. */
  transitionEntryBits: number;
  /** Column groups of `lanes` columns (the last may be partial). */
  colGroups: number;
  /** Row groups of `lanes` rows (the transposed read's output groups, also the ADC-less view). */
  rowGroups: number;
  /** Largest |W| in level codes: (2^G - 1), times (notches + 1) with carry. */
  maxWeight: number;
  /** Signed accumulator width that holds any forward or transposed sum. */
  accBits: number;
  /** Largest ADC shift accepted by SET_ADC. */
  maxAdcShift: number;
  /** Words of the UPDATE command's arguments. */
  updateArgWords: number;
}

function deriveUnchecked(p: TileParams): TileSizes {
  const pairs = p.rows * p.cols;
  const dpw = p.reference === 'parallel' ? 1 : 2;
  const devices = dpw * pairs * (p.carry ? 2 : 1);
  const levelEntries = p.variants * p.notches;
  const requestCodes = p.rowSlots * p.colLevels;
  const transitionEntries = p.variants * 2 * p.notches * requestCodes;
  const maxWeight = (2 ** p.levelBits - 1) * (p.carry ? p.notches + 1 : 1);
  const accMax = Math.max(p.rows, p.cols) * 2 ** (p.dacBits - 1) * maxWeight;
  const accBits = Math.ceil(Math.log2(accMax + 1)) + 1;
  return {
    stateBits: bitsFor(p.notches),
    pairs,
    devicesPerWeight: dpw,
    devices,
    deviceAddrBits: bitsFor(devices),
    variantBits: bitsFor(p.variants),
    levelEntries,
    levelAddrBits: bitsFor(levelEntries),
    requestCodes,
    transitionEntries,
    transitionAddrBits: bitsFor(transitionEntries),
    transitionEntryWords: 1 + Math.ceil(p.moveSpan / 2),
    transitionEntryBits: 8 + p.moveSpan * p.probBits,
    colGroups: Math.ceil(p.cols / p.lanes),
    rowGroups: Math.ceil(p.rows / p.lanes),
    maxWeight,
    accBits,
    maxAdcShift: accBits,
    updateArgWords: Math.ceil(p.rows / 4) + Math.ceil(p.cols / 4),
  };
}

/** Sizes of a validated parameter set. */
export function tileSizes(p: TileParams): TileSizes {
  return deriveUnchecked(p);
}

/** Validate a parameter object (a user's JSON, a task's sizes); throws a zod error naming the field. */
export function parseTileParams(v: unknown): TileParams {
  return tileParamsSchema.parse(v);
}
