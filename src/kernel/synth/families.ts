// FPGA families `dwtwin synth` knows: the yosys synthesis command of each and how its primitive cells count as LUTs,
// flip-flops, block RAMs and DSPs. Defined once here; the report and the tests read these tables.

export type Family = 'ice40' | 'ecp5' | 'xc7';
export const FAMILIES: readonly Family[] = ['ice40', 'ecp5', 'xc7'];

export type Resource = 'lut' | 'ff' | 'bram' | 'dsp' | 'lutram' | 'carry';
export const RESOURCES: readonly Resource[] = ['lut', 'ff', 'bram', 'dsp', 'lutram', 'carry'];

export interface FamilyInfo {
  /** yosys command (the top module is appended as -top NAME). */
  synth: string;
  /** Which resource a primitive cell type counts as (first matching pattern wins); unmatched cells are 'other'. */
  cells: readonly [RegExp, Resource][];
  /** The target device for place-and-route, where we have the tools (iCE40 only in Debian bookworm). */
  pnr?: { device: string; package: string; capacity: Partial<Record<Resource, number>> };
}

export const FAMILY_INFO: Record<Family, FamilyInfo> = {
  ice40: {
    synth: 'synth_ice40 -dsp',
    cells: [
      [/^SB_LUT4$/, 'lut'],
      [/^SB_DFF/, 'ff'],
      [/^SB_RAM40_4K/, 'bram'],
      [/^SB_SPRAM256KA$/, 'bram'],
      [/^SB_MAC16$/, 'dsp'],
      [/^SB_CARRY$/, 'carry'],
    ],
    // iCE40 UP5K: 5280 logic cells, 30 SB_RAM40_4K (4 kbit each), 8 SB_MAC16.
    pnr: { device: 'up5k', package: 'sg48', capacity: { lut: 5280, ff: 5280, bram: 30, dsp: 8 } },
  },
  ecp5: {
    synth: 'synth_ecp5',
    cells: [
      [/^LUT4$/, 'lut'],
      [/^TRELLIS_FF$/, 'ff'],
      [/^(DP16KD|PDPW16KD)$/, 'bram'],
      [/^(MULT18X18D|ALU54B)$/, 'dsp'],
      [/^TRELLIS_DPR16X4$/, 'lutram'],
      [/^CCU2C$/, 'carry'],
    ],
  },
  xc7: {
    synth: 'synth_xilinx -family xc7',
    cells: [
      [/^LUT[1-6]$/, 'lut'],
      [/^FD[RSCP]E?$/, 'ff'],
      [/^RAMB(18|36)E1$/, 'bram'],
      [/^DSP48E1$/, 'dsp'],
      [/^RAM(32|64|128|256)(M|X1[SD])/, 'lutram'],
      [/^CARRY4$/, 'carry'],
    ],
  },
};

export function classify(family: Family, cell: string): Resource | 'other' {
  for (const [re, r] of FAMILY_INFO[family].cells) if (re.test(cell)) return r;
  return 'other';
}
