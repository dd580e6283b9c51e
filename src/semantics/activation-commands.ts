// The activation core's command set (command-port.ts framing), defined once for core, twin, levels and link.
import type { CommandDef, CommandSet } from './command-port.ts';
import { type ActivationParams, activationSizes } from './activation-params.ts';
import { cmd } from './neuron-commands.ts';

/** INFO's last word: 'ACTV'. */
export const ACTIVATION_CORE_ID = 0x41435456;

export const ACT_OP = {
  INFO: 0x01,
  SET_SEED: 0x02,
  SET_CONFIG: 0x03,
  LOAD_THRESH: 0x04,
  LOAD_RES: 0x05,
  NEW_CYCLE: 0x06,
  APPLY: 0x07,
  READ_STATE: 0x08,
} as const;

const f = (name: string, word: number, lsb: number, bits: number, doc: string) => ({ name, word, lsb, bits, signed: false, doc });
const fixed = (n: number) => () => n;
type P = ActivationParams;

export const activationCommands: CommandSet<P> = [
  {
    name: 'INFO',
    opcode: ACT_OP.INFO,
    doc: 'Parameters of the core',
    args: [],
    results: [f('generators', 0, 0, 32, 'M'), f('mtjs', 1, 0, 32, 'N'), f('currentBits', 2, 0, 8, 'input code width'), f('quantBits', 2, 8, 8, 'threshold quantile bits'), f('id', 3, 0, 32, "0x41435456 ('ACTV')")],
    argWords: fixed(0),
    resultWords: fixed(4),
  },
  { name: 'SET_SEED', opcode: ACT_OP.SET_SEED, doc: 'Seed and ramp-cycle counter of the threshold draws', args: [f('seed', 0, 0, 32, 'seed'), f('cycle', 1, 0, 32, 'cycle counter')], results: [], argWords: fixed(2), resultWords: fixed(0) },
  {
    name: 'SET_CONFIG',
    opcode: ACT_OP.SET_CONFIG,
    doc: 'Breakdown current code (no switching above it) and the MTJs the bias field switches; out of range -> ARG_OUT_OF_RANGE',
    args: [f('breakdown', 0, 0, 16, 'current code'), f('preMask', 1, 0, 10, 'bit k: MTJ k in AP at the start of a cycle')],
    results: [],
    argWords: fixed(2),
    resultWords: fixed(0),
  },
  { name: 'LOAD_THRESH', opcode: ACT_OP.LOAD_THRESH, doc: 'Threshold ROM entries start.. (one per word, low currentBits bits)', args: [f('start', 0, 0, 32, 'first entry')], results: [], argWords: (p) => 1 + activationSizes(p).thrDepth, variableLength: true, resultWords: fixed(0) },
  { name: 'LOAD_RES', opcode: ACT_OP.LOAD_RES, doc: 'Resistance ROM entries start.. (one per word, low 16 bits)', args: [f('start', 0, 0, 32, 'first entry')], results: [], argWords: (p) => 1 + activationSizes(p).resDepth, variableLength: true, resultWords: fixed(0) },
  { name: 'NEW_CYCLE', opcode: ACT_OP.NEW_CYCLE, doc: 'Reset field: every generator back to preMask; cycle counter + 1', args: [], results: [], argWords: fixed(0), resultWords: fixed(0) },
  {
    name: 'APPLY',
    opcode: ACT_OP.APPLY,
    doc: 'One current pulse per generator (codes in 16-bit halves, low half first); results: res code | level << 16 per generator',
    args: [f('code0', 0, 0, 16, 'generator 0'), f('code1', 0, 16, 16, 'generator 1')],
    results: [f('res', 0, 0, 16, 'resistance code'), f('level', 0, 16, 4, 'MTJs in AP')],
    argWords: (p) => activationSizes(p).inputWords,
    resultWords: (p) => p.generators,
  },
  { name: 'READ_STATE', opcode: ACT_OP.READ_STATE, doc: 'Switched-MTJ mask of every generator', args: [], results: [f('mask', 0, 0, 10, 'bit k: MTJ k in AP')], argWords: fixed(0), resultWords: (p) => p.generators },
] satisfies CommandDef<P>[];

export function encodeApply(codes: ArrayLike<number>): number[] {
  const w: number[] = [];
  for (let j = 0; j < codes.length; j += 2) w.push(((codes[j]! & 0xffff) | ((codes[j + 1] ?? 0) & 0xffff) << 16) >>> 0);
  return cmd(ACT_OP.APPLY, w);
}
