// The tile's command set (src/semantics/command-port.ts framing), defined once: the reference and the twin execute
// it, the core decodes it, the levels and the link encode it, the protocol document is generated from it.
//
// Checks, in this order, decide a response's status (the core must apply the same order):
//   1. unknown opcode -> UNKNOWN_OPCODE;  2. header length < the command's fixed words, or != argWords(fixed) ->
//   BAD_LENGTH;  3. CARRY on a tile built without carry -> NO_CARRY;  4. a fixed field or a value out of range ->
//   ARG_OUT_OF_RANGE. Every error consumes all `length` argument words and answers header(status, 0).
// Effects on error: UPDATE, FORWARD, TRANSPOSE, SET_* have none. The streaming writes (WRITE_STATES,
// WRITE_VARIANTS, LOAD_LEVELS, LOAD_TRANSITIONS) check start + count first (nothing written if it does not fit),
// then write entries as they arrive and stop at the first out-of-range value (the entries before it stay written).
// Counters (STATUS): commands answered (errors included), error responses, successful UPDATEs, and the sum of
// the cycles reported by UPDATE, CARRY, FORWARD and TRANSPOSE; STATUS reports them before counting itself.
// Reset state: every memory and register 0 (states, variants, levels, transitions, seed, step, ADC shift, Gpar).
import { STATUS, header, type CommandDef, type CommandSet, type Field } from './command-port.ts';
import { fmix32 } from '../base/rng.ts';
import type { TileParams } from './tile-params.ts';
import { tileSizes } from './tile-params.ts';
import { packBytes, packHalves, packTransitions, signed16, type TransitionRom } from './tile-rom-layout.ts';

export const TILE_STATUS = {
  ...STATUS,
  /** CARRY sent to a tile built without the carry pair. */
  NO_CARRY: 0x10,
} as const;

export const TILE_OP = {
  INFO: 0x01,
  STATUS: 0x02,
  SET_SEED: 0x03,
  SET_ADC: 0x04,
  WRITE_STATES: 0x05,
  READ_STATES: 0x06,
  WRITE_VARIANTS: 0x07,
  LOAD_LEVELS: 0x08,
  LOAD_TRANSITIONS: 0x09,
  UPDATE: 0x0a,
  CARRY: 0x0b,
  FORWARD: 0x0c,
  TRANSPOSE: 0x0d,
} as const;
export type TileOpName = keyof typeof TILE_OP;

const f = (name: string, word: number, lsb: number, bits: number, doc: string, signed = false): Field => ({ name, word, lsb, bits, signed, doc });
const startCount = (what: string): Field[] => [f('start', 0, 0, 32, `first ${what}`), f('count', 1, 0, 32, `number of ${what}s`)];

/** INFO's parameter words (a host checks them against its own parameters before it trusts a tile). */
export const INFO_FIELDS: Field[] = [
  f('rows', 0, 0, 16, 'rows R'),
  f('cols', 0, 16, 16, 'columns (pairs) C'),
  f('notches', 1, 0, 9, 'notches N'),
  f('variants', 1, 9, 6, 'variants V'),
  f('carry', 1, 15, 1, '1: periodic carry (4 devices per weight)'),
  f('lanes', 1, 16, 7, 'lanes L'),
  f('parallel', 1, 23, 1, "1: reference 'parallel' (W = G - Gpar)"),
  f('probBits', 1, 24, 5, 'P'),
  f('rowSlots', 2, 0, 8, 'Rs'),
  f('colLevels', 2, 8, 8, 'Cl'),
  f('moveSpan', 2, 16, 4, 'K'),
  f('levelBits', 2, 20, 5, 'G'),
  f('dacBits', 3, 0, 5, 'D'),
  f('adcBits', 3, 5, 5, 'A'),
  f('adcShare', 3, 10, 9, 'outputs per ADC'),
  f('hash', 4, 0, 32, 'fmix32 chain over words 0-3 (parameterHash)'),
];

export function infoWords(p: TileParams): number[] {
  const v: Record<string, number> = { ...p, carry: p.carry ? 1 : 0, parallel: p.reference === 'parallel' ? 1 : 0 } as unknown as Record<string, number>;
  const w = [0, 0, 0, 0];
  for (const fl of INFO_FIELDS) if (fl.word < 4) w[fl.word] = (w[fl.word]! | ((v[fl.name]! & ((1 << fl.bits) - 1)) << fl.lsb)) >>> 0;
  return [...w, parameterHash(w)];
}

export function parameterHash(words: readonly number[]): number {
  let h = 0x7111e000;
  for (const w of words) h = fmix32((h ^ w) >>> 0);
  return h >>> 0;
}

const fixedWords = (c: { args: Field[] }) => c.args.reduce((m, a) => Math.max(m, a.word + 1), 0);

export const TILE_COMMANDS: CommandSet<TileParams> = [
  {
    name: 'INFO',
    opcode: TILE_OP.INFO,
    doc: 'parameter words and their hash',
    args: [],
    results: INFO_FIELDS,
    argWords: () => 0,
    resultWords: () => 5,
  },
  {
    name: 'STATUS',
    opcode: TILE_OP.STATUS,
    doc: 'counters since reset, mod 2^32, not counting this command',
    args: [],
    results: [f('commands', 0, 0, 32, 'commands answered'), f('errors', 1, 0, 32, 'error responses'), f('updates', 2, 0, 32, 'successful UPDATEs'), f('cycles', 3, 0, 32, 'sum of reported compute cycles')],
    argWords: () => 0,
    resultWords: () => 4,
  },
  {
    name: 'SET_SEED',
    opcode: TILE_OP.SET_SEED,
    doc: 'RNG seed and update step: the next UPDATE draws with step + 1',
    args: [f('seed', 0, 0, 32, 'tile seed'), f('step', 1, 0, 32, 'update counter')],
    results: [],
    argWords: () => 2,
    resultWords: () => 0,
  },
  {
    name: 'SET_ADC',
    opcode: TILE_OP.SET_ADC,
    doc: 'ADC shift s (0..accBits; code = sat_A((acc + 2^(s-1)) >> s), s = 0: code = sat_A(acc)) and Gpar (< 2^G)',
    args: [f('shift', 0, 0, 32, 'ADC shift'), f('gpar', 1, 0, 32, "reference column code (reference 'parallel')")],
    results: [],
    argWords: () => 2,
    resultWords: () => 0,
  },
  {
    name: 'WRITE_STATES',
    opcode: TILE_OP.WRITE_STATES,
    doc: 'device notch indices, 4 per word (low byte first), each < N',
    args: startCount('device'),
    results: [],
    argWords: (_p, a) => 2 + Math.ceil(a[1]! / 4),
    resultWords: () => 0,
  },
  {
    name: 'READ_STATES',
    opcode: TILE_OP.READ_STATES,
    doc: 'device notch indices, 4 per word (low byte first; unused bytes 0)',
    args: startCount('device'),
    results: [],
    argWords: () => 2,
    resultWords: (_p, a) => Math.ceil(a[1]! / 4),
  },
  {
    name: 'WRITE_VARIANTS',
    opcode: TILE_OP.WRITE_VARIANTS,
    doc: 'device variant indices, 4 per word (low byte first), each < V',
    args: startCount('device'),
    results: [],
    argWords: (_p, a) => 2 + Math.ceil(a[1]! / 4),
    resultWords: () => 0,
  },
  {
    name: 'LOAD_LEVELS',
    opcode: TILE_OP.LOAD_LEVELS,
    doc: 'level ROM codes (index v*N + n), 2 per word (low half first), each < 2^G',
    args: startCount('level entry'),
    results: [],
    argWords: (_p, a) => 2 + Math.ceil(a[1]! / 2),
    resultWords: () => 0,
  },
  {
    name: 'LOAD_TRANSITIONS',
    opcode: TILE_OP.LOAD_TRANSITIONS,
    doc: 'transition ROM entries, 1 + ceil(K/2) words each (tile-rom-layout.ts), thresholds < 2^P',
    args: startCount('transition entry'),
    results: [],
    argWords: (p, a) => 2 + a[1]! * tileSizes(p).transitionEntryWords,
    resultWords: () => 0,
  },
  {
    name: 'UPDATE',
    opcode: TILE_OP.UPDATE,
    doc: 'outer-product update: R row codes in [-Rs, Rs] then C column codes in [-Cl, Cl], int8, 4 per word, each side word-aligned',
    args: [],
    results: [f('touched', 0, 0, 32, 'pairs with r != 0 and c != 0'), f('cycles', 1, 0, 32, 'compute cycles (tile-timing.ts)')],
    argWords: (p) => tileSizes(p).updateArgWords,
    resultWords: () => 2,
  },
  {
    name: 'CARRY',
    opcode: TILE_OP.CARRY,
    doc: 'periodic carry of every weight (low pair -> high pair)',
    args: [],
    results: [f('carried', 0, 0, 32, 'weights whose high pair moved'), f('cycles', 1, 0, 32, 'compute cycles')],
    argWords: () => 0,
    resultWords: () => 2,
  },
  {
    name: 'FORWARD',
    opcode: TILE_OP.FORWARD,
    doc: 'R input codes (D-bit signed in 16-bit halves, 2 per word) -> C ADC codes (A-bit signed in 16-bit halves), then cycles',
    args: [],
    results: [],
    argWords: (p) => Math.ceil(p.rows / 2),
    resultWords: (p) => Math.ceil(p.cols / 2) + 1,
  },
  {
    name: 'TRANSPOSE',
    opcode: TILE_OP.TRANSPOSE,
    doc: 'C input codes -> R ADC codes (the transposed read W^T x), then cycles',
    args: [],
    results: [],
    argWords: (p) => Math.ceil(p.cols / 2),
    resultWords: (p) => Math.ceil(p.rows / 2) + 1,
  },
];

export function tileCommand(opcode: number): CommandDef<TileParams> | undefined {
  return TILE_COMMANDS.find((c) => c.opcode === opcode);
}

/** Words of the command's fixed (layout-described) arguments, before any variable payload. */
export function fixedArgWords(c: CommandDef<TileParams>): number {
  return fixedWords(c);
}

export function commandName(opcode: number): string {
  return tileCommand(opcode)?.name ?? `0x${opcode.toString(16).padStart(2, '0')}`;
}

/** Header + arguments in one array (a loop, not a spread: LOAD_TRANSITIONS carries 10^5+ words). */
function cmd(op: number, args: ArrayLike<number>, fixed: readonly number[] = []): number[] {
  const n = fixed.length + args.length;
  const out = new Array<number>(1 + n);
  out[0] = header(op, n);
  for (let i = 0; i < fixed.length; i++) out[1 + i] = fixed[i]! >>> 0;
  for (let i = 0; i < args.length; i++) out[1 + fixed.length + i] = args[i]! >>> 0;
  return out;
}

/** Command encoders (the host side): each returns the whole command, header first. */
export const tileEncode = {
  info: () => cmd(TILE_OP.INFO, []),
  status: () => cmd(TILE_OP.STATUS, []),
  setSeed: (seed: number, step: number) => cmd(TILE_OP.SET_SEED, [seed, step]),
  setAdc: (shift: number, gpar: number) => cmd(TILE_OP.SET_ADC, [shift, gpar]),
  writeStates: (start: number, states: ArrayLike<number>) => cmd(TILE_OP.WRITE_STATES, packBytes(states), [start, states.length]),
  readStates: (start: number, count: number) => cmd(TILE_OP.READ_STATES, [start, count]),
  writeVariants: (start: number, variants: ArrayLike<number>) => cmd(TILE_OP.WRITE_VARIANTS, packBytes(variants), [start, variants.length]),
  loadLevels: (start: number, codes: ArrayLike<number>) => cmd(TILE_OP.LOAD_LEVELS, packHalves(codes), [start, codes.length]),
  loadTransitions: (p: TileParams, rom: TransitionRom, start: number, count: number) => cmd(TILE_OP.LOAD_TRANSITIONS, packTransitions(p, rom, start, count), [start, count]),
  update: (rowCodes: ArrayLike<number>, colCodes: ArrayLike<number>) => cmd(TILE_OP.UPDATE, packBytes(colCodes), packBytes(rowCodes)),
  carry: () => cmd(TILE_OP.CARRY, []),
  forward: (x: ArrayLike<number>) => cmd(TILE_OP.FORWARD, packHalves(x)),
  transpose: (x: ArrayLike<number>) => cmd(TILE_OP.TRANSPOSE, packHalves(x)),
};

export interface TileResponse {
  status: number;
  results: number[];
}

/** Split a response word stream into responses (throws on a truncated stream: that is a level's bug). */
export function splitResponses(words: ArrayLike<number>): TileResponse[] {
  const out: TileResponse[] = [];
  let i = 0;
  while (i < words.length) {
    const h = words[i]! >>> 0;
    const n = h & 0xffffff;
    if (i + 1 + n > words.length) throw new Error(`truncated response at word ${i}: header 0x${h.toString(16)} needs ${n} words, ${words.length - i - 1} left`);
    out.push({ status: h >>> 24, results: copyWords(words, i + 1, n) });
    i += 1 + n;
  }
  return out;
}

/** words[from .. from + n - 1] as unsigned numbers, in a new array. */
function copyWords(words: ArrayLike<number>, from: number, n: number): number[] {
  const out = new Array<number>(n);
  for (let k = 0; k < n; k++) out[k] = words[from + k]! >>> 0;
  return out;
}

/** Split a command word stream into whole commands and the words of an incomplete last one. */
export function splitCommands(words: ArrayLike<number>): { commands: number[][]; rest: number[] } {
  const commands: number[][] = [];
  let i = 0;
  while (i < words.length) {
    const n = (words[i]! >>> 0) & 0xffffff;
    if (i + 1 + n > words.length) break;
    commands.push(copyWords(words, i, 1 + n));
    i += 1 + n;
  }
  return { commands, rest: copyWords(words, i, words.length - i) };
}

/** `count` signed 16-bit codes from result words (FORWARD / TRANSPOSE). */
export function decodeCodes(results: ArrayLike<number>, count: number): Int32Array {
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = signed16((results[i >> 1]! >>> ((i & 1) * 16)) & 0xffff);
  return out;
}

/** `count` unsigned bytes from result words (READ_STATES). */
export function decodeBytes(results: ArrayLike<number>, count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) out[i] = (results[i >> 2]! >>> ((i & 3) * 8)) & 0xff;
  return out;
}
