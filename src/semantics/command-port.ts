// The command port: how every host-drivable core (tile, neuron-array, activation, a mac16 wrapper) talks to the
// world. The serial link's command processor (src/link) forwards protocol frames into it; the `cycle` and
// `verilator` accelerator levels drive it directly; the twins execute the same command words in TypeScript. So one
// definition of a core's commands (its CommandSet) serves the RTL, the twin, the host and the protocol document.
//
// Ports (names fixed, so harnesses and the link can attach to any core):
//   in  cmd_valid 1, cmd_data 32   out cmd_ready 1     a word moves on a cycle with cmd_valid & cmd_ready
//   out rsp_valid 1, rsp_data 32   in  rsp_ready 1     a word moves on a cycle with rsp_valid & rsp_ready
// Framing on the port: a command is a header word then `length` argument words; header = opcode << 24 | length
// (length < 2^24). The core answers every command with exactly one response: a header word
// status << 24 | length, then `length` result words. Status 0 is success; non-zero statuses are listed below.
// A core must accept any word sequence without hanging: an unknown opcode or a wrong length is consumed whole
// (all `length` argument words are read) and answered with an error status and no result words.
// Words are unsigned 32-bit; signed fields are two's complement in their documented bit range.
import { z } from 'zod';

export const COMMAND_PORT = {
  inputs: { cmdValid: 'cmd_valid', cmdData: 'cmd_data', rspReady: 'rsp_ready' },
  outputs: { cmdReady: 'cmd_ready', rspValid: 'rsp_valid', rspData: 'rsp_data' },
  wordBits: 32,
  opcodeShift: 24,
  lengthMask: 0xffffff,
} as const;

/** Response statuses shared by every core (a core may add its own from 0x10 up). */
export const STATUS = {
  OK: 0,
  UNKNOWN_OPCODE: 1,
  BAD_LENGTH: 2,
  ARG_OUT_OF_RANGE: 3,
} as const;

export function header(code: number, length: number): number {
  if (!Number.isInteger(code) || code < 0 || code > 255) throw new Error(`opcode/status ${code} is not a byte`);
  if (!Number.isInteger(length) || length < 0 || length > COMMAND_PORT.lengthMask) throw new Error(`length ${length} out of range`);
  return ((code << COMMAND_PORT.opcodeShift) | length) >>> 0;
}

export function parseHeader(word: number): { code: number; length: number } {
  return { code: word >>> COMMAND_PORT.opcodeShift, length: word & COMMAND_PORT.lengthMask };
}

/** One field of a command's arguments or results: `bits` wide at bit `lsb` of word `word` (documentation + checks). */
export const fieldSchema = z.object({
  name: z.string(),
  word: z.number().int().min(0),
  lsb: z.number().int().min(0).max(31),
  bits: z.number().int().min(1).max(32),
  signed: z.boolean().default(false),
  doc: z.string(),
});
export type Field = z.infer<typeof fieldSchema>;

/**
 * A core's command, defined once: the RTL decoder, the twin's executor, the host's encoder and the generated
 * protocol document all read this. `args`/`results` describe the fixed words; `argWords`/`resultWords` give the
 * total counts (variable-length commands compute them from their fixed fields and the core's parameters).
 */
export interface CommandDef<P = Record<string, unknown>> {
  name: string;
  opcode: number;
  doc: string;
  args: Field[];
  results: Field[];
  argWords(params: P, fixed: readonly number[]): number;
  resultWords(params: P, args: readonly number[]): number;
  /** A ROM load: any length from its fixed words up is well formed (argWords is the most that fits; more is the
   *  command's own ARG_OUT_OF_RANGE). Without it a command takes exactly argWords. */
  variableLength?: true;
}

/**
 * The header checks every core makes before anything else, in this order: an opcode its set does not have is
 * UNKNOWN_OPCODE, a length its command does not take is BAD_LENGTH (else OK). Only for commands whose length does
 * not depend on their fixed fields (the neuron and activation sets; the tile checks its own after its fixed words).
 * The twins call it; the cores build the same decision from headerLengthRule.
 */
export function headerStatus<P>(set: CommandSet<P>, params: P, opcode: number, length: number): number {
  const def = set.find((d) => d.opcode === opcode);
  if (!def) return STATUS.UNKNOWN_OPCODE;
  const rule = headerLengthRule(def, params);
  return (rule.exact ? length === rule.words : length >= rule.words) ? STATUS.OK : STATUS.BAD_LENGTH;
}

/** The length a command takes: exactly `words`, or (variable length) at least `words`. */
export function headerLengthRule<P>(def: CommandDef<P>, params: P): { exact: boolean; words: number } {
  return def.variableLength ? { exact: false, words: def.args.length } : { exact: true, words: def.argWords(params, []) };
}

export type CommandSet<P = Record<string, unknown>> = readonly CommandDef<P>[];
