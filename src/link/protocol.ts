// The serial link protocol, defined once. The RTL (src/link/rtl), the TypeScript model (model.ts), the host
// (src/host) and the generated document (host/PROTOCOL.md, protocol-doc.ts) all read the constants and functions
// here. A link carries command-port words (src/semantics/command-port.ts): a host command frame holds one command
// (header + args) of either the link itself (opcodes LINK_OPCODE_BASE..0xFF) or the attached core (anything else,
// forwarded unchanged to the core's command port); every frame gets exactly one response frame.
//
// Wire format of a frame: COBS(body) then one 0x00 delimiter. body = seq (1 byte) | words (4 bytes each, little
// endian) | CRC-32 (4 bytes, little endian, over seq and words). The host sends one extra 0x00 before each frame:
// it terminates any garbage the target may hold (resynchronisation); an empty frame is ignored without a response.
//
// CRC-32 (ISO-HDLC: reflected polynomial 0xEDB88320, init and final xor 0xFFFFFFFF, the zlib/Ethernet one) rather
// than CRC-16: the soak test runs 1e5 commands at 1 % faulty bytes, which corrupts some 3e4 frames; CRC-16 would let
// ~2^-16 of them through (about 0.5 expected undetected errors), CRC-32 ~2^-32 (~1e-5). Its cost in the RTL is one
// XOR network per byte (one cycle), 4 bytes per frame on the line.
import { z } from 'zod';
import { header, parseHeader, STATUS, type CommandDef, type CommandSet } from '../semantics/command-port.ts';

export const LINK_PROTOCOL_VERSION = 1;
/** IDENTIFY's first result word: "dwlk" (so a host recognises a dwtwin target). */
export const LINK_MAGIC = 0x64776c6b;
export const FRAME_DELIMITER = 0x00;
export const SEQ_BYTES = 1;
export const CRC_BYTES = 4;
export const WORD_BYTES = 4;
/** Opcodes from here up are served by the link's command processor, below by the attached core. */
export const LINK_OPCODE_BASE = 0xf0;
/** Largest COBS block: code 0xFF = 254 data bytes, no implied zero. */
export const COBS_MAX_BLOCK = 254;

/** Link statuses (response header bits 31:24), besides the command port's STATUS (0..3) and the core's (0x10..). */
export const LINK_STATUS = {
  /** The frame's CRC did not check; the response echoes the frame's first byte as seq (it may itself be wrong). */
  BAD_CRC: 0x80,
  /** COBS block cut short by the delimiter, or a body that is not seq + n >= 1 words + CRC. */
  BAD_FRAME: 0x81,
  /** More words than the target's frame buffer (IDENTIFY's maxWords) holds. */
  TOO_LONG: 0x82,
  /** The header's length field differs from the number of words in the frame. */
  BAD_LENGTH: 0x83,
} as const;

/** Link parameters (built into the RTL; IDENTIFY reports them). */
export const linkParamsSchema = z
  .object({
    /** Words per frame (header + args, also header + results): the size of the frame and response buffers. */
    maxWords: z.number().int().min(8).max(4096).refine((d) => (d & (d - 1)) === 0, 'must be a power of two'),
    /** UART clocks per bit (clock / baud, rounded); >= 8 so the receiver can sample mid-bit. */
    clocksPerBit: z.number().int().min(8).max(65535),
    /** Depth of the receive and transmit byte FIFOs (power of two). */
    fifoDepth: z.number().int().min(4).max(4096).refine((d) => (d & (d - 1)) === 0, 'must be a power of two'),
  })
  .strict();
export type LinkParams = z.infer<typeof linkParamsSchema>;

/** iCEBreaker: 12 MHz, 115200 baud -> 104 clocks per bit (0.16 % fast). */
export const linkDefaults: LinkParams = { maxWords: 256, clocksPerBit: 104, fifoDepth: 512 };

/** Largest relative baud error an 8N1 receiver tolerates with margin (half a bit over 10 bits is 5 %). */
export const MAX_BAUD_ERROR = 0.02;

/** Clocks per bit for a clock and a baud rate, or an explanation why the clock cannot produce that baud. */
export function clocksPerBitFor(clockHz: number, baud: number): { cpb: number } | { error: string } {
  const cpb = Math.round(clockHz / baud);
  if (!(cpb >= 8)) return { error: `baud ${baud} needs at least 8 clocks per bit at ${clockHz} Hz (would be ${clockHz / baud})` };
  const err = Math.abs(clockHz / cpb - baud) / baud;
  if (err > MAX_BAUD_ERROR) return { error: `baud ${baud} from a ${clockHz} Hz clock: ${cpb} clocks per bit give ${(clockHz / cpb).toFixed(0)} baud (${(err * 100).toFixed(1)} % off, at most ${MAX_BAUD_ERROR * 100} %)` };
  return { cpb };
}

// ---- CRC-32 -------------------------------------------------------------------------------------------------

export const CRC32 = { poly: 0xedb88320, init: 0xffffffff, xorOut: 0xffffffff, residue: 0xdebb20e3 } as const;

const crcTable = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ CRC32.poly : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** Update the running CRC register (no final xor) with bytes. */
export function crc32Update(reg: number, bytes: ArrayLike<number>): number {
  let c = reg >>> 0;
  for (let i = 0; i < bytes.length; i++) c = (crcTable[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8)) >>> 0;
  return c;
}

export function crc32(bytes: ArrayLike<number>): number {
  return (crc32Update(CRC32.init, bytes) ^ CRC32.xorOut) >>> 0;
}

// ---- COBS -----------------------------------------------------------------------------------------------------

/**
 * COBS encoding (no delimiter). Canonical form, as the RTL encoder produces it: blocks of up to 254 non-zero bytes;
 * a block that ends at a zero byte has code = length + 1 and swallows the zero; a full 254-byte block has code 0xFF
 * and no implied zero; the data's end closes the last block (an empty final block, code 0x01, appears only after
 * a zero byte or for empty data), except that nothing follows a full block that ends exactly at the data's end.
 */
export function cobsEncode(data: ArrayLike<number>): Uint8Array {
  const out: number[] = [];
  let blk = 0;
  const n = data.length;
  for (;;) {
    let j = blk;
    while (j < n && j - blk < COBS_MAX_BLOCK && data[j] !== 0) j++;
    out.push(j - blk + 1);
    for (let k = blk; k < j; k++) out.push(data[k]!);
    if (j < n && j - blk < COBS_MAX_BLOCK) {
      // stopped at a zero byte (not at the block limit): the code implies it
      blk = j + 1;
      continue;
    }
    if (j >= n) break;
    blk = j;
  }
  return Uint8Array.from(out);
}

/** COBS decoding of one frame (delimiter removed); undefined when a block runs past the end or holds a zero. */
export function cobsDecode(enc: ArrayLike<number>): Uint8Array | undefined {
  const out: number[] = [];
  let i = 0;
  while (i < enc.length) {
    const code = enc[i]!;
    if (code === 0) return undefined;
    if (i + code > enc.length) return undefined;
    for (let k = 1; k < code; k++) {
      const b = enc[i + k]!;
      if (b === 0) return undefined;
      out.push(b);
    }
    i += code;
    if (code !== 0xff && i < enc.length) out.push(0);
  }
  return Uint8Array.from(out);
}

// ---- Frames ---------------------------------------------------------------------------------------------------

/** The body (before COBS) of a frame carrying `words` with sequence number `seq`. */
export function frameBody(seq: number, words: ArrayLike<number>): Uint8Array {
  const body = new Uint8Array(SEQ_BYTES + words.length * WORD_BYTES + CRC_BYTES);
  body[0] = seq & 0xff;
  const dv = new DataView(body.buffer);
  for (let i = 0; i < words.length; i++) dv.setUint32(SEQ_BYTES + i * WORD_BYTES, words[i]! >>> 0, true);
  dv.setUint32(body.length - CRC_BYTES, crc32(body.subarray(0, body.length - CRC_BYTES)), true);
  return body;
}

/** Wire bytes of one frame: COBS(body) + delimiter (no leading delimiter). */
export function encodeFrame(seq: number, words: ArrayLike<number>): Uint8Array {
  const enc = cobsEncode(frameBody(seq, words));
  const out = new Uint8Array(enc.length + 1);
  out.set(enc);
  out[enc.length] = FRAME_DELIMITER;
  return out;
}

export type DecodedFrame =
  | { ok: true; seq: number; words: number[] }
  | { ok: false; seq: number; status: number; why: string };

/** Decode one frame's bytes (delimiter removed, non-empty) as the target does (maxWords = its buffer size). */
export function decodeFrame(enc: ArrayLike<number>, maxWords = Infinity): DecodedFrame {
  const body = cobsDecodeLenient(enc);
  const seq = body.bytes.length ? body.bytes[0]! : 0;
  if (body.error) return { ok: false, seq, status: LINK_STATUS.BAD_FRAME, why: 'COBS block cut short' };
  const n = body.bytes.length;
  // The target stores at most maxWords + 1 words (the CRC lands in the last); more is TOO_LONG before any CRC check.
  if (n > SEQ_BYTES + (maxWords + 1) * WORD_BYTES) return { ok: false, seq, status: LINK_STATUS.TOO_LONG, why: `more than ${maxWords} words` };
  if (crc32Update(CRC32.init, body.bytes) !== CRC32.residue) return { ok: false, seq, status: LINK_STATUS.BAD_CRC, why: 'CRC mismatch' };
  if (n < SEQ_BYTES + WORD_BYTES + CRC_BYTES || (n - SEQ_BYTES) % WORD_BYTES !== 0) return { ok: false, seq, status: LINK_STATUS.BAD_FRAME, why: `body of ${n} bytes` };
  const dv = new DataView(body.bytes.buffer, body.bytes.byteOffset);
  const words: number[] = [];
  for (let o = SEQ_BYTES; o < n - CRC_BYTES; o += WORD_BYTES) words.push(dv.getUint32(o, true));
  return { ok: true, seq, words };
}

/**
 * COBS decoding exactly as the RTL's streaming decoder: a code byte after a block shorter than 254 first emits the
 * pending zero; the delimiter arriving inside a block is an error (the bytes so far are kept, for the seq byte).
 */
export function cobsDecodeLenient(enc: ArrayLike<number>): { bytes: Uint8Array; error: boolean } {
  const out: number[] = [];
  let rem = 0;
  let zeroPending = false;
  for (let i = 0; i < enc.length; i++) {
    const x = enc[i]!;
    if (rem === 0) {
      if (zeroPending) out.push(0);
      rem = x - 1;
      zeroPending = x !== 0xff;
    } else {
      out.push(x);
      rem--;
    }
  }
  return { bytes: Uint8Array.from(out), error: rem !== 0 };
}

// ---- Link commands ----------------------------------------------------------------------------------------------

export const LINK_OPCODES = { IDENTIFY: 0xf0, STATUS: 0xf1, RESET: 0xf2, ECHO: 0xf3, CYCLES: 0xf4 } as const;

/** Commands whose results depend on the target's timing, not on the command stream: a check does not compare them. */
export const UNCOMPARED_OPCODES: readonly number[] = [LINK_OPCODES.CYCLES];

/** STATUS result words, in order (32-bit counters, wrapping). */
export const LINK_COUNTERS = [
  ['framesOk', 'frames received with a good CRC and layout'],
  ['crcErrors', 'frames whose CRC did not check'],
  ['frameErrors', 'frames cut short, of a bad layout or too long'],
  ['executed', "commands forwarded to the core (each executed once: a retransmission is not counted here)"],
  ['replays', 'retransmissions answered from the stored response'],
  ['rxOverruns', 'bytes lost because the receive FIFO was full'],
  ['uartErrors', 'bytes whose stop bit was low (framing errors on the line)'],
] as const;
export type LinkCounter = (typeof LINK_COUNTERS)[number][0];

const none = (): number => 0;

/** Link-level commands, answered by the command processor itself. Parameters: the link's identification. */
export interface LinkIdentity {
  coreId: number;
  paramHash: number;
  maxWords: number;
  clocksPerBit: number;
}

export const IDENTIFY_RESULTS = ['magic', 'version', 'coreId', 'paramHash', 'maxWords', 'clocksPerBit'] as const;

export const linkCommands: CommandSet<LinkIdentity> = [
  {
    name: 'IDENTIFY',
    opcode: LINK_OPCODES.IDENTIFY,
    doc: 'Who is there: magic, protocol version, core id, parameter hash, frame size, clocks per bit. No arguments.',
    args: [],
    results: [
      { name: 'magic', word: 0, lsb: 0, bits: 32, signed: false, doc: `0x${LINK_MAGIC.toString(16)} ("dwlk")` },
      { name: 'version', word: 1, lsb: 0, bits: 32, signed: false, doc: `protocol version (${LINK_PROTOCOL_VERSION})` },
      { name: 'coreId', word: 2, lsb: 0, bits: 32, signed: false, doc: 'first 4 bytes (big endian) of sha256 of the attached core\'s name' },
      { name: 'paramHash', word: 3, lsb: 0, bits: 32, signed: false, doc: 'first 4 bytes (big endian) of sha256 of the stable JSON of {core, params, link}' },
      { name: 'maxWords', word: 4, lsb: 0, bits: 32, signed: false, doc: 'most words (header included) a command or response frame may hold' },
      { name: 'clocksPerBit', word: 5, lsb: 0, bits: 32, signed: false, doc: 'UART clocks per bit the target was built with' },
    ],
    argWords: none,
    resultWords: () => IDENTIFY_RESULTS.length,
  },
  {
    name: 'STATUS',
    opcode: LINK_OPCODES.STATUS,
    doc: 'Link counters (32-bit, wrapping; cleared by a reset of the target, not by RESET). No arguments.',
    args: [],
    results: LINK_COUNTERS.map(([name, doc], i) => ({ name, word: i, lsb: 0, bits: 32, signed: false, doc })),
    argWords: none,
    resultWords: () => LINK_COUNTERS.length,
  },
  {
    name: 'RESET',
    opcode: LINK_OPCODES.RESET,
    doc: "Reset the attached core (one cycle of its rst). The link's counters and stored response survive. No arguments, no results.",
    args: [],
    results: [],
    argWords: none,
    resultWords: none,
  },
  {
    name: 'ECHO',
    opcode: LINK_OPCODES.ECHO,
    doc: 'Return the argument words unchanged (any number up to maxWords - 1): a link test that touches no core state.',
    args: [{ name: 'data', word: 0, lsb: 0, bits: 32, signed: false, doc: 'any words (repeated)' }],
    results: [{ name: 'data', word: 0, lsb: 0, bits: 32, signed: false, doc: 'the argument words' }],
    argWords: (_p, fixed) => fixed.length,
    resultWords: (_p, args) => args.length,
  },
  {
    name: 'CYCLES',
    opcode: LINK_OPCODES.CYCLES,
    doc: 'Clock cycles since the target\'s reset (32-bit, wrapping): for throughput measurements. Timing-dependent, so a check (--check) does not compare its result. No arguments.',
    args: [],
    results: [{ name: 'cycles', word: 0, lsb: 0, bits: 32, signed: false, doc: 'cycles since reset' }],
    argWords: none,
    resultWords: () => 1,
  },
];

/** Response words of a link-level command (the definition the RTL and the model follow). */
export function linkResponse(id: LinkIdentity, counters: Record<LinkCounter, number>, words: readonly number[], cycles = 0): number[] {
  const { code: op, length } = parseHeader(words[0]!);
  const args = words.slice(1);
  const def = linkCommands.find((c) => c.opcode === op);
  if (!def) return [header(STATUS.UNKNOWN_OPCODE, 0)];
  if (def.opcode !== LINK_OPCODES.ECHO && length !== 0) return [header(STATUS.BAD_LENGTH, 0)];
  switch (op) {
    case LINK_OPCODES.IDENTIFY: {
      const r = [LINK_MAGIC, LINK_PROTOCOL_VERSION, id.coreId, id.paramHash, id.maxWords, id.clocksPerBit];
      return [header(STATUS.OK, r.length), ...r];
    }
    case LINK_OPCODES.STATUS: {
      const r = LINK_COUNTERS.map(([k]) => counters[k] >>> 0);
      return [header(STATUS.OK, r.length), ...r];
    }
    case LINK_OPCODES.RESET:
      return [header(STATUS.OK, 0)];
    case LINK_OPCODES.CYCLES:
      return [header(STATUS.OK, 1), cycles >>> 0];
    default:
      return [header(STATUS.OK, args.length), ...args];
  }
}

export function isLinkOpcode(op: number): boolean {
  return op >= LINK_OPCODE_BASE;
}

/** The union of the link's commands and a core's: what a host script may name. */
export function allCommands(core: CommandSet<any>): CommandDef<any>[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  for (const c of core) if (isLinkOpcode(c.opcode)) throw new Error(`core command ${c.name} uses link opcode 0x${c.opcode.toString(16)}`);
  return [...linkCommands, ...core];
}
