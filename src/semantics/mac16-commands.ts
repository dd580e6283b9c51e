// The mac16 command wrapper's CommandSet: mac16 (src/cores/mac16.ts) driven through the command port, so the
// serial link has a real core to forward to before the tile exists. Defined once; the core (src/cores/mac16-cmd.ts)
// decodes it, the twin (src/twin/mac16-twin.ts) executes it, the host encodes it and PROTOCOL.md describes it.
import type { CommandSet } from './command-port.ts';

/** The wrapped mac16's parameters (the structural subset the commands need; accWidth <= 32: one result word). */
export interface Mac16CmdParams {
  lanes: number;
  dataWidth: number;
  accWidth: number;
  depth: number;
  [k: string]: unknown;
}

export const MAC16_OPCODES = { INFO: 0x01, WRITE: 0x02, MAC: 0x03 } as const;
/** Core-specific status: not used yet beyond the command port's (0..3). */
export const MAC_KEEP_BIT = 31;

export const mac16Commands: CommandSet<Mac16CmdParams> = [
  {
    name: 'INFO',
    opcode: MAC16_OPCODES.INFO,
    doc: 'The core\'s parameters. No arguments.',
    args: [],
    results: [
      { name: 'lanes', word: 0, lsb: 0, bits: 32, signed: false, doc: 'lanes (weight memories, accumulators)' },
      { name: 'dataWidth', word: 1, lsb: 0, bits: 32, signed: false, doc: 'weight and input width' },
      { name: 'accWidth', word: 2, lsb: 0, bits: 32, signed: false, doc: 'accumulator width' },
      { name: 'depth', word: 3, lsb: 0, bits: 32, signed: false, doc: 'words per weight memory' },
    ],
    argWords: () => 0,
    resultWords: () => 4,
  },
  {
    name: 'WRITE',
    opcode: MAC16_OPCODES.WRITE,
    doc: 'Write weights into one lane\'s memory from addr on: one weight per data word. ARG_OUT_OF_RANGE if lane >= lanes or addr + count > depth (nothing written).',
    args: [
      { name: 'addr', word: 0, lsb: 0, bits: 16, signed: false, doc: 'first address' },
      { name: 'lane', word: 0, lsb: 16, bits: 8, signed: false, doc: 'lane' },
      { name: 'data', word: 1, lsb: 0, bits: 16, signed: true, doc: 'weight (low dataWidth bits used), repeated count = length - 1 times' },
    ],
    results: [],
    argWords: (_p, fixed) => Math.max(1, fixed.length),
    resultWords: () => 0,
  },
  {
    name: 'MAC',
    opcode: MAC16_OPCODES.MAC,
    doc: 'acc[l] (+)= sum over k of w[l][addr + k] * x[k] for every lane l (signed, wrapping at accWidth); clears the accumulators first unless keep is set. Results: every lane\'s accumulator. ARG_OUT_OF_RANGE if addr + count > depth.',
    args: [
      { name: 'addr', word: 0, lsb: 0, bits: 16, signed: false, doc: 'first address' },
      { name: 'keep', word: 0, lsb: MAC_KEEP_BIT, bits: 1, signed: false, doc: '1: accumulate onto the previous values' },
      { name: 'x', word: 1, lsb: 0, bits: 16, signed: true, doc: 'input (low dataWidth bits used), repeated count = length - 1 times' },
    ],
    results: [{ name: 'acc', word: 0, lsb: 0, bits: 32, signed: true, doc: 'lane l\'s accumulator (sign-extended from accWidth), one word per lane' }],
    argWords: (_p, fixed) => Math.max(1, fixed.length),
    resultWords: (p) => p.lanes,
  },
];
