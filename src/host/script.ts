// Host command scripts: one step per line, `NAME arg ...` (a command of the link or the attached core, by name;
// the header word is built from its opcode and the number of arguments), `WORDS w0 w1 ...` (raw words, header
// included), `BYTES hex` (raw bytes sent as they are: malformed frames, garbage). Numbers are decimal, 0x hex or
// negative (two's complement, 32 bits). `#` starts a comment. `selftest` is a built-in script per core.
import { readFileSync } from 'node:fs';
import { InputError } from '../base/errors.ts';
import { draw32 } from '../base/rng.ts';
import { allCommands, encodeFrame, frameBody, cobsEncode, LINK_OPCODES } from '../link/protocol.ts';
import type { CommandSet } from '../semantics/command-port.ts';
import { header } from '../semantics/command-port.ts';
import { MAC16_OPCODES, type Mac16CmdParams } from '../semantics/mac16-commands.ts';

export type Step = { kind: 'command'; name: string; words: number[]; line: number } | { kind: 'bytes'; name: string; bytes: Uint8Array; line: number };

function num(tok: string, where: string): number {
  const v = tok.startsWith('-') ? -Number(tok.slice(1)) : Number(tok);
  if (!Number.isInteger(v) || v < -0x80000000 || v > 0xffffffff) throw new InputError(`${where}: expected a 32-bit integer, got ${JSON.stringify(tok)}`);
  return v >>> 0;
}

export function parseScript(text: string, file: string, core: CommandSet<any>): Step[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  const cmds = allCommands(core);
  const steps: Step[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return;
    const where = `${file}:${i + 1}`;
    const [name, ...toks] = line.split(/\s+/);
    const upper = name!.toUpperCase();
    if (upper === 'BYTES') {
      const hex = toks.join('');
      if (!/^([0-9a-fA-F]{2})+$/.test(hex)) throw new InputError(`${where}: BYTES expects hex bytes, got ${JSON.stringify(hex)}`);
      steps.push({ kind: 'bytes', name: 'BYTES', bytes: Uint8Array.from(Buffer.from(hex, 'hex')), line: i + 1 });
      return;
    }
    const args = toks.map((t) => num(t, where));
    if (upper === 'WORDS') {
      if (!args.length) throw new InputError(`${where}: WORDS needs at least the header word`);
      steps.push({ kind: 'command', name: 'WORDS', words: args, line: i + 1 });
      return;
    }
    const def = cmds.find((c) => c.name === upper);
    if (!def) throw new InputError(`${where}: unknown command ${JSON.stringify(name)} (known: ${cmds.map((c) => c.name).join(', ')}, WORDS, BYTES)`);
    steps.push({ kind: 'command', name: def.name, words: [header(def.opcode, args.length), ...args], line: i + 1 });
  });
  if (!steps.length) throw new InputError(`${file}: the script has no steps`);
  return steps;
}

export function readScript(path: string, core: CommandSet<any>): Step[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`--script: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return parseScript(text, path, core);
}

const cmd = (name: string, words: number[]): Step => ({ kind: 'command', name, words, line: 0 });

/**
 * The built-in self test for the mac16cmd core: every command, its error paths, the link's commands, retransmission
 * (a frame repeated with the same seq must not execute twice: MAC keep makes a second execution visible) and
 * malformed frames (bad CRC, cut-short COBS, too long, header length mismatch, garbage). Seeded, deterministic.
 */
export function selftestMac16(p: Mac16CmdParams, maxWords: number, seed = 1): Step[] {
  const s: Step[] = [];
  const r = (i: number) => draw32(seed, 0x5e1f, i);
  let k = 0;
  s.push(cmd('IDENTIFY', [header(LINK_OPCODES.IDENTIFY, 0)]));
  s.push(cmd('INFO', [header(MAC16_OPCODES.INFO, 0)]));
  s.push(cmd('ECHO', [header(LINK_OPCODES.ECHO, 6), 0, 0xffffffff, 0x00ff00ff, 0x12000034, 1, 0x80000000]));
  const wmask = (1 << p.dataWidth) - 1;
  const n = Math.min(p.depth, maxWords - 2, 32);
  for (let lane = 0; lane < p.lanes; lane++) {
    const data = Array.from({ length: n }, () => r(k++) & wmask);
    s.push(cmd('WRITE', [header(MAC16_OPCODES.WRITE, n + 1), lane << 16, ...data]));
  }
  for (let t = 0; t < 4; t++) {
    const count = 1 + (r(k++) % n);
    const addr = r(k++) % (n - count + 1);
    const xs = Array.from({ length: count }, () => r(k++) & wmask);
    s.push(cmd('MAC', [header(MAC16_OPCODES.MAC, count + 1), (t % 2 ? 1 << 31 : 0) | addr, ...xs]));
  }
  // Errors the core answers.
  s.push(cmd('WRITE', [header(MAC16_OPCODES.WRITE, 2), p.lanes << 16, 1])); // lane out of range
  s.push(cmd('MAC', [header(MAC16_OPCODES.MAC, 3), p.depth - 1, 1, 1])); // past the end
  s.push(cmd('MAC', [header(MAC16_OPCODES.MAC, 0)])); // no address word
  s.push(cmd('INFO', [header(MAC16_OPCODES.INFO, 1), 7])); // INFO takes no arguments
  s.push(cmd('WORDS', [header(0x55, 2), 1, 2])); // unknown core opcode
  s.push(cmd('WORDS', [header(0xfe, 1), 9])); // unknown link opcode
  s.push(cmd('STATUS', [header(LINK_OPCODES.STATUS, 1), 0])); // STATUS takes no arguments
  // Link-level malformed frames (each answered by an error response).
  const good = encodeFrame(0x77, [header(MAC16_OPCODES.INFO, 0)]);
  const badCrc = Uint8Array.from(good);
  badCrc[3] ^= 0x40;
  s.push({ kind: 'bytes', name: 'BYTES bad CRC', bytes: Uint8Array.from([0, ...badCrc]), line: 0 });
  s.push({ kind: 'bytes', name: 'BYTES cut short', bytes: Uint8Array.from([0, 0x09, 1, 2, 3, 0]), line: 0 });
  s.push({ kind: 'bytes', name: 'BYTES length mismatch', bytes: Uint8Array.from([0, ...encodeFrame(0x78, [header(MAC16_OPCODES.INFO, 3)])]), line: 0 });
  s.push({ kind: 'bytes', name: 'BYTES short body', bytes: Uint8Array.from([0, ...cobsEncode(frameBody(0x79, []).subarray(0, 5)), 0]), line: 0 });
  const tooLong = Array.from({ length: maxWords + 2 }, (_, i) => i + 1);
  s.push({ kind: 'bytes', name: 'BYTES too long', bytes: Uint8Array.from([0, ...encodeFrame(0x7a, tooLong)]), line: 0 });
  s.push({ kind: 'bytes', name: 'BYTES garbage', bytes: Uint8Array.from([0, 0x13, 0x37, 0xfe, 0x01, 0x02, 0]), line: 0 });
  // A MAC with keep, then the same frame again (same seq): answered from the stored response, executed once.
  const keep = [header(MAC16_OPCODES.MAC, 3), (1 << 31) | 0, 1, 1];
  const rep = encodeFrame(0x7b, keep);
  s.push({ kind: 'bytes', name: 'BYTES MAC keep', bytes: Uint8Array.from([0, ...rep]), line: 0 });
  s.push({ kind: 'bytes', name: 'BYTES MAC keep (retransmitted)', bytes: Uint8Array.from([0, ...rep]), line: 0 });
  s.push(cmd('MAC', [header(MAC16_OPCODES.MAC, 2), (1 << 31) | 0, 0]));
  s.push(cmd('RESET', [header(LINK_OPCODES.RESET, 0)]));
  s.push(cmd('MAC', [header(MAC16_OPCODES.MAC, 2), (1 << 31) | 0, 0]));
  s.push(cmd('STATUS', [header(LINK_OPCODES.STATUS, 0)]));
  s.push(cmd('CYCLES', [header(LINK_OPCODES.CYCLES, 0)]));
  return s;
}
