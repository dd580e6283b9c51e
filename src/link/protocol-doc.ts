// host/PROTOCOL.md, generated from protocol.ts and the attachable cores' CommandSets (a test checks the checked-in
// file equals this output): everything a third party needs to write a client.
import type { CommandDef } from '../semantics/command-port.ts';
import { STATUS } from '../semantics/command-port.ts';
import { attachableCores } from './attach.ts';
import { CRC32, FRAME_DELIMITER, LINK_COUNTERS, LINK_MAGIC, LINK_OPCODE_BASE, LINK_PROTOCOL_VERSION, LINK_STATUS, linkCommands, linkDefaults, UNCOMPARED_OPCODES, cobsEncode, frameBody, encodeFrame } from './protocol.ts';
import { header } from '../semantics/command-port.ts';

const hex = (n: number, w = 2) => '0x' + n.toString(16).padStart(w, '0');

function commandTable(cmds: readonly CommandDef<any>[]): string[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  const out: string[] = [];
  for (const c of cmds) {
    out.push(`#### ${c.name} (opcode ${hex(c.opcode)})`, '', c.doc, '');
    const fields = (title: string, fs: CommandDef['args']) => {
      if (!fs.length) return out.push(`${title}: none.`, '');
      out.push(`${title}:`, '', '| word | bits | field | signed | meaning |', '|---|---|---|---|---|');
      for (const f of fs) out.push(`| ${f.word} | ${f.lsb + f.bits - 1}:${f.lsb} | ${f.name} | ${f.signed ? 'yes' : 'no'} | ${f.doc} |`);
      out.push('');
      return 0;
    };
    fields('Arguments', c.args);
    fields('Results', c.results);
  }
  return out;
}

export function protocolDoc(): string {
  const example = [header(0xf0, 0)];
  const body = frameBody(1, example);
  const lines = [
    '# dwtwin serial link protocol',
    '',
    `Generated from \`src/link/protocol.ts\` by \`dwtwin protocol-doc\` (a test checks this file matches). Protocol version ${LINK_PROTOCOL_VERSION}.`,
    '',
    '## Physical layer',
    '',
    `UART 8N1 (8 data bits, LSB first, no parity, one stop bit). The board build (iCEBreaker) runs at 115200 baud from a 12 MHz clock (${linkDefaults.clocksPerBit} clocks per bit). A Verilator target is a pseudo-terminal; its baud setting is ignored.`,
    '',
    '## Frames',
    '',
    'Every message, in both directions, is one frame:',
    '',
    '```',
    'body  = seq (1 byte) | word_0 .. word_{n-1} (4 bytes each, little endian) | crc (4 bytes, little endian)',
    `frame = COBS(body) | ${hex(FRAME_DELIMITER)}`,
    '```',
    '',
    `- **COBS** (consistent overhead byte stuffing) removes every ${hex(FRAME_DELIMITER)} from the body: the body is cut into blocks at each zero byte and after 254 non-zero bytes; each block is sent as a code byte (block length + 1; ${hex(0xff)} for a full 254-byte block, which implies no zero) followed by its non-zero bytes; a block with code < ${hex(0xff)} stands for its bytes followed by one zero, except the last block of the frame. Encoders must produce the canonical form: after a full 254-byte block that ends exactly at the end of the body, nothing follows.`,
    `- **CRC**: CRC-32/ISO-HDLC (the zlib/Ethernet CRC: reflected polynomial ${hex(CRC32.poly, 8)}, initial value ${hex(CRC32.init, 8)}, final xor ${hex(CRC32.xorOut, 8)}) over seq and the words. Equivalently, the CRC register (without final xor) over the whole body including the CRC is ${hex(CRC32.residue, 8)}. CRC-32 rather than CRC-16: at 1e5 commands with 1 % faulty bytes some 3e4 frames are corrupted; a 16-bit CRC would accept about 2^-16 of them.`,
    '- **seq**: a sequence number chosen by the host. The host increments it (mod 256) for each new command and repeats it when it retransmits a command. The target executes a frame whose seq differs from the last executed frame\'s; a frame with the same seq as the last executed one is answered with the stored response of that command, without executing it again.',
    `- The host sends one extra ${hex(FRAME_DELIMITER)} before every frame: it terminates whatever garbage the target may have received since the last frame (that garbage gets an error response, which the host ignores by its seq). An empty frame (two delimiters in a row) is ignored and gets no response. The target also starts each response with a ${hex(FRAME_DELIMITER)}.`,
    '',
    `Example: IDENTIFY with seq 1: words [${example.map((w) => hex(w, 8)).join(', ')}], body \`${Buffer.from(body).toString('hex')}\`, COBS \`${Buffer.from(cobsEncode(body)).toString('hex')}\`, on the wire \`00 ${Buffer.from(encodeFrame(1, example)).toString('hex')}\`.`,
    '',
    '## Commands and responses',
    '',
    'A command frame carries exactly one command: a header word `opcode << 24 | n` followed by n argument words (so the frame holds n + 1 words). Every command frame gets exactly one response frame with the same seq: a header word `status << 24 | m` followed by m result words.',
    '',
    `Opcodes ${hex(LINK_OPCODE_BASE)}..0xff are the link's own (answered by the target's command processor); all others are forwarded unchanged to the attached core's command port, which answers them (its command set is below).`,
    '',
    '### Statuses',
    '',
    '| status | name | meaning |',
    '|---|---|---|',
    `| ${hex(STATUS.OK)} | OK | success |`,
    `| ${hex(STATUS.UNKNOWN_OPCODE)} | UNKNOWN_OPCODE | no such command (all its argument words were consumed) |`,
    `| ${hex(STATUS.BAD_LENGTH)} | BAD_LENGTH | wrong number of argument words for this command |`,
    `| ${hex(STATUS.ARG_OUT_OF_RANGE)} | ARG_OUT_OF_RANGE | an argument is out of range; nothing was changed |`,
    '| 0x10..0x7f | (core) | core-specific statuses |',
    `| ${hex(LINK_STATUS.BAD_CRC)} | BAD_CRC | the frame's CRC did not check; the response's seq is the frame's first body byte (untrusted). Retransmit. |`,
    `| ${hex(LINK_STATUS.BAD_FRAME)} | BAD_FRAME | a COBS block was cut short by the delimiter, or the body is not seq + n >= 1 words + CRC. Retransmit. |`,
    `| ${hex(LINK_STATUS.TOO_LONG)} | TOO_LONG | the frame holds more words than the target's buffer (IDENTIFY's maxWords). |`,
    `| ${hex(LINK_STATUS.BAD_LENGTH)} | LINK_BAD_LENGTH | the header's n differs from the number of words in the frame minus one. |`,
    '',
    'Responses with a status of 0x80 or more carry no results and mean the command was not executed. The target never stops answering: any byte sequence gets at most one response per delimiter-terminated non-empty frame.',
    '',
    '### Client algorithm (what `src/host/link-client.ts` does)',
    '',
    '1. Send `0x00`, then the frame. 2. Read bytes, split at `0x00`, decode each non-empty frame (COBS, CRC); ignore frames that do not decode or whose seq differs from the command\'s. 3. A matching response with status BAD_CRC or BAD_FRAME: retransmit at once with the same seq. 4. No matching response within the timeout: retransmit with the same seq (at most the retry limit, then give up). 5. On connecting, send IDENTIFY and check magic, version, core id and parameter hash.',
    '',
    '### Link commands',
    '',
    `IDENTIFY's magic is ${hex(LINK_MAGIC, 8)}. STATUS counters, in order: ${LINK_COUNTERS.map(([k]) => k).join(', ')}. Commands whose results depend on timing and are not compared by \`--check\`: ${UNCOMPARED_OPCODES.map((o) => linkCommands.find((c) => c.opcode === o)!.name).join(', ')}.`,
    '',
    ...commandTable(linkCommands),
    '## Attached cores',
    '',
  ];
  for (const c of attachableCores) {
    lines.push(`### ${c.name}`, '', `${c.doc}. Default parameters: \`${JSON.stringify(c.defaults)}\`.`, '', ...commandTable(c.commands));
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}
